/**
 * A source whose commit cannot be read (a tarball with no .git, a git worktree whose .git is a
 * file pointing outside the source): checks, verify and scan run with the labelled placeholder
 * commit 0000000 and every report or error starts by saying so; build, serve, publish and deploy,
 * whose images carry the commit, refuse and say to pass --git-sha.
 */
import { dag } from "@dagger.io/dagger";
import { describe, expect, it } from "vitest";
import { PLACEHOLDER_SHA } from "../../ci/src/source/git.js";
import { type Step, isObjectRef } from "../support/dagger/chain.js";
import { mkdocsWritesSite, pipeline, rejection, tempRepo, useFakeSession, writeText } from "./harness.js";

const session = useFakeSession(mkdocsWritesSite);

const NO_GIT_NOTE = "NOTE: commit unknown (.git not readable in --source): images were built with the placeholder commit 0000000 (no-git). Pass --git-sha=$(git rev-parse HEAD) to build with the real one; publish and deploy refuse without it.";
const WORKTREE_GITDIR = "/home/dev/dataface/.git/worktrees/feature-x";

/** A temp repository whose .git is a worktree's FILE, pointing at a folder the source does not hold. */
function worktreeRepo(): string {
  const root = tempRepo();
  writeText(root, ".git", `gitdir: ${WORKTREE_GITDIR}\n`);
  return root;
}

/** Every dockerBuild step anywhere in what the run evaluated (leaf chains and the objects their arguments reference). */
function dockerBuilds(): Step[] {
  const found: Step[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== "object") return;
    if (isObjectRef(value)) {
      for (const step of value.chain) {
        if (step.field === "dockerBuild") found.push(step);
        visit(step.args);
      }
      return;
    }
    Object.values(value).forEach(visit);
  };
  for (const leaf of session().leaves()) visit({ $type: "Container", chain: leaf.chain });
  return found;
}

/** The distinct GIT_SHA build args the run's images were built with. */
const builtShas = (): string[] => [
  ...new Set(dockerBuilds().map((step) => (step.args["buildArgs"] as Array<{ name: string; value: string }>).find((a) => a.name === "GIT_SHA")?.value ?? "(none)")),
];

describe("checks and verify without a readable .git", () => {
  it("checks:builds builds every image with the placeholder commit and its report says so first", async () => {
    const report = await pipeline(tempRepo(), "").checks().builds();
    expect(builtShas()).toEqual([PLACEHOLDER_SHA]);
    expect(report.split("\n\n")[0]).toBe(NO_GIT_NOTE);
    expect(report).toMatch(/^PASS  build alie /m);
  });

  it("verify passes with the placeholder commit and says so first", async () => {
    const report = await pipeline(tempRepo(), "").verify();
    expect(report.startsWith(`${NO_GIT_NOTE}\n\n`)).toBe(true);
    expect(builtShas()).toEqual([PLACEHOLDER_SHA]);
  });

  it("a failing check still starts its error with the unknown commit", async () => {
    session().onExec((e) => (e.args[0] === "trivy" ? { exitCode: 1, stdout: "CVE-2099-0001 CRITICAL\n" } : undefined));
    const err = await rejection(pipeline(tempRepo(), "").checks().scans());
    expect(err.message.startsWith(`${NO_GIT_NOTE}\n\nverify failed: `)).toBe(true);
    expect(err.message).toContain("✗ scan:trivy alie");
  });

  it("a git worktree's .git file gets the placeholder, and the note names where it points", async () => {
    const report = await pipeline(worktreeRepo(), "").checks().builds();
    expect(builtShas()).toEqual([PLACEHOLDER_SHA]);
    expect(report.split("\n")[0]).toBe(
      `NOTE: commit unknown (.git is a worktree/submodule file pointing outside --source (${WORKTREE_GITDIR})): images were built with the placeholder commit 0000000 (no-git). Pass --git-sha=$(git rev-parse HEAD) to build with the real one; publish and deploy refuse without it.`,
    );
  });

  it("scan --service uses the placeholder too and says so", async () => {
    const report = await pipeline(tempRepo(), "").scan("alie");
    expect(report.split("\n\n")[0]).toBe(NO_GIT_NOTE);
    expect(builtShas()).toEqual([PLACEHOLDER_SHA]);
  });

  it("checks that build no image say nothing about the commit", async () => {
    const root = tempRepo();
    for (const report of [await pipeline(root, "").checks().lint(), await pipeline(root, "").checks().docs()]) expect(report).not.toContain("commit unknown");
  });

  it("uses --git-sha when given: no placeholder, no note", async () => {
    const report = await pipeline(tempRepo(), "ABCDEF0123456789ABCDEF0123456789ABCDEF01").checks().builds();
    expect(builtShas()).toEqual(["abcdef0"]);
    expect(report).not.toContain("commit unknown");
  });

  it("still refuses a --git-sha that is not a SHA", async () => {
    const err = await rejection(pipeline(tempRepo(), "main").checks().builds());
    expect(err.message).toBe('"main" is not a git commit SHA; pass --git-sha with 7-40 hex characters (e.g. --git-sha=$(git rev-parse HEAD)).');
  });

  it("verify-report's summary.md says the commit is unknown", async () => {
    const summary = await pipeline(tempRepo(), "").verifyReport().then((dir) => dir.file("summary.md").contents());
    expect(summary).toContain(`> ${NO_GIT_NOTE}`);
  });
});

describe("functions whose images carry the commit refuse without one", () => {
  const credentials = () => dag.setSecret("gcp-credentials", "garbage that is not a credential");
  const NO_GIT = "cannot find the commit: --source has no readable .git folder. Pass --git-sha=$(git rev-parse HEAD), or include .git in the source.";

  it("publish says to pass --git-sha, before reading the credentials", async () => {
    const err = await rejection(pipeline(tempRepo(), "").publish("alie", credentials()));
    expect(err.message).toBe(NO_GIT);
    expect(session().leaves().filter((l) => l.on === "Secret")).toEqual([]);
  });

  it("deploy in a git worktree names the .git file and says to pass --git-sha", async () => {
    const err = await rejection(pipeline(worktreeRepo(), "").deploy("alie", credentials()));
    expect(err.message).toBe(`cannot find the commit: --source/.git is a file (a git worktree or submodule) pointing at ${WORKTREE_GITDIR}, which is not in the source. Pass --git-sha=$(git rev-parse HEAD).`);
    expect(session().leaves().filter((l) => l.on === "Secret")).toEqual([]);
  });

  it("build refuses rather than label an image with the placeholder", async () => {
    const err = await rejection(pipeline(tempRepo(), "").build("alie"));
    expect(err.message).toBe(NO_GIT);
  });
});
