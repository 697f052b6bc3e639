// Include/exclude patterns as the Dagger 0.21 engine applies them, ported from the code it runs:
// github.com/moby/patternmatcher v0.6.1 (patternmatcher.go: New, compile, match,
// MatchesOrParentMatches, MatchesUsingParentResults), which the engine's filtered walk
// (internal/fsutil/filter.go, host directory uploads) and its copies (util/layercopy/filter.go,
// Directory.filter / withDirectory) call for every path, parents before children.
// The rules that follow: `*` and `?` stay inside one path segment, `**` spans segments, a pattern
// that matches a directory matches everything below it, and a leading `!` re-includes what an
// earlier pattern excluded (the last pattern that matches wins). Unix paths only.

/** Go's filepath.Clean for "/"-separated paths. */
export function cleanPath(path: string): string {
  if (path === "") return ".";
  const rooted = path.startsWith("/");
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!rooted) out.push("..");
      continue;
    }
    out.push(part);
  }
  const joined = (rooted ? "/" : "") + out.join("/");
  return joined === "" ? (rooted ? "/" : ".") : joined;
}

/** Go's filepath.ErrBadPattern message. */
export const BAD_PATTERN = "syntax error in pattern";

/** Go's filepath.Match(pattern, ".") error check: malformed classes and trailing backslashes. */
function checkSyntax(pattern: string): void {
  const bad = (): never => {
    throw new Error(BAD_PATTERN);
  };
  // getEsc: one (possibly escaped) class character; the class must continue after it.
  const classChar = (i: number): number => {
    if (i >= pattern.length || pattern[i] === "-" || pattern[i] === "]") bad();
    if (pattern[i] === "\\") {
      i++;
      if (i >= pattern.length) bad();
    }
    if (i + 1 >= pattern.length) bad();
    return i + 1;
  };
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    if (c === "\\") {
      if (i + 1 >= pattern.length) bad();
      i += 2;
    } else if (c === "[") {
      i++;
      if (pattern[i] === "^") i++;
      for (let ranges = 0; ; ranges++) {
        if (pattern[i] === "]" && ranges > 0) {
          i++;
          break;
        }
        i = classChar(i);
        if (pattern[i] === "-") i = classChar(i + 1);
      }
    } else {
      i++;
    }
  }
}

const ESCAPED = new Set([..."." + "+()|{}$"]);

type MatchType = "exact" | "prefix" | "suffix" | "regexp";

/** One pattern of a PatternMatcher: patternmatcher.Pattern. */
export class Pattern {
  private matchType: MatchType | undefined;
  private regexp: RegExp | undefined;

  constructor(
    /** The pattern after Clean, without its `!`. */
    readonly cleaned: string,
    readonly exclusion: boolean,
  ) {}

  /** Pattern.compile, run on first use as the engine does (a bad regexp fails the first match). */
  private compile(): void {
    const p = this.cleaned;
    let re = "^";
    let type: MatchType = "exact";
    for (let i = 0, n = 0; i < p.length; n++) {
      const c = p[i++]!;
      if (c === "*") {
        if (p[i] === "*") {
          i++;
          if (p[i] === "/") i++; // "**/" is "**"
          if (i >= p.length) {
            if (type === "exact") type = "prefix";
            else {
              re += ".*";
              type = "regexp";
            }
          } else {
            re += "(.*/)?";
            type = "regexp";
          }
          if (n === 0) type = "suffix";
        } else {
          re += "[^/]*";
          type = "regexp";
        }
      } else if (c === "?") {
        re += "[^/]";
        type = "regexp";
      } else if (ESCAPED.has(c)) {
        re += "\\" + c;
      } else if (c === "\\") {
        if (i < p.length) {
          re += "\\" + p[i++]!;
          type = "regexp";
        } else {
          re += "\\\\";
        }
      } else if (c === "[" || c === "]") {
        re += c;
        type = "regexp";
      } else {
        re += c;
      }
    }
    if (type === "regexp") {
      try {
        this.regexp = new RegExp(re + "$");
      } catch {
        throw new Error(BAD_PATTERN);
      }
    }
    this.matchType = type;
  }

