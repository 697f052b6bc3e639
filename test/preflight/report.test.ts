/**
 * The preflight table for people: aligned columns (check, target, status, message), the fix under
 * each WARN or FAIL, a verdict line; and the JSON machines read.
 */
import { describe, expect, it } from "vitest";
import { formatPreflight } from "../../ci/src/preflight/report.js";
import type { PreflightReport } from "../../ci/src/preflight/runner.js";

const report = (checks: PreflightReport["checks"]): PreflightReport => {
  const count = (s: string) => checks.filter((c) => c.status === s).length;
  const counts = { ok: count("OK"), warn: count("WARN"), fail: count("FAIL") };
  return { kind: "preflight", environment: "prod", project: "dataface-prod", ok: counts.fail === 0, counts, checks, durationMs: 1234 };
};

describe("formatPreflight", () => {
  it("prints one aligned row per check and the fix lines under each WARN and FAIL", () => {
    const text = formatPreflight(report([
      { check: "api", target: "run.googleapis.com", status: "OK", message: "enabled in project dataface-prod (Cloud Run services and jobs)" },
      { check: "secret", target: "service alie: dataface-prod/openai-api-key@latest", status: "FAIL", message: "latest (version 2) of secret openai-api-key is DISABLED", remediation: "gcloud secrets versions enable 2 --secret=openai-api-key --project=dataface-prod" },
      { check: "cloud-sql", target: "service cloud: dataface-prod:europe-west1:dataface", status: "WARN", message: "instance dataface is SUSPENDED, not RUNNABLE", remediation: "first line\nsecond line" },
    ]));
    expect(text).toBe([
      "preflight prod (project dataface-prod): FAILED: 1 FAIL, 1 WARN, 1 OK in 1.2s",
      "",
      "CHECK      TARGET                                              STATUS  MESSAGE",
      "api        run.googleapis.com                                  OK      enabled in project dataface-prod (Cloud Run services and jobs)",
      "secret     service alie: dataface-prod/openai-api-key@latest   FAIL    latest (version 2) of secret openai-api-key is DISABLED",
      "                                                                       fix: gcloud secrets versions enable 2 --secret=openai-api-key --project=dataface-prod",
      "cloud-sql  service cloud: dataface-prod:europe-west1:dataface  WARN    instance dataface is SUSPENDED, not RUNNABLE",
      "                                                                       fix: first line",
      "                                                                            second line",
      "",
      "Nothing was built or changed. Fix each FAIL (the fix: lines are the commands), then run preflight again.",
    ].join("\n"));
  });

  it("says OK, or OK with warnings, when nothing failed", () => {
    expect(formatPreflight(report([{ check: "api", target: "run.googleapis.com", status: "OK", message: "enabled" }])).split("\n")[0]).toBe("preflight prod (project dataface-prod): OK: 0 FAIL, 0 WARN, 1 OK in 1.2s");
    expect(formatPreflight(report([{ check: "credentials", target: "access_token", status: "WARN", message: "m", remediation: "r" }])).split("\n")[0]).toContain(": OK with warnings: 0 FAIL, 1 WARN, 0 OK");
  });
});
