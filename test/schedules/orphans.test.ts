/**
 * syncSchedules and schedules the catalog no longer lists: reported, deleted only with prune, and
 * never touched when this pipeline did not create them.
 */
import { describe, expect, it } from "vitest";
import { jobSchedules, MANAGED_DESCRIPTION_PREFIX } from "../../ci/src/schedules/render.js";
import { formatScheduleReport, syncSchedules } from "../../ci/src/schedules/sync.js";
import { mutations, useFakeScheduler } from "./support/harness.js";
import { ENV, jobWithSchedules, nightly, PARENT, schedulerJobName } from "./support/specs.js";

const h = useFakeScheduler();
const etl = () => jobSchedules(jobWithSchedules("etl", [nightly()]), ENV);
const target = { uri: "https://run.googleapis.com/v2/projects/test-project/locations/us-central1/jobs/old:run", oauthToken: { serviceAccountEmail: "scheduler-invoker@test-project.iam.gserviceaccount.com" } };

function seedManagedOrphan(): void {
  h.fake.seedJob({ name: schedulerJobName("old-nightly"), description: `${MANAGED_DESCRIPTION_PREFIX} runs Cloud Run job old`, schedule: "0 1 * * *", httpTarget: target });
}

function seedHandMade(): void {
  h.fake.seedJob({ name: schedulerJobName("hand-made"), description: "created in the console", schedule: "0 2 * * *", httpTarget: target });
}

describe("syncSchedules: orphans", () => {
  it("reports a managed schedule the catalog no longer lists, without deleting it", async () => {
    seedManagedOrphan();
    const report = await syncSchedules(h.gateway, etl(), [PARENT], false);
    expect(report.ok).toBe(true);
    expect(report.outcomes.find((o) => o.name === "old-nightly")).toMatchObject({ action: "orphaned" });
    expect(h.fake.jobs.has(schedulerJobName("old-nightly"))).toBe(true);
    expect(h.fake.callsOf("DeleteJob")).toEqual([]);
  });

  it("tells how to delete orphans", async () => {
    seedManagedOrphan();
    const text = formatScheduleReport(await syncSchedules(h.gateway, etl(), [PARENT], false));
    expect(text).toMatch(/ORPHANED\s+old-nightly/);
    expect(text).toContain("1 schedule(s) created by this pipeline are no longer in the catalog; pass --prune to delete them.");
  });

  it("deletes a managed orphan with prune", async () => {
    seedManagedOrphan();
    const report = await syncSchedules(h.gateway, etl(), [PARENT], true);
    expect(report.outcomes.find((o) => o.name === "old-nightly")).toMatchObject({ action: "deleted" });
    expect(h.fake.jobs.has(schedulerJobName("old-nightly"))).toBe(false);
    expect(h.fake.jobs.has(schedulerJobName("etl-nightly"))).toBe(true);
  });

  it("reports a schedule whose service is not deployed as failed, syncs the others, and never prunes it", async () => {
    h.fake.seedJob({ name: schedulerJobName("api-refresh"), description: `${MANAGED_DESCRIPTION_PREFIX} calls POST /refresh on Cloud Run service api`, schedule: "0 * * * *", httpTarget: target });
    const unresolved = [{ name: schedulerJobName("api-refresh"), target: "service api POST /refresh", error: "service api is not deployed in test, so its URL is unknown" }];
    const report = await syncSchedules(h.gateway, etl(), [PARENT], true, unresolved);
    expect(report.ok).toBe(false);
    expect(report.outcomes.find((o) => o.name === "api-refresh")).toMatchObject({ action: "failed", error: expect.stringContaining("not deployed") });
    expect(report.outcomes.find((o) => o.name === "etl-nightly")).toMatchObject({ action: "created" });
    expect(h.fake.jobs.has(schedulerJobName("api-refresh"))).toBe(true);
    expect(h.fake.callsOf("DeleteJob")).toEqual([]);
  });

  it("never reports, changes or deletes a schedule this pipeline did not create, even with prune", async () => {
    seedHandMade();
    const before = structuredClone(h.fake.jobs.get(schedulerJobName("hand-made")));
    const report = await syncSchedules(h.gateway, etl(), [PARENT], true);
    expect(report.outcomes.map((o) => o.name)).toEqual(["etl-nightly"]);
    expect(mutations(h.fake)).toEqual(["CreateJob"]);
    expect(h.fake.jobs.get(schedulerJobName("hand-made"))).toEqual(before);
  });

  it("finds orphans beyond the first page of ListJobs", async () => {
    for (let i = 0; i < 505; i++) {
      h.fake.seedJob({ name: schedulerJobName(`old-${i}`), description: `${MANAGED_DESCRIPTION_PREFIX} runs Cloud Run job old`, schedule: "0 1 * * *", httpTarget: target });
    }
    const report = await syncSchedules(h.gateway, etl(), [PARENT], false);
    expect(report.outcomes.filter((o) => o.action === "orphaned")).toHaveLength(505);
    expect(h.fake.callsOf("ListJobs").length).toBeGreaterThanOrEqual(2);
  });

  it("looks for orphans in every location it is given", async () => {
    const west = "projects/test-project/locations/europe-west1";
    h.fake.seedJob({ name: `${west}/jobs/old-west`, description: `${MANAGED_DESCRIPTION_PREFIX} runs Cloud Run job old`, schedule: "0 1 * * *", httpTarget: target });
    const report = await syncSchedules(h.gateway, etl(), [PARENT, west], true);
    expect(report.outcomes.find((o) => o.name === "old-west")).toMatchObject({ action: "deleted" });
    expect(h.fake.jobs.has(`${west}/jobs/old-west`)).toBe(false);
  });
});
