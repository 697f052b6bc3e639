/**
 * syncSchedules against the Cloud Scheduler fake through the official CloudSchedulerClient:
 * create, skip-unchanged, update masks, someone else's job, create races and pause/resume.
 */
import { describe, expect, it } from "vitest";
import { jobSchedules, MANAGED_DESCRIPTION_PREFIX, serviceSchedules, type DesiredSchedule } from "../../ci/src/schedules/render.js";
import { formatScheduleReport, syncSchedules } from "../../ci/src/schedules/sync.js";
import { mutations, updateMasks, useFakeScheduler } from "./support/harness.js";
import { ENV, INVOKER_EMAIL, jobWithSchedules, nightly, PARENT, schedulerJobName, SERVICE_URL, serviceWithSchedules } from "./support/specs.js";

const h = useFakeScheduler();

const etlSchedules = (schedule: Record<string, unknown> = {}): DesiredSchedule[] => jobSchedules(jobWithSchedules("etl", [nightly(schedule)]), ENV);
const apiSchedules = (schedule: Record<string, unknown> = {}): DesiredSchedule[] =>
  serviceSchedules(serviceWithSchedules("api", [{ name: "api-refresh", schedule: "*/15 * * * *", path: "/tasks/refresh", body: { mode: "full" }, ...schedule }]), ENV, SERVICE_URL);
const sync = (desired: DesiredSchedule[], prune = false) => syncSchedules(h.gateway, desired, [PARENT], prune);
const actions = (report: Awaited<ReturnType<typeof sync>>) => Object.fromEntries(report.outcomes.map((o) => [o.name, o.action]));

describe("syncSchedules: create and skip-unchanged", () => {
  it("creates the schedules that do not exist", async () => {
    const report = await sync([...etlSchedules(), ...apiSchedules()]);
    expect(report.ok).toBe(true);
    expect(actions(report)).toEqual({ "etl-nightly": "created", "api-refresh": "created" });
    expect(mutations(h.fake)).toEqual(["CreateJob", "CreateJob"]);
  });

  it("stores a job trigger that POSTs to the job's :run URL with an OAuth token", async () => {
    await sync(etlSchedules({ timeZone: "Europe/Paris" }));
    const stored = h.fake.jobs.get(schedulerJobName("etl-nightly"))!;
    expect(stored.httpTarget).toMatchObject({
      uri: "https://run.googleapis.com/v2/projects/test-project/locations/us-central1/jobs/etl:run",
      httpMethod: "POST",
      oauthToken: { serviceAccountEmail: INVOKER_EMAIL, scope: "https://www.googleapis.com/auth/cloud-platform" },
    });
    expect(stored.httpTarget?.oidcToken).toBeFalsy();
    expect(stored.timeZone).toBe("Europe/Paris");
    expect(stored.state).toBe("ENABLED");
  });

  it("stores a service trigger with an OIDC token for the service URL and the JSON body", async () => {
    await sync(apiSchedules());
    const target = h.fake.jobs.get(schedulerJobName("api-refresh"))!.httpTarget!;
    expect(target.uri).toBe(`${SERVICE_URL}/tasks/refresh`);
    expect(target.oidcToken).toEqual({ serviceAccountEmail: INVOKER_EMAIL, audience: SERVICE_URL });
    expect(JSON.parse(Buffer.from(target.body as Uint8Array).toString())).toEqual({ mode: "full" });
    expect(target.headers).toEqual({ "Content-Type": "application/json" });
  });

  it("makes no mutating call when every schedule is already as wanted", async () => {
    await sync([...etlSchedules({ retry: { count: 2 } }), ...apiSchedules()]);
    h.fake.clearCalls();
    const report = await sync([...etlSchedules({ retry: { count: 2 } }), ...apiSchedules()]);
    expect(actions(report)).toEqual({ "etl-nightly": "unchanged", "api-refresh": "unchanged" });
    expect(mutations(h.fake)).toEqual([]);
  });
});

