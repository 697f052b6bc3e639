// The fake's include/exclude rules against the engine code they port: moby/patternmatcher v0.6.1
// (New, compile, MatchesUsingParentResults), internal/fsutil/filter.go (the upload walk and its
// directory skipping) and core/schema/host.go (Host.directory's pattern preprocessing).
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dag } from "@dagger.io/dagger";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeDaggerSession, type FakeDaggerSession } from "../../support/dagger/index.js";
import {
  BAD_PATTERN, canSkipDirectory, cleanPath, hostPatterns, matchesExactly, passesFilter, PatternMatcher,
} from "../../support/dagger/patterns.js";
import { MODULE_SOURCE_IGNORE } from "../../module/harness.js";

const excluded = (patterns: string[], path: string): boolean => !passesFilter(path, undefined, patterns);

describe("fake dagger patterns: moby/patternmatcher semantics", () => {
  it("cleans patterns as filepath.Clean does before matching", () => {
    expect(cleanPath("./docs/")).toBe("docs");
    expect(cleanPath("a//b/../c")).toBe("a/c");
    expect(excluded(["./docs/"], "docs/index.md")).toBe(true);
  });

  it("lets the last matching pattern win, ! re-including and a later pattern excluding again", () => {
    const patterns = [".git/*", "!.git/refs", ".git/refs/remotes"];
    expect(excluded(patterns, ".git/index")).toBe(true);
    expect(excluded(patterns, ".git/refs/heads/main")).toBe(false);
    expect(excluded(patterns, ".git/refs/remotes/origin/main")).toBe(true);
  });

  it("covers a directory's contents when the pattern matches the directory", () => {
    expect(excluded([".git/objects"], ".git/objects/pack/pack-1.idx")).toBe(true);
    expect(excluded([".git/*"], ".git/lfs/objects/ab/cd")).toBe(true);
    expect(excluded([".git/*"], ".git")).toBe(false);
  });

  it("matches a leading ** at any depth, including the top level, and a trailing ** as a prefix", () => {
    expect(excluded(["**/node_modules"], "node_modules/x/index.js")).toBe(true);
    expect(excluded(["**/node_modules"], "ci/node_modules/x/index.js")).toBe(true);
    expect(excluded(["**/node_modules"], "ci/my_node_modules/x.js")).toBe(false);
    expect(excluded(["docs/**"], "docs/a/b.md")).toBe(true);
    expect(excluded(["docs/**"], "docs")).toBe(false);
  });

  it("negates a class with ^ only: [!a] is the class of ! and a, as in Go", () => {
    expect(excluded(["file[^a].txt"], "fileb.txt")).toBe(true);
    expect(excluded(["file[!a].txt"], "fileb.txt")).toBe(false);
    expect(excluded(["file[!a].txt"], "file!.txt")).toBe(true);
  });

  it("keeps * and ? inside one segment", () => {
    expect(excluded(["gha-creds-*.json"], "gha-creds-1a2b.json")).toBe(true);
    expect(excluded(["gha-creds-*.json"], "sub/gha-creds-1a2b.json")).toBe(false);
    expect(excluded(["a?c"], "a/c")).toBe(false);
  });

  it("rejects a bare ! and malformed patterns as patternmatcher.New does", () => {
    expect(() => new PatternMatcher(["!"])).toThrow('illegal exclusion pattern: "!"');
    for (const bad of ["[", "a\\", "[]", "[a-]", "[^]", "x[ab"]) expect(() => new PatternMatcher([bad]), bad).toThrow(BAD_PATTERN);
    expect(() => new PatternMatcher(["  ", "[ab]", "a\\*"])).not.toThrow();
  });

  it("fails a reversed range at its first match, where Go compiles the regexp", () => {
    const pm = new PatternMatcher(["[z-a]"]);
    expect(() => pm.matchesOrParentMatches("m")).toThrow(BAD_PATTERN);
  });

  it("hands match state down a walk: a ! pattern only checks the path itself once a parent was seen", () => {
    // The engine's walks use MatchesUsingParentResults: "!a" was skipped at "a" (nothing matched
    // yet), so at "a/b" it is tested against "a/b" alone and does not match.
    expect(excluded(["a/b", "!a"], "a/b/c")).toBe(true);
    expect(new PatternMatcher(["a/b", "!a"]).matchesOrParentMatches("a/b/c")).toBe(false);
  });

  it("globs with one whole-path pattern and no parent matching", () => {
    expect(matchesExactly("services/*.yaml", "services/alie.yaml")).toBe(true);
    expect(matchesExactly("services", "services/alie.yaml")).toBe(false);
    expect(() => matchesExactly("  ", "x")).toThrow("empty pattern");
  });
});

