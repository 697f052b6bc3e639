import { describe, expect, it } from "vitest";
import { status } from "@grpc/grpc-js";
import { jobName, nightlyJob, rejection, useFakeScheduler } from "./clients.js";

describe("fake Cloud Scheduler: seeding and system-set states", () => {
  const h = useFakeScheduler();

  it("seeds a job by bare id under the default project and location without recording a call", async () => {
    h.fake.seedJob({ ...nightlyJob(), name: "nightly" });
    const [job] = await h.client.getJob({ name: jobName("nightly") });
    expect(job.state).toBe("ENABLED");
    expect(h.fake.calls.map((c) => c.method)).toEqual(["GetJob"]);
  });

  it("refuses to seed a job CreateJob would reject", () => {
    expect(() => h.fake.seedJob(nightlyJob("bad", { schedule: "tomorrow" }))).toThrow(/seedJob: CreateJob would reject this job: Schedule or time zone is invalid/);
  });

  it("recovers a job from UPDATE_FAILED with a successful update", async () => {
    h.fake.seedJob(nightlyJob());
    h.fake.store.setState(jobName("nightly"), "UPDATE_FAILED");
    const [updated] = await h.client.updateJob({ job: { name: jobName("nightly"), schedule: "0 2 * * *" }, updateMask: { paths: ["schedule"] } });
    expect(updated.state).toBe("ENABLED");
  });

  it("refuses to pause a job the system DISABLED", async () => {
    h.fake.seedJob(nightlyJob(), { state: "DISABLED" });
    expect((await rejection(h.client.pauseJob({ name: jobName("nightly") }))).code).toBe(status.FAILED_PRECONDITION);
  });
});