  /** Pattern.match on a slash-separated relative path. */
  match(path: string): boolean {
    if (this.matchType === undefined) this.compile();
    switch (this.matchType!) {
      case "exact": return path === this.cleaned;
      case "prefix": return path.startsWith(this.cleaned.slice(0, -2));
      case "suffix": {
        const suffix = this.cleaned.slice(2);
        if (path.endsWith(suffix)) return true;
        return suffix.startsWith("/") && path === suffix.slice(1);
      }
      case "regexp": return this.regexp!.test(path);
    }
  }
}

/** Per pattern: whether it matched the directory (or an ancestor), as the walk hands it down. */
export type MatchInfo = readonly boolean[] | undefined;

/** patternmatcher.PatternMatcher. New() throws what the engine rejects. */
export class PatternMatcher {
  readonly patterns: Pattern[] = [];
  readonly exclusions: boolean;

  constructor(patterns: readonly string[]) {
    let exclusions = false;
    for (const raw of patterns) {
      let p = raw.trim();
      if (p === "") continue;
      p = cleanPath(p);
      let exclusion = false;
      if (p.startsWith("!")) {
        if (p.length === 1) throw new Error('illegal exclusion pattern: "!"');
        exclusion = true;
        exclusions = true;
        p = p.slice(1);
      }
      checkSyntax(p);
      this.patterns.push(new Pattern(p, exclusion));
    }
    this.exclusions = exclusions;
  }

  /** MatchesOrParentMatches: the path or one of its parents matches, and no later `!` undoes it. */
  matchesOrParentMatches(path: string): boolean {
    const parents = parentPrefixes(path);
    let matched = false;
    for (const pattern of this.patterns) {
      if (pattern.exclusion !== matched) continue;
      const match = pattern.match(path) || parents.some((parent) => pattern.match(parent));
      if (match) matched = !pattern.exclusion;
    }
    return matched;
  }

  /**
   * MatchesUsingParentResults: as the engine's walks call it, with the parent directory's
   * MatchInfo (undefined for the walk's first level, which then checks parents itself).
   */
  matchesUsingParentResults(path: string, parent: MatchInfo): { matched: boolean; info: boolean[] } {
    const parents = parent === undefined ? parentPrefixes(path) : [];
    let matched = false;
    const info = this.patterns.map(() => false);
    this.patterns.forEach((pattern, i) => {
      let match = parent?.[i] ?? false;
      if (!match) {
        if (pattern.exclusion !== matched) return;
        match = pattern.match(path) || (parent === undefined && parents.some((p) => pattern.match(p)));
      }
      info[i] = match;
      if (match) matched = !pattern.exclusion;
    });
    return { matched, info };
  }
}

/** "a/b/c" -> ["a", "a/b"]. */
function parentPrefixes(path: string): string[] {
  const parts = path.split("/");
  return parts.slice(0, -1).map((_, n) => parts.slice(0, n + 1).join("/"));
}

/** fsutil's patternWithoutTrailingGlob: the pattern without a trailing "/**" or "/*". */
export function withoutTrailingGlob(pattern: Pattern): string {
  const s = pattern.cleaned;
  if (s.endsWith("/**")) return s.slice(0, -3);
  return s.endsWith("/*") ? s.slice(0, -2) : s;
}

const PATTERN_CHARS = /[*[\]?^\\]/;

/**
 * fsutil's walk optimization (filter.go): a directory that does not match may be skipped
 * whole when every pattern of the given kind is a plain prefix and none lies below it.
 */
