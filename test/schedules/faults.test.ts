/**
 * syncSchedules when Cloud Scheduler misbehaves: transient errors retried, a permanent error
 * failing only its own schedule, and listing failures reported rather than thrown.
 */
import { status } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { jobSchedules, MANAGED_DESCRIPTION_PREFIX, serviceSchedules } from "../../ci/src/schedules/render.js";
import { formatScheduleReport, syncSchedules } from "../../ci/src/schedules/sync.js";
import { useFakeScheduler } from "./support/harness.js";
import { ENV, jobWithSchedules, nightly, PARENT, schedulerJobName, SERVICE_URL, serviceWithSchedules } from "./support/specs.js";

const h = useFakeScheduler();
const etl = (schedule: Record<string, unknown> = {}) => jobSchedules(jobWithSchedules("etl", [nightly(schedule)]), ENV);
const two = () => jobSchedules(jobWithSchedules("etl", [nightly(), nightly({ name: "etl-hourly", schedule: "0 * * * *" })]), ENV);
const codes = (method: string) => h.fake.callsOf(method).map((c) => c.code);

describe("syncSchedules: transient errors", () => {
  it("retries CreateJob through an UNAVAILABLE burst", async () => {
    h.fake.faults.unavailable("CreateJob", 2);
    const report = await syncSchedules(h.gateway, etl(), [PARENT], false);
    expect(report.outcomes[0]!.action).toBe("created");
    expect(codes("CreateJob")).toEqual([status.UNAVAILABLE, status.UNAVAILABLE, status.OK]);
  });

  it("retries UpdateJob through an UNAVAILABLE burst", async () => {
    await syncSchedules(h.gateway, etl(), [PARENT], false);
    h.fake.faults.unavailable("UpdateJob", 2);
    const report = await syncSchedules(h.gateway, etl({ schedule: "0 4 * * *" }), [PARENT], false);
    expect(report.outcomes[0]!.action).toBe("updated");
    expect(codes("UpdateJob")).toEqual([status.UNAVAILABLE, status.UNAVAILABLE, status.OK]);
    expect(h.fake.jobs.get(schedulerJobName("etl-nightly"))!.schedule).toBe("0 4 * * *");
  });

  it("retries PauseJob through an UNAVAILABLE burst", async () => {
    await syncSchedules(h.gateway, etl(), [PARENT], false);
    h.fake.faults.unavailable("PauseJob", 2);
    const report = await syncSchedules(h.gateway, etl({ paused: true }), [PARENT], false);
    expect(report.outcomes[0]!.action).toBe("paused");
    expect(h.fake.jobs.get(schedulerJobName("etl-nightly"))!.state).toBe("PAUSED");
  });

  it("retries GetJob and ListJobs through UNAVAILABLE", async () => {
    h.fake.faults.unavailable("GetJob", 2);
    h.fake.faults.unavailable("ListJobs", 2);
    const report = await syncSchedules(h.gateway, etl(), [PARENT], false);
    expect(report.ok).toBe(true);
    expect(codes("ListJobs").at(-1)).toBe(status.OK);
  });
});

describe("syncSchedules: permanent errors", () => {
  it("fails only the schedule whose call was refused, with the API's message, and still syncs the others", async () => {
    h.fake.faults.failNextCalls("CreateJob", status.INVALID_ARGUMENT, 1, "Schedule or time zone is invalid.");
    const report = await syncSchedules(h.gateway, two(), [PARENT], false);
    expect(report.ok).toBe(false);
    const failed = report.outcomes.filter((o) => o.action === "failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]!.error).toContain("Schedule or time zone is invalid.");
    expect(report.outcomes.filter((o) => o.action === "created")).toHaveLength(1);
    expect(codes("CreateJob").filter((c) => c === status.INVALID_ARGUMENT)).toHaveLength(1);
  });

  it("fails a service schedule that sends a body with GET, with Cloud Scheduler's reason", async () => {
    const get = serviceSchedules(serviceWithSchedules("api", [{ name: "api-get", schedule: "0 * * * *", path: "/tasks", method: "GET", body: { a: 1 } }]), ENV, SERVICE_URL);
    const report = await syncSchedules(h.gateway, get, [PARENT], false);
    expect(report.outcomes[0]).toMatchObject({ name: "api-get", action: "failed" });
    expect(report.outcomes[0]!.error).toContain("body is allowed only with POST, PUT or PATCH");
  });

  it("reports a missing permission as a failed schedule", async () => {
    await syncSchedules(h.gateway, etl(), [PARENT], false);
    h.fake.faults.denyMethod("UpdateJob");
    const report = await syncSchedules(h.gateway, etl({ schedule: "0 4 * * *" }), [PARENT], false);
    expect(report.outcomes[0]).toMatchObject({ action: "failed" });
    expect(report.outcomes[0]!.error).toContain("cloudscheduler.jobs.update");
    expect(formatScheduleReport(report)).toMatch(/^schedules: FAILED/);
  });

  it("reports a location it could not list instead of throwing away the other outcomes", async () => {
    h.fake.faults.denyMethod("ListJobs");
    const report = await syncSchedules(h.gateway, etl(), [PARENT], false);
    expect(report.ok).toBe(false);
    expect(report.outcomes[0]).toMatchObject({ name: "etl-nightly", action: "created" });
    expect(report.outcomes[1]).toMatchObject({ name: PARENT, action: "failed" });
    expect(report.outcomes[1]!.error).toMatch(/could not list the schedules of .* to look for orphans: .*cloudscheduler\.jobs\.list/);
  });

  it("counts an orphan that is already gone when pruned as deleted", async () => {
    const target = { uri: "https://run.googleapis.com/v2/projects/test-project/locations/us-central1/jobs/old:run", oauthToken: { serviceAccountEmail: "scheduler-invoker@test-project.iam.gserviceaccount.com" } };
    h.fake.seedJob({ name: schedulerJobName("old-nightly"), description: `${MANAGED_DESCRIPTION_PREFIX} runs Cloud Run job old`, schedule: "0 1 * * *", httpTarget: target });
    h.fake.faults.failNextCalls("DeleteJob", status.NOT_FOUND, 1, "Job not found.");
    const report = await syncSchedules(h.gateway, etl(), [PARENT], true);
    expect(report.ok).toBe(true);
    expect(report.outcomes.find((o) => o.name === "old-nightly")).toMatchObject({ action: "deleted" });
  });
});
