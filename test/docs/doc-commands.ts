/**
 * Every `dagger ...` command a document shows, with the file and line it starts on:
 * - in fenced code blocks, one logical line at a time (a trailing `\` continues it), every
 *   `dagger` word that starts a command (so `# or: dagger check ...` in a comment counts too);
 * - `args:` of a `dagger/dagger-for-github` step in a fenced block, as `dagger [-m MODULE] VERB ARGS`
 *   with the step's `verb:` and `module:`;
 * - in inline code spans (which may wrap across lines of a paragraph), the same, plus spans that
 *   are an action's `args: ...` and `cloud-run-pipeline:...` check names (checked as
 *   `dagger check NAME`);
 * - in TypeScript doc comments, `Example: dagger ...` lines.
 * Which of them are `dagger call` / `dagger check` and what they name is dagger-cli.ts's job.
 */
import { shellWords } from "./shell-words.js";

export interface DocCommand {
  file: string;
  line: number;
  /** The command as written (one line, continuations joined). */
  text: string;
  /** Shell words, starting with "dagger". */
  words: string[];
  where: "code block" | "inline code" | "doc comment";
}

/** The program as a command word: not part of a path, URL or name (dagger/dagger-for-github, dagger.json). */
const commandWord = (program: string): RegExp => new RegExp(`(?<![\\w./@:-])${program}(?=\\s)`, "g");

function commandsIn(text: string, at: Omit<DocCommand, "text" | "words">, program = "dagger"): DocCommand[] {
  const found: DocCommand[] = [];
  for (const m of text.matchAll(commandWord(program))) {
    const words = shellWords(text.slice(m.index));
    if (words[0] === program && words.length > 1) found.push({ ...at, text: words.join(" "), words });
  }
  return found;
}

const unquoteYaml = (v: string): string => {
  const t = v.trim();
  return (t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")) ? t.slice(1, -1) : t;
};

/** `args: ...` of a dagger-for-github step: what the action passes after `dagger [-m MODULE] VERB`. */
function actionCommand(args: string, verb: string, module: string | undefined, at: Omit<DocCommand, "text" | "words">): DocCommand {
  const words = ["dagger", ...(module ? ["-m", module] : []), verb, ...shellWords(unquoteYaml(args))];
  return { ...at, text: words.join(" "), words };
}

const FENCE = /^\s*(`{3,}|~{3,})/;

/** Lines inside fenced blocks as logical lines (continuations joined), and the paragraphs outside them. */
function blocks(markdown: string): { fenced: Array<{ line: number; lines: Array<{ line: number; text: string }> }>; paragraphs: Array<{ line: number; text: string }> } {
  const lines = markdown.split("\n");
  const fenced: Array<{ line: number; lines: Array<{ line: number; text: string }> }> = [];
  const paragraphs: Array<{ line: number; text: string }> = [];
  let paragraph: { line: number; text: string } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (open) {
      paragraph = undefined;
      const fence = open[1]!;
      const block = { line: i + 1, lines: [] as Array<{ line: number; text: string }> };
      let logical: { line: number; text: string } | undefined;
      for (i++; i < lines.length; i++) {
        const text = lines[i]!;
        if (text.trim().startsWith(fence[0]!.repeat(fence.length)) && text.trim().replace(/[`~]/g, "") === "") break;
        if (logical) logical.text += ` ${text.trim()}`;
        else logical = { line: i + 1, text };
        if (logical.text.endsWith("\\")) logical.text = logical.text.slice(0, -1);
        else {
          block.lines.push(logical);
          logical = undefined;
        }
      }
      if (logical) block.lines.push(logical);
      fenced.push(block);
    } else if (lines[i]!.trim() === "") {
      paragraph = undefined;
    } else if (paragraph) {
      paragraph.text += `\n${lines[i]}`;
    } else {
      paragraph = { line: i + 1, text: lines[i]! };
      paragraphs.push(paragraph);
    }
  }
  return { fenced, paragraphs };
}

/** CommonMark code spans: a run of N backticks up to the next run of exactly N; `line` is where each starts. */
export function codeSpans(paragraph: { line: number; text: string }): Array<{ line: number; text: string }> {
  const spans: Array<{ line: number; text: string }> = [];
  const runs = [...paragraph.text.matchAll(/`+/g)];
  for (let r = 0; r < runs.length; r++) {
    const open = runs[r]!;
    const close = runs.findIndex((c, k) => k > r && c[0].length === open[0].length);
    if (close < 0) continue;
    const start = open.index + open[0].length;
    const text = paragraph.text.slice(start, runs[close]!.index).replace(/\n/g, " ");
    spans.push({ line: paragraph.line + (paragraph.text.slice(0, open.index).match(/\n/g)?.length ?? 0), text: text.startsWith(" ") && text.endsWith(" ") && text.trim() ? text.slice(1, -1) : text });
    r = close;
  }
  return spans;
}

const CHECK_NAME = /^cloud-run-pipeline:[\w:*-]*$/;

/** The `dagger` commands of a Markdown file, or (with `program`) those of another program, e.g. `gcloud`. */
export function markdownCommands(file: string, markdown: string, program = "dagger"): DocCommand[] {
  const daggerOnly = program === "dagger";
  const { fenced, paragraphs } = blocks(markdown);
  const found: DocCommand[] = [];
  for (const block of fenced) {
    let verb = "call";
    let module: string | undefined;
    for (const { line, text } of block.lines) {
      const at = { file, line, where: "code block" as const };
      if (/uses:\s*dagger\/dagger-for-github/.test(text)) {
        verb = "call";
        module = undefined;
      }
      const setting = /^\s*-?\s*(verb|module|args):\s*(.*)$/.exec(text);
      if (setting?.[1] === "verb") verb = unquoteYaml(setting[2]!);
      else if (setting?.[1] === "module") module = unquoteYaml(setting[2]!);
      else if (daggerOnly && setting?.[1] === "args" && block.lines.some((l) => /dagger\/dagger-for-github/.test(l.text))) found.push(actionCommand(setting[2]!, verb, module, at));
      else found.push(...commandsIn(text, at, program));
    }
  }
  for (const paragraph of paragraphs) {
    for (const span of codeSpans(paragraph)) {
      const at = { file, line: span.line, where: "inline code" as const };
      const args = daggerOnly ? /^args:\s*(.+)$/.exec(span.text) : null;
      if (args) found.push(actionCommand(args[1]!, "call", undefined, at));
      else if (daggerOnly && CHECK_NAME.test(span.text.trim())) found.push({ ...at, text: span.text.trim(), words: ["dagger", "check", span.text.trim()] });
      else found.push(...commandsIn(span.text, at, program));
    }
  }
  return found.sort((a, b) => a.line - b.line);
}

/** `Example: dagger ...` lines of doc comments in a TypeScript file. */
export function exampleCommands(file: string, source: string): DocCommand[] {
  return source.split("\n").flatMap((text, i) => {
    const example = /Example:\s*(dagger\s.*?)\s*(\*\/)?$/.exec(text);
    return example ? commandsIn(example[1]!, { file, line: i + 1, where: "doc comment" }) : [];
  });
}
