/**
 * What of .git the constructor's --source uploads: its ignore list (`.git/*` then `!.git/HEAD`,
 * `!.git/refs`, `!.git/packed-refs`) keeps only what the commit lookup (ci/src/source/git.ts)
 * reads, and a worktree's .git file. Real repositories made with the git CLI, loaded with that
 * list as the engine loads a contextual Directory (Host.directory exclude, moby/patternmatcher
 * rules), then the lookup run on the result.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveCheckCommit, resolveGitSha } from "../../ci/src/source/git.js";
import { MODULE } from "../runtime/table.js";
import { MODULE_SOURCE_IGNORE, repoSource, useFakeSession } from "./harness.js";

const session = useFakeSession();

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main", ...args], {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: cwd, GIT_CONFIG_NOSYSTEM: "1" },
  }).trim();
}

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/**
 * A repository with two commits, a tag, and what a working clone accumulates beside the refs:
 * index, config, logs, hooks, objects, plus a submodule's git dir and git-lfs objects.
 */
function workingRepo(): { root: string; head: string } {
  const root = mkdtempSync(join(tmpdir(), "module-git-upload-"));
  git(root, "init", "-q");
  write(root, "README.md", "repo\n");
  git(root, "add", "README.md");
  git(root, "commit", "-q", "-m", "first");
  git(root, "tag", "v1");
  write(root, "src/app.py", "print('app')\n");
  git(root, "add", "src/app.py");
  git(root, "commit", "-q", "-m", "second");
  write(root, ".git/modules/vendored/HEAD", "ref: refs/heads/main\n");
  write(root, ".git/modules/vendored/config", "[core]\n\tworktree = ../../../vendored\n");
  write(root, ".git/lfs/objects/ab/cd/abcd1234", "large file\n");
  return { root, head: git(root, "rev-parse", "HEAD") };
}

/** The uploaded files under .git/, relative to it. */
async function uploadedGit(root: string): Promise<string[]> {
  const files = await session().visibleFiles(repoSource(root));
  return files.filter((f) => f.startsWith(".git/")).map((f) => f.slice(".git/".length));
}

describe("the --source upload of .git", () => {
  it("is the ignore list the constructor registers (test/runtime/table.ts)", () => {
    expect(MODULE_SOURCE_IGNORE).toEqual(MODULE["CloudRunPipeline"]!.ctor!.args["source"]!.ignore);
  });

  it("holds HEAD and refs/** of a working repository, nothing else of .git", async () => {
    const { root, head } = workingRepo();
    expect(await uploadedGit(root)).toEqual(["HEAD", "refs/heads/main", "refs/tags/v1"]);
    expect(await resolveGitSha(repoSource(root))).toBe(head.slice(0, 7));
  });

  it("leaves out index, config, objects, logs, hooks, info, submodule git dirs and lfs objects", async () => {
    const { root } = workingRepo();
    const entries = await repoSource(root).directory(".git").entries();
    expect(entries).toEqual(["HEAD", "refs/"]);
    for (const left of ["index", "config", "description", "COMMIT_EDITMSG", "objects/", "logs/", "hooks/", "info/", "modules/", "lfs/"]) {
      expect(entries).not.toContain(left);
    }
  });

  it("holds packed-refs, and the lookup finds the branch there once refs are packed", async () => {
    const { root, head } = workingRepo();
    git(root, "pack-refs", "--all");
    expect(await uploadedGit(root)).toEqual(["HEAD", "packed-refs"]);
    expect(await resolveGitSha(repoSource(root))).toBe(head.slice(0, 7));
  });

  it("reads a detached HEAD", async () => {
    const { root } = workingRepo();
    git(root, "checkout", "-q", "--detach", "v1");
    const tagged = git(root, "rev-parse", "v1^{commit}");
    expect(await uploadedGit(root)).toEqual(["HEAD", "refs/heads/main", "refs/tags/v1"]);
    expect(await resolveGitSha(repoSource(root))).toBe(tagged.slice(0, 7));
  });

  it("keeps a worktree's .git file, so the placeholder note names where it points", async () => {
    const { root } = workingRepo();
    const worktree = join(mkdtempSync(join(tmpdir(), "module-git-worktree-")), "wt");
    git(root, "worktree", "add", "-q", worktree);
    const files = await session().visibleFiles(repoSource(worktree));
    expect(files).toContain(".git");
    const commit = await resolveCheckCommit(repoSource(worktree));
    expect(commit.sha).toBe("0000000");
    expect(commit.note).toContain(`.git is a worktree/submodule file pointing outside --source (${join(root, ".git/worktrees/wt")})`);
  });
});