describe("fake dagger patterns: Host.directory preprocessing and the upload walk", () => {
  it("drops patterns that are not local, cleans the rest and turns . into *", () => {
    expect(hostPatterns(["/abs", "../up", "", "!", "./x/", "!./y", ".", "a/../b"])).toEqual(["x", "!y", "*", "b"]);
  });

  it("skips an excluded directory whole when no plain ! pattern lies below it", () => {
    const pm = new PatternMatcher(MODULE_SOURCE_IGNORE);
    expect(canSkipDirectory(pm, "node_modules", "exclusion")).toBe(true);
    expect(canSkipDirectory(pm, ".git/objects", "exclusion")).toBe(true);
    expect(canSkipDirectory(pm, ".git", "exclusion")).toBe(false);
  });

  it("walks every excluded directory when a ! pattern has wildcards, or skips all when there is none", () => {
    expect(canSkipDirectory(new PatternMatcher(["node_modules", "!**/keep"]), "node_modules", "exclusion")).toBe(false);
    expect(canSkipDirectory(new PatternMatcher(["node_modules", "!node_modules/keep/**"]), "node_modules", "exclusion")).toBe(false);
    expect(canSkipDirectory(new PatternMatcher(["node_modules"]), "node_modules", "exclusion")).toBe(true);
  });

  it("skips a directory no plain include pattern reaches, and walks one an include pattern lies under", () => {
    const pm = new PatternMatcher(["docs/site/**"]);
    expect(canSkipDirectory(pm, "services", "include")).toBe(true);
    expect(canSkipDirectory(pm, "docs", "include")).toBe(false);
    expect(canSkipDirectory(new PatternMatcher(["**/*.md"]), "services", "include")).toBe(false);
  });
});

describe("fake dagger session: include/exclude through the API", () => {
  let session: FakeDaggerSession;
  let repo: string;
  const write = (rel: string, text = "x\n"): void => {
    mkdirSync(join(repo, rel, ".."), { recursive: true });
    writeFileSync(join(repo, rel), text);
  };

  beforeAll(async () => {
    session = await startFakeDaggerSession();
    repo = mkdtempSync(join(tmpdir(), "fake-dagger-patterns-"));
    for (const f of [".git/HEAD", ".git/config", ".git/index", ".git/packed-refs", ".git/refs/heads/main", ".git/objects/ab/cdef",
      ".git/modules/sub/HEAD", ".git/lfs/objects/aa/bb", "node_modules/x/index.js", "src/main.py"]) write(f);
    mkdirSync(join(repo, ".git/refs/tags"), { recursive: true });
  });
  afterAll(async () => {
    await session.close();
  });
  beforeEach(() => session.reset());

  it("uploads only the .git entries a ! pattern names, keeping their (even empty) folders", async () => {
    const dir = dag.host().directory(repo, { exclude: MODULE_SOURCE_IGNORE });
    expect(await session.visibleFiles(dir)).toEqual([".git/HEAD", ".git/packed-refs", ".git/refs/heads/main", "src/main.py"]);
    expect(await dir.directory(".git").entries()).toEqual(["HEAD", "packed-refs", "refs/"]);
    expect(await dir.directory(".git/refs").entries()).toEqual(["heads/", "tags/"]);
  });

  it("fails a host upload with a malformed exclude pattern, as fsutil words it", async () => {
    await expect(dag.host().directory(repo, { exclude: ["src", "["] }).entries()).rejects.toThrow(`invalid excludepatterns: [src []: ${BAD_PATTERN}`);
  });

  it("drops a bare ! in a host upload but rejects it in Directory.filter", async () => {
    expect(await dag.host().directory(repo, { exclude: ["!", "node_modules", ".git"] }).entries()).toEqual(["src/"]);
    await expect(session.directory(repo).filter({ exclude: ["!"] }).entries()).rejects.toThrow('illegal exclusion pattern: "!"');
  });

  it("keeps a folder that filter includes even when all it holds is excluded", async () => {
    const dir = session.directory(repo).filter({ exclude: ["node_modules/x/*", ".git"] });
    expect(await dir.entries()).toEqual(["node_modules/", "src/"]);
    expect(await dir.directory("node_modules").entries()).toEqual(["x/"]);
  });
});
