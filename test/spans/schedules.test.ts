/**
 * The spans of a schedule sync against the Cloud Scheduler fake: one span for the sync, one per
 * schedule (failed when its sync failed), one per orphan search and per orphan deleted.
 */
import { status } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { jobSchedules, MANAGED_DESCRIPTION_PREFIX, serviceSchedules } from "../../ci/src/schedules/render.js";
import { syncSchedules } from "../../ci/src/schedules/sync.js";
import { useFakeScheduler } from "../schedules/support/harness.js";
import { ENV, jobWithSchedules, nightly, PARENT, schedulerJobName, SERVICE_URL, serviceWithSchedules } from "../schedules/support/specs.js";
import { ERROR, UNSET, useSpanRecorder } from "./support/recorder.js";

const h = useFakeScheduler();
const spans = useSpanRecorder();

const two = () => [
  ...jobSchedules(jobWithSchedules("etl", [nightly()]), ENV),
  ...serviceSchedules(serviceWithSchedules("api", [{ name: "api-refresh", schedule: "*/15 * * * *", path: "/tasks/refresh" }]), ENV, SERVICE_URL),
];

describe("spans of a schedule sync", () => {
  it("has one span per schedule and one for the orphan search under the sync span", async () => {
    const report = await syncSchedules(h.gateway, two(), [PARENT], false);
    expect(report.ok).toBe(true);
    const sync = spans.named("sync 2 schedules");
    expect(spans.childrenOf(sync).sort()).toEqual([`look for orphaned schedules in ${PARENT}`, "sync schedule api-refresh", "sync schedule etl-nightly"]);
    expect(spans.named("sync schedule etl-nightly").attributes).toMatchObject({ "schedule.action": "created" });
    expect(sync.status.code).toBe(UNSET);
  });

  it("fails only the span of the schedule whose call was refused, and the sync span", async () => {
    h.fake.faults.failNextCalls("CreateJob", status.INVALID_ARGUMENT, 1, "Schedule or time zone is invalid.");
    const report = await syncSchedules(h.gateway, two(), [PARENT], false);
    const failed = report.outcomes.find((o) => o.action === "failed")!;
    expect(spans.named(`sync schedule ${failed.name}`).status).toEqual({ code: ERROR, message: failed.error });
    expect(spans.all(/^sync schedule /).filter((s) => s.status.code === ERROR)).toHaveLength(1);
    expect(spans.named("sync 2 schedules").status).toEqual({ code: ERROR, message: "1 schedule(s) failed" });
  });

  it("names each orphan deleted with prune inside the orphan search", async () => {
    h.fake.seedJob({
      name: schedulerJobName("old-nightly"),
      description: `${MANAGED_DESCRIPTION_PREFIX} runs Cloud Run job old`,
      schedule: "0 1 * * *",
      httpTarget: { uri: "https://run.googleapis.com/v2/projects/test-project/locations/us-central1/jobs/old:run", oauthToken: { serviceAccountEmail: "scheduler-invoker@test-project.iam.gserviceaccount.com" } },
    });
    await syncSchedules(h.gateway, two(), [PARENT], true);
    const search = spans.named(`look for orphaned schedules in ${PARENT}`);
    expect(spans.childrenOf(search)).toEqual(["delete orphaned schedule old-nightly"]);
    expect(search.attributes).toMatchObject({ "schedules.deleted": 1, "schedules.orphaned": 0 });
  });
});