export function canSkipDirectory(matcher: PatternMatcher, dir: string, wanted: "include" | "exclusion"): boolean {
  const relevant = matcher.patterns.filter((p) => p.exclusion === (wanted === "exclusion"));
  if (relevant.some((p) => PATTERN_CHARS.test(withoutTrailingGlob(p)))) return false;
  if (wanted === "exclusion" && !matcher.exclusions) return true;
  return !relevant.some((p) => (withoutTrailingGlob(p) + "/").startsWith(dir + "/"));
}

/**
 * Host.directory's own preprocessing of include/exclude (core/schema/host.go): the `!` is cut,
 * a pattern that is not local (absolute, empty, escaping with "..") is dropped, the rest is
 * cleaned, "." becomes "*", and the `!` goes back on.
 */
export function hostPatterns(patterns: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const raw of patterns ?? []) {
    const negative = raw.startsWith("!");
    const body = negative ? raw.slice(1) : raw;
    if (!isLocal(body)) continue;
    const cleaned = cleanPath(body);
    out.push((negative ? "!" : "") + (cleaned === "." ? "*" : cleaned));
  }
  return out;
}

/** Go's filepath.IsLocal on Unix. */
function isLocal(path: string): boolean {
  if (path === "" || path.startsWith("/")) return false;
  const cleaned = cleanPath(path);
  return cleaned !== ".." && !cleaned.startsWith("../");
}

/** The include and exclude matchers of one filtered walk or copy; errors as the engine words them. */
export interface PathFilter {
  include?: PatternMatcher;
  exclude?: PatternMatcher;
}

export function pathFilter(include: readonly string[] | undefined, exclude: readonly string[] | undefined, wrap = false): PathFilter {
  const make = (patterns: readonly string[] | undefined, kind: string): PatternMatcher | undefined => {
    if (!patterns || patterns.length === 0) return undefined;
    try {
      return new PatternMatcher(patterns);
    } catch (e) {
      if (!wrap) throw e;
      throw new Error(`invalid ${kind}patterns: [${patterns.join(" ")}]: ${(e as Error).message}`);
    }
  };
  return { include: make(include, "include"), exclude: make(exclude, "exclude") };
}

/** Per-directory match state handed down a walk (include and exclude MatchInfo). */
export interface WalkState {
  include: MatchInfo;
  exclude: MatchInfo;
}

/** Whether `relPath` is kept, given its parent directory's state; also the state for its children. */
export function filterStep(filter: PathFilter, relPath: string, parent: WalkState | undefined): {
  included: boolean; excluded: boolean; state: WalkState;
} {
  const inc = filter.include?.matchesUsingParentResults(relPath, parent?.include);
  const exc = filter.exclude?.matchesUsingParentResults(relPath, parent?.exclude);
  return {
    included: inc?.matched ?? true,
    excluded: exc?.matched ?? false,
    state: { include: inc?.info, exclude: exc?.info },
  };
}

/** True if `pattern` matches `relPath` itself or one of its parent directories. */
export function matchesPattern(pattern: string, relPath: string): boolean {
  return new PatternMatcher([pattern]).matchesOrParentMatches(relPath);
}

/** True if `relPath` matches the whole pattern (no parent-directory matching), as `glob` matches (Pattern.Match). */
export function matchesExactly(pattern: string, relPath: string): boolean {
  const [p] = new PatternMatcher([pattern]).patterns;
  if (p === undefined) throw new Error("failed to create glob pattern matcher: empty pattern");
  return p.match(relPath) && !p.exclusion;
}

/**
 * Whether a file at `relPath` survives an include/exclude filter, evaluated as a copy walks to
 * it: every parent directory first, each handing its match state down.
 */
export function passesFilter(
  relPath: string,
  include: readonly string[] | undefined,
  exclude: readonly string[] | undefined,
): boolean {
  const filter = pathFilter(include, exclude);
  const parts = relPath.split("/");
  let state: WalkState | undefined;
  let kept = true;
  for (let n = 1; n <= parts.length; n++) {
    const step = filterStep(filter, parts.slice(0, n).join("/"), state);
    state = step.state;
    kept = step.included && !step.excluded;
  }
  return kept;
}
