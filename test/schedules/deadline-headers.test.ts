/**
 * Scheduler attempt deadlines, headers and descriptions from the catalog, and the warning for a
 * service endpoint that may run longer than its attempt deadline (the analytics setup: a 1-hour
 * POST /run-daily-job under Scheduler's default 3 minutes is retried while the first run goes on).
 */
import { describe, expect, it } from "vitest";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import { serviceSchedules, type DesiredSchedule } from "../../ci/src/schedules/render.js";
import { formatScheduleReport, syncSchedules } from "../../ci/src/schedules/sync.js";
import { updateMasks, useFakeScheduler } from "./support/harness.js";
import { ENV, PARENT, schedulerJobName, SERVICE_URL, serviceWithSchedules } from "./support/specs.js";

const daily = (schedule: Record<string, unknown> = {}, run: Record<string, unknown> = {}): DesiredSchedule[] =>
  serviceSchedules(serviceWithSchedules("analytics", [{ name: "daily-job", schedule: "0 3 * * *", path: "/run-daily-job", ...schedule }], { run: { public: false, ...run } }), ENV, SERVICE_URL);

describe("attempt deadline warnings", () => {
  it("warns when the endpoint's request timeout is longer than Scheduler's default 180s deadline", () => {
    const [s] = daily({ retry: { count: 3 } }, { timeout: "3600s" });
    expect(s!.warning).toBe(
      "POST /run-daily-job may run up to the service's request timeout (3600s) but Scheduler gives each attempt 180s (its default): a longer call is marked DEADLINE_EXCEEDED and retried (up to 3 times) while the first one still runs. Set attemptDeadline (at most 1800s), make the endpoint return at once and work asynchronously, or move the work to a Cloud Run job.",
    );
  });

  it("still warns at the 1800s maximum when the endpoint may take an hour, and not when the deadline covers the timeout", () => {
    expect(daily({ attemptDeadline: "1800s" }, { timeout: "3600s" })[0]!.warning).toMatch(/gives each attempt 1800s: a longer call/);
    expect(daily({ attemptDeadline: "600s" }, { timeout: "600s" })[0]!.warning).toBeUndefined();
  });
});

describe("deadline, headers and description reach Cloud Scheduler", () => {
  const h = useFakeScheduler();

  it("creates the job with them, leaves it unchanged on the next sync, and updates only the deadline when it changes", async () => {
    const want = daily({ attemptDeadline: "900s", headers: { "X-Job-Kind": "daily" }, description: "owned by analytics", body: { mode: "full" } }, { timeout: "900s" });
    const created = await syncSchedules(h.gateway, want, [PARENT], false);
    expect(created.outcomes[0]?.action).toBe("created");
    const stored = h.fake.jobs.get(schedulerJobName("daily-job"))!;
    expect(Number(stored.attemptDeadline?.seconds)).toBe(900);
    expect(stored.httpTarget?.headers).toMatchObject({ "X-Job-Kind": "daily", "Content-Type": "application/json" });
    expect(stored.description).toMatch(/; owned by analytics$/);

    expect((await syncSchedules(h.gateway, want, [PARENT], false)).outcomes[0]?.action).toBe("unchanged");

    const longer = daily({ attemptDeadline: "1800s", headers: { "X-Job-Kind": "daily" }, description: "owned by analytics", body: { mode: "full" } }, { timeout: "900s" });
    const updated = await syncSchedules(h.gateway, longer, [PARENT], false);
    expect(updated.outcomes[0]).toMatchObject({ action: "updated", fields: ["attempt_deadline"] });
    expect(updateMasks(h.fake).at(-1)).toEqual(["attempt_deadline"]);
  });

  it("prints the warning in the report", async () => {
    const report = await syncSchedules(h.gateway, daily({}, { timeout: "3600s" }), [PARENT], false);
    expect(formatScheduleReport(report)).toMatch(/CREATED {3}daily-job -> service analytics POST \/run-daily-job\n {4}WARNING: POST \/run-daily-job may run up to the service's request timeout \(3600s\)/);
  });
});

describe("catalog rules", () => {
  const catalogWith = (schedule: Record<string, unknown>) => {
    const service = { kind: "service", name: "api", build: { context: "services/api" }, run: { public: true }, schedules: [{ name: "api-tick", schedule: "*/5 * * * *", path: "/tick", serviceAccount: "scheduler-invoker", ...schedule }] };
    return () =>
      parseCatalog([
        { path: "pipelines/project.yaml", text: JSON.stringify({ kind: "project", project: "test-project", region: "us-central1", artifactRegistry: { repository: "r" } }) },
        { path: "pipelines/services/api.yaml", text: JSON.stringify(service) },
      ]);
  };

  it("refuses a deadline outside 15s..1800s and headers Scheduler or the token set", () => {
    expect(catalogWith({ attemptDeadline: "3600s" })).toThrow(/schedules\[0\]\.attemptDeadline: must be at most 1800s \(Cloud Scheduler allows 15s to 30 minutes for HTTP targets\)/);
    expect(catalogWith({ attemptDeadline: "5s" })).toThrow(/schedules\[0\]\.attemptDeadline: must be at least 15s/);
    expect(catalogWith({ headers: { Authorization: "Bearer x" } })).toThrow(/schedules\[0\]\.headers\.Authorization: invalid key: is set by Cloud Scheduler or by the OIDC token/);
    expect(catalogWith({ headers: { "X-CloudScheduler-JobName": "x" } })).toThrow(/invalid key: is set by Cloud Scheduler/);
  });

  it("accepts a deadline, a header and a description", () => {
    expect(catalogWith({ attemptDeadline: "1800s", headers: { "X-Job-Kind": "tick" }, description: "five-minute tick" })().services[0]!.schedules[0]).toMatchObject({ attemptDeadline: "1800s", headers: { "X-Job-Kind": "tick" } });
  });
});
