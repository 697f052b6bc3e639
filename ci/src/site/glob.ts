/**
 * A small glob matcher for site paths (POSIX, relative to the site root, no leading slash).
 *
 * Supported syntax:
 * - `*`      any run of characters inside one path segment (never `/`)
 * - `**`     as a whole segment: zero or more segments (`**\/x` matches `x` and `a/b/x`;
 *            `a/**` matches everything below `a/`); elsewhere it behaves like `*`
 * - `?`      exactly one character other than `/`
 * - `{a,b}`  alternatives (may nest and contain other wildcards)
 * - `\c`     the character `c` literally
 *
 * Dotfiles are not special (`*` matches `.nojekyll`). Character classes (`[abc]`) are not
 * supported and `[` is matched literally. Matching is case-sensitive, like object names.
 *
 * Written here rather than pulling in a dependency: the catalog needs only this subset, and
 * the module's runtime dependencies are kept to the Google clients, yaml and zod.
 */

const cache = new Map<string, RegExp>();

/** Compiles a glob to an anchored regular expression. */
export function compileGlob(pattern: string): RegExp {
  const cached = cache.get(pattern);
  if (cached) return cached;
  const compiled = new RegExp(`^${translate(pattern)}$`, "s");
  cache.set(pattern, compiled);
  return compiled;
}

/** True when `path` (POSIX, relative, no leading slash) matches `pattern`. */
export function matchGlob(pattern: string, path: string): boolean {
  return compileGlob(pattern).test(path);
}

function translate(pattern: string): string {
  let out = "";
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === "\\" && i + 1 < pattern.length) {
      out += escapeRegExp(pattern[i + 1] as string);
      i += 2;
    } else if (c === "*") {
      let end = i;
      while (pattern[end] === "*") end++;
      const run = end - i;
      const atSegmentStart = i === 0 || pattern[i - 1] === "/";
      const atSegmentEnd = end === pattern.length || pattern[end] === "/";
      if (run >= 2 && atSegmentStart && atSegmentEnd) {
        if (end === pattern.length) {
          out += ".*";
          i = end;
        } else {
          out += "(?:.*/)?";
          i = end + 1; // the "/" is part of the optional directory run
        }
      } else {
        out += "[^/]*";
        i = end;
      }
    } else if (c === "?") {
      out += "[^/]";
      i++;
    } else if (c === "{") {
      const close = findBraceEnd(pattern, i);
      const alternatives = close === -1 ? [] : splitAlternatives(pattern.slice(i + 1, close));
      if (alternatives.length < 2) {
        out += "\\{";
        i++;
      } else {
        out += `(?:${alternatives.map(translate).join("|")})`;
        i = close + 1;
      }
    } else {
      out += escapeRegExp(c);
      i++;
    }
  }
  return out;
}

/** Index of the `}` closing the `{` at `open`, or -1. */
function findBraceEnd(pattern: string, open: number): number {
  let depth = 0;
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      i++;
    } else if (c === "{") {
      depth++;
    } else if (c === "}") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Splits the inside of a brace group on its top-level commas. */
function splitAlternatives(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "\\") {
      i++;
    } else if (c === "{") {
      depth++;
    } else if (c === "}") {
      depth--;
    } else if (c === "," && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

function escapeRegExp(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
