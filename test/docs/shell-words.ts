/**
 * The words of one shell command as a shell would split them, far enough for documented commands:
 * quotes ('...', "...") are removed, `$(...)`, `${...}`, `${{ ... }}` (GitHub expressions) and
 * `<placeholder text>` stay one word each, and the command ends at what ends a simple command
 * (`;`, `&&`, `||`, `|`, `&`, a `#` comment, a redirection, an unmatched `)` or `(`).
 */

const ENDS_COMMAND = new Set([";", "&", "|", ")", "(", "`"]);

/** The words of the command starting at `text[0]`, up to where the shell would end it. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let i = 0;
  const push = () => {
    if (inWord) words.push(word);
    word = "";
    inWord = false;
  };
  /** Copies a balanced group (open ... close, nesting `open`) verbatim; returns the index after it. */
  const group = (open: string, close: string): number => {
    let depth = 0;
    let j = i;
    while (j < text.length) {
      if (text.startsWith(open, j)) {
        depth++;
        j += open.length;
      } else if (text.startsWith(close, j)) {
        depth--;
        j += close.length;
        if (depth === 0) break;
      } else j++;
    }
    word += text.slice(i, j);
    inWord = true;
    return j;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      push();
      i++;
    } else if (c === "#" && !inWord) {
      break;
    } else if ((c === ">" || (c === "<" && !/^<[^<>|;&]+>/.test(text.slice(i)))) && !inWord) {
      break;
    } else if (ENDS_COMMAND.has(c)) {
      break;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      word += end < 0 ? text.slice(i + 1) : text.slice(i + 1, end);
      inWord = true;
      i = end < 0 ? text.length : end + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === "\\" && j + 1 < text.length) j++;
        word += text[j];
        j++;
      }
      inWord = true;
      i = j + 1;
    } else if (c === "\\" && i + 1 < text.length) {
      word += text[i + 1];
      inWord = true;
      i += 2;
    } else if (text.startsWith("${{", i)) {
      i = group("${{", "}}");
    } else if (text.startsWith("$(", i)) {
      i = group("(", ")");
    } else if (text.startsWith("${", i)) {
      i = group("{", "}");
    } else if (c === "<") {
      i = group("<", ">");
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  push();
  return words;
}
