/**
 * The spans of `verify` run in-process against the fake Dagger session: one span per step, named
 * for the check and its target ("lint cloud", "test cloud", "scan cloud (trivy)", "docs docs"),
 * failed when its check failed.
 */
import { describe, expect, it } from "vitest";
import { stepSpanName } from "../../ci/src/verify/step.js";
import { BUILDABLES, mkdocsWritesSite, pipeline, rejection, SITES, targetOf, useFakeSession } from "../module/harness.js";
import { ERROR, UNSET, useSpanRecorder } from "./support/recorder.js";

const session = useFakeSession(mkdocsWritesSite);
const spans = useSpanRecorder();

const SCANNERS = ["bandit", "pip-audit", "trivy", "hadolint", "gitleaks"];

describe("step span names", () => {
  it("names a step by its check and target, a scanner in brackets, repository-wide steps by the check alone", () => {
    expect(stepSpanName("lint", "cloud")).toBe("lint cloud");
    expect(stepSpanName("scan:trivy", "cloud")).toBe("scan cloud (trivy)");
    expect(stepSpanName("docs", "docs")).toBe("docs docs");
    expect(stepSpanName("secrets", "")).toBe("secrets");
  });
});

describe("spans of verify", () => {
  it("has one span per step of every target, none failed when every check passes", async () => {
    await pipeline().verify();
    const names = spans.spans().map((s) => s.name);
    for (const t of BUILDABLES) {
      for (const step of ["build", "lint", "test"]) expect(names).toContain(`${step} ${t}`);
      for (const scanner of SCANNERS) expect(names).toContain(`scan ${t} (${scanner})`);
    }
    for (const site of SITES) expect(names).toContain(`docs ${site}`);
    expect(names).toEqual(expect.arrayContaining(["catalog", "secrets"]));
    expect(names).toHaveLength(2 + BUILDABLES.length * 8 + SITES.length);
    expect(spans.spans().filter((s) => s.status.code !== UNSET)).toEqual([]);
  });

  it("fails the span of the failed check only, with the command's exit in its exception", async () => {
    session().onExec((e) => (e.args.join(" ") === "pytest -q" && targetOf(e) === "cloud" ? { exitCode: 1, stdout: "1 failed, 9 passed in 0.52s\n" } : undefined));
    await rejection(pipeline().verify());
    const failed = spans.spans().filter((s) => s.status.code === ERROR);
    expect(failed.map((s) => s.name)).toEqual(["test cloud"]);
    expect(failed[0]!.events.map((e) => e.name)).toEqual(["exception"]);
    expect(spans.named("lint cloud").status.code).toBe(UNSET);
  });
});
