// Include/exclude patterns as Dagger applies them to directories (BuildKit's fsutil rules, the
// same as .dockerignore): `*` and `?` stay inside one path segment, `**` spans segments, a
// pattern that matches a directory matches everything below it, and in exclude lists a
// leading `!` re-includes what an earlier pattern excluded (the last matching pattern wins).

function globToRegExp(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*") {
      if (pattern[i + 1] === "*") {
        const slashAfter = pattern[i + 2] === "/";
        re += slashAfter ? "(?:.*/)?" : ".*";
        i += slashAfter ? 2 : 1;
      } else {
        re += "[^/]*";
      }
    } else if (c === "?") {
      re += "[^/]";
    } else if (c === "[") {
      const close = pattern.indexOf("]", i + 1);
      if (close < 0) {
        re += "\\[";
      } else {
        re += "[" + pattern.slice(i + 1, close).replace(/^!/, "^") + "]";
        i = close;
      }
    } else {
      re += c.replace(/[.+^${}()|\\]/g, "\\$&");
    }
  }
  return new RegExp(`^${re}$`);
}

function normalize(pattern: string): string {
  return pattern.replace(/^\.\//, "").replace(/^\/+/, "").replace(/\/+$/, "");
}

/** True if `pattern` matches `relPath` itself or one of its parent directories. */
export function matchesPattern(pattern: string, relPath: string): boolean {
  const normalized = normalize(pattern);
  if (normalized === "" || normalized === ".") return true;
  const re = globToRegExp(normalized);
  const segments = relPath.split("/");
  for (let n = 1; n <= segments.length; n++) {
    if (re.test(segments.slice(0, n).join("/"))) return true;
  }
  return false;
}

/** True if `relPath` matches the whole pattern (no parent-directory matching), for `glob`. */
export function matchesExactly(pattern: string, relPath: string): boolean {
  return globToRegExp(normalize(pattern)).test(relPath);
}

export function isExcluded(exclude: readonly string[], relPath: string): boolean {
  let excluded = false;
  for (const pattern of exclude) {
    if (pattern.startsWith("!")) {
      if (matchesPattern(pattern.slice(1), relPath)) excluded = false;
    } else if (matchesPattern(pattern, relPath)) {
      excluded = true;
    }
  }
  return excluded;
}

/** Whether a file at `relPath` survives an include/exclude filter. */
export function passesFilter(
  relPath: string,
  include: readonly string[] | undefined,
  exclude: readonly string[] | undefined,
): boolean {
  if (include && include.length > 0 && !include.some((p) => matchesPattern(p, relPath))) {
    return false;
  }
  return !isExcluded(exclude ?? [], relPath);
}
