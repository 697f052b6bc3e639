import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { PLACEHOLDER_SHA, resolveCheckCommit, resolveGitSha } from "../../ci/src/source/git.js";
import { rejection, repoSource, useFakeSession } from "./harness.js";

const MAIN = "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const PACKED = "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
const DETACHED = "3333333ccccccccccccccccccccccccccccccccc";

const session = useFakeSession();

/** A folder holding a .git with the given files (path relative to .git -> contents). */
function repoWithGit(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "module-git-"));
  writeFileSync(join(root, "README.md"), "repo\n");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, ".git", path)), { recursive: true });
    writeFileSync(join(root, ".git", path), text);
  }
  return root;
}

describe("resolveGitSha", () => {
  it("follows HEAD to a loose branch ref", async () => {
    const root = repoWithGit({ HEAD: "ref: refs/heads/main\n", "refs/heads/main": `${MAIN}\n` });
    expect(await resolveGitSha(session().directory(root))).toBe("1111111");
  });

  it("finds the branch in packed-refs when there is no loose ref", async () => {
    const root = repoWithGit({
      HEAD: "ref: refs/heads/release/v1\n",
      "packed-refs": `# pack-refs with: peeled fully-peeled sorted\n${MAIN} refs/heads/main\n${PACKED} refs/heads/release/v1\n^${DETACHED}\n`,
    });
    expect(await resolveGitSha(session().directory(root))).toBe("2222222");
  });

  it("prefers the loose ref over a stale packed one", async () => {
    const root = repoWithGit({ HEAD: "ref: refs/heads/main\n", "refs/heads/main": `${MAIN}\n`, "packed-refs": `${PACKED} refs/heads/main\n` });
    expect(await resolveGitSha(session().directory(root))).toBe("1111111");
  });

  it("reads a detached HEAD", async () => {
    const root = repoWithGit({ HEAD: `${DETACHED}\n` });
    expect(await resolveGitSha(session().directory(root))).toBe("3333333");
  });

  it("uses an explicit SHA over .git, shortened and lower-cased", async () => {
    const root = repoWithGit({ HEAD: `${DETACHED}\n` });
    expect(await resolveGitSha(session().directory(root), "ABCDEF0123456789ABCDEF0123456789ABCDEF01")).toBe("abcdef0");
  });

  it("rejects an explicit value that is not a SHA and says how to pass one", async () => {
    const err = await rejection(resolveGitSha(session().directory(repoWithGit({})), "main"));
    expect(err.message).toBe('"main" is not a git commit SHA; pass --git-sha with 7-40 hex characters (e.g. --git-sha=$(git rev-parse HEAD)).');
  });

  it("explains what to do when the source has no .git", async () => {
    const root = mkdtempSync(join(tmpdir(), "module-nogit-"));
    writeFileSync(join(root, "README.md"), "no git\n");
    const err = await rejection(resolveGitSha(session().directory(root)));
    expect(err.message).toBe(
      "cannot find the commit: --source has no readable .git folder. Pass --git-sha=$(git rev-parse HEAD), or include .git in the source.",
    );
  });

  it("explains a branch without commits", async () => {
    const root = repoWithGit({ HEAD: "ref: refs/heads/main\n" });
    const err = await rejection(resolveGitSha(session().directory(root)));
    expect(err.message).toBe(".git/HEAD points at refs/heads/main, which has no commit yet. Commit first or pass --git-sha.");
  });

  it("rejects a HEAD that is neither a SHA nor a ref", async () => {
    const root = repoWithGit({ HEAD: "garbage\n" });
    const err = await rejection(resolveGitSha(session().directory(root)));
    expect(err.message).toBe('.git/HEAD is not a commit or a ref: "garbage"');
  });

  it("still sees HEAD and refs through the module's source ignore list", async () => {
    const root = repoWithGit({ HEAD: "ref: refs/heads/main\n", "refs/heads/main": `${MAIN}\n`, "objects/ab/cdef": "blob", "logs/HEAD": "log" });
    expect(await resolveGitSha(repoSource(root))).toBe("1111111");
  });
});

describe("resolveCheckCommit (checks, verify, scan)", () => {
  it("is the real commit, with no note, when .git has one", async () => {
    const root = repoWithGit({ HEAD: "ref: refs/heads/main\n", "refs/heads/main": `${MAIN}\n` });
    expect(await resolveCheckCommit(session().directory(root))).toEqual({ sha: "1111111" });
  });

  it("reads .git when --git-sha is left at its default, the empty string", async () => {
    const root = repoWithGit({ HEAD: "ref: refs/heads/main\n", "refs/heads/main": `${MAIN}\n` });
    expect(await resolveCheckCommit(session().directory(root), "")).toEqual({ sha: "1111111" });
  });

  it("is the placeholder, saying why, on a branch without commits", async () => {
    const commit = await resolveCheckCommit(session().directory(repoWithGit({ HEAD: "ref: refs/heads/main\n" })));
    expect(commit.sha).toBe(PLACEHOLDER_SHA);
    expect(commit.note).toMatch(/^NOTE: commit unknown \(refs\/heads\/main has no commit yet\): .* Pass --git-sha=/);
  });

  it("still fails on a .git/HEAD that is neither a commit nor a ref", async () => {
    const err = await rejection(resolveCheckCommit(session().directory(repoWithGit({ HEAD: "garbage\n" }))));
    expect(err.message).toBe('.git/HEAD is not a commit or a ref: "garbage"');
  });
});
