/**
 * Edges of the preflight table (issue 12, mutation testing): a passing run ends with its table (no
 * "Nothing was built" advice), and a row whose message is empty carries no trailing blanks.
 */
import { describe, expect, it } from "vitest";
import { formatPreflight } from "../../ci/src/preflight/report.js";
import type { PreflightReport } from "../../ci/src/preflight/runner.js";

const report = (checks: PreflightReport["checks"]): PreflightReport => {
  const count = (s: string) => checks.filter((c) => c.status === s).length;
  const counts = { ok: count("OK"), warn: count("WARN"), fail: count("FAIL") };
  return { kind: "preflight", environment: "dev", project: "dataface-dev", ok: counts.fail === 0, counts, checks, durationMs: 500 };
};

describe("formatPreflight edges", () => {
  it("prints a passing run as its verdict and table only, without the advice for failures", () => {
    expect(formatPreflight(report([{ check: "api", target: "run.googleapis.com", status: "OK", message: "enabled" }]))).toBe(
      ["preflight dev (project dataface-dev): OK: 0 FAIL, 0 WARN, 1 OK in 0.5s", "", "CHECK  TARGET              STATUS  MESSAGE", "api    run.googleapis.com  OK      enabled"].join("\n"),
    );
  });

  it("ends a row with an empty message at its status, without trailing blanks", () => {
    const lines = formatPreflight(report([
      { check: "api", target: "run.googleapis.com", status: "OK", message: "" },
      { check: "credentials", target: "access_token", status: "WARN", message: "expires soon", remediation: "gcloud auth login" },
    ])).split("\n");
    expect(lines[3]).toBe("api          run.googleapis.com  OK");
  });
});
