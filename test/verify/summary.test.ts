import { describe, expect, it } from "vitest";
import { makeReport } from "../../ci/src/verify/report.js";
import type { StepOutcome } from "../../ci/src/verify/step.js";
import { FAILURE_LINES, verifySummaryMarkdown } from "../../ci/src/verify/summary.js";

const ok = (step: string, target: string, extra: Partial<StepOutcome> = {}): StepOutcome => ({ step, target, ok: true, durationMs: 1200, ...extra });
const failed = (step: string, target: string, extra: Partial<StepOutcome> = {}): StepOutcome => ({ step, target, ok: false, durationMs: 300, ...extra });

describe("verify-report summary.md", () => {
  it("says first that everything passed", () => {
    const md = verifySummaryMarkdown(makeReport([ok("catalog", ""), ok("build", "alie")]));
    expect(md.split("\n")[0]).toBe("# ✅ verify: all 2 steps passed");
  });

  it("has one section per target with each step OK or FAIL and its time, repository-wide steps under Repository", () => {
    const md = verifySummaryMarkdown(makeReport([ok("catalog", ""), ok("build", "alie"), failed("lint", "alie", { message: "boom" }), ok("secrets", "")]));
    expect(md.split("\n")[0]).toBe("# ❌ verify: 1 of 4 steps failed");
    expect(md).toContain("## ✅ Repository\n\n| Step | Result | Time |\n|---|---|---|\n| catalog | ✅ OK | 1.2s |\n| secrets | ✅ OK | 1.2s |");
    expect(md).toContain("## ❌ alie\n\n| Step | Result | Time |\n|---|---|---|\n| build | ✅ OK | 1.2s |\n| lint | ❌ FAIL | 0.3s |");
  });

  it("shows a failed command, its exit code and the first lines of its output", () => {
    const output = Array.from({ length: FAILURE_LINES + 5 }, (_, i) => `line ${i + 1}`).join("\n");
    const md = verifySummaryMarkdown(makeReport([failed("scan:trivy", "cloud", { command: ["trivy", "image"], exitCode: 1, outputTail: output })]));
    expect(md).toContain("**scan:trivy**: `trivy image` exited with 1\n\n```text\nline 1\n");
    expect(md).toContain(`line ${FAILURE_LINES}\n... 5 more line(s)\n\`\`\``);
    expect(md).not.toContain(`line ${FAILURE_LINES + 1}\n`);
  });

  it("keeps output holding backticks inside its code block", () => {
    const md = verifySummaryMarkdown(makeReport([failed("lint", "alie", { message: "use ```code``` here" })]));
    expect(md).toContain("````text\nuse ```code``` here\n````");
  });

  it("lists the notes steps left and the files the report holds", () => {
    const md = verifySummaryMarkdown(
      makeReport([
        ok("test", "job", { notes: ["no JUnit XML for job: ..."] }),
        ok("scan:trivy", "job", { artifacts: [{ path: "sarif/trivy-job.sarif", contents: "{}" }] }),
      ]),
    );
    expect(md).toContain("- test: no JUnit XML for job: ...");
    expect(md).toContain("Files in this report: `sarif/trivy-job.sarif`.");
  });

  it("quotes the bundled-example notice under the headline", () => {
    const md = verifySummaryMarkdown(makeReport([ok("catalog", "")]), "NOTE: --source is the module's own repository");
    expect(md.split("\n").slice(0, 3)).toEqual(["# ✅ verify: all 1 steps passed", "", "> NOTE: --source is the module's own repository"]);
  });
});