describe("syncSchedules: updates", () => {
  it("updates a changed schedule with a mask naming only the changed field", async () => {
    await sync(etlSchedules());
    h.fake.clearCalls();
    const report = await sync(etlSchedules({ schedule: "30 4 * * *" }));
    expect(report.outcomes).toEqual([{ name: "etl-nightly", target: "job etl", action: "updated", fields: ["schedule"] }]);
    expect(updateMasks(h.fake)).toEqual([["schedule"]]);
    expect(h.fake.jobs.get(schedulerJobName("etl-nightly"))!.schedule).toBe("30 4 * * *");
  });

  it("updates the time zone and retry config together, leaving the target alone", async () => {
    await sync(etlSchedules());
    h.fake.clearCalls();
    await sync(etlSchedules({ timeZone: "Asia/Tokyo", retry: { count: 3 } }));
    expect(updateMasks(h.fake)).toEqual([["time_zone", "retry_config"]]);
    const stored = h.fake.jobs.get(schedulerJobName("etl-nightly"))!;
    expect(stored.timeZone).toBe("Asia/Tokyo");
    expect(stored.retryConfig?.retryCount).toBe(3);
    expect(stored.httpTarget?.uri).toMatch(/jobs\/etl:run$/);
  });

  it("updates a job someone else created with the same name instead of failing", async () => {
    h.fake.seedJob({
      name: schedulerJobName("etl-nightly"),
      description: "made by hand",
      schedule: "0 0 * * *",
      httpTarget: { uri: "https://example.com/hook", httpMethod: "GET" },
    });
    const report = await sync(etlSchedules());
    // The hand-made job has no time zone (stored as Etc/UTC), which is the catalog's UTC: not a change.
    expect(report.outcomes[0]).toMatchObject({ action: "updated", fields: ["description", "schedule", "http_target"] });
    expect(mutations(h.fake)).toEqual(["UpdateJob"]);
    const stored = h.fake.jobs.get(schedulerJobName("etl-nightly"))!;
    expect(stored.description?.startsWith(MANAGED_DESCRIPTION_PREFIX)).toBe(true);
    expect(stored.httpTarget?.oauthToken?.serviceAccountEmail).toBe(INVOKER_EMAIL);
  });

  it("answers a create race (ALREADY_EXISTS) by reading the winner and updating it", async () => {
    h.fake.faults.raceNextCreate({ name: schedulerJobName("etl-nightly"), schedule: "0 0 * * *", httpTarget: { uri: "https://example.com/hook" } });
    const report = await sync(etlSchedules());
    expect(report.ok).toBe(true);
    expect(report.outcomes[0]!.action).toBe("updated");
    expect(h.fake.calls.map((c) => `${c.method}:${c.code}`)).toEqual(["GetJob:5", "CreateJob:6", "GetJob:0", "UpdateJob:0", "ListJobs:0"]);
    expect(h.fake.jobs.get(schedulerJobName("etl-nightly"))!.schedule).toBe("0 3 * * *");
  });
});

describe("syncSchedules: paused flag", () => {
  it("creates a paused schedule and pauses it", async () => {
    const report = await sync(etlSchedules({ paused: true }));
    expect(actions(report)).toEqual({ "etl-nightly": "created" });
    expect(mutations(h.fake)).toEqual(["CreateJob", "PauseJob"]);
    expect(h.fake.jobs.get(schedulerJobName("etl-nightly"))!.state).toBe("PAUSED");
  });

  it("pauses a running schedule the catalog marks paused", async () => {
    await sync(etlSchedules());
    h.fake.clearCalls();
    const report = await sync(etlSchedules({ paused: true }));
    expect(actions(report)).toEqual({ "etl-nightly": "paused" });
    expect(mutations(h.fake)).toEqual(["PauseJob"]);
  });

  it("resumes a paused schedule the catalog no longer marks paused", async () => {
    await sync(etlSchedules({ paused: true }));
    h.fake.clearCalls();
    const report = await sync(etlSchedules());
    expect(actions(report)).toEqual({ "etl-nightly": "resumed" });
    expect(mutations(h.fake)).toEqual(["ResumeJob"]);
    expect(h.fake.jobs.get(schedulerJobName("etl-nightly"))!.state).toBe("ENABLED");
  });

  it("leaves a paused schedule alone when it stays paused", async () => {
    await sync(etlSchedules({ paused: true }));
    h.fake.clearCalls();
    expect(actions(await sync(etlSchedules({ paused: true })))).toEqual({ "etl-nightly": "unchanged" });
    expect(mutations(h.fake)).toEqual([]);
  });

  it("keeps an updated schedule paused", async () => {
    await sync(etlSchedules({ paused: true }));
    h.fake.clearCalls();
    const report = await sync(etlSchedules({ paused: true, schedule: "0 5 * * *" }));
    expect(actions(report)).toEqual({ "etl-nightly": "updated" });
    expect(mutations(h.fake)).toEqual(["UpdateJob"]);
    expect(h.fake.jobs.get(schedulerJobName("etl-nightly"))!.state).toBe("PAUSED");
  });
});

describe("syncSchedules: report", () => {
  it("prints one line per schedule with the changed fields", async () => {
    await sync(etlSchedules());
    const text = formatScheduleReport(await sync(etlSchedules({ schedule: "0 4 * * *" })));
    expect(text).toContain("schedules: OK");
    expect(text).toMatch(/UPDATED\s+etl-nightly -> job etl \(schedule\)/);
  });
});
