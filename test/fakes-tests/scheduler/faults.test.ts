import { describe, expect, it } from "vitest";
import { status } from "@grpc/grpc-js";
import { PARENT, jobName, nightlyJob, rejection, useFakeScheduler } from "./clients.js";

describe("fake Cloud Scheduler: fault injection", () => {
  const h = useFakeScheduler();

  it("fails the next N calls of a non-retried method with UNAVAILABLE, then succeeds", async () => {
    h.fake.faults.unavailable("CreateJob", 2);
    for (let i = 0; i < 2; i++) {
      expect((await rejection(h.client.createJob({ parent: PARENT, job: nightlyJob() }))).code).toBe(status.UNAVAILABLE);
    }
    await h.client.createJob({ parent: PARENT, job: nightlyJob() });
    expect(h.fake.callsOf("CreateJob").map((c) => c.code)).toEqual([status.UNAVAILABLE, status.UNAVAILABLE, status.OK]);
    expect(h.fake.mutatingCalls()).toHaveLength(3);
  });

  it("lets the client's own retry absorb an UNAVAILABLE burst on GetJob", async () => {
    h.fake.seedJob(nightlyJob());
    h.fake.faults.unavailable("GetJob", 2);
    const [job] = await h.client.getJob({ name: jobName("nightly") });
    expect(job.name).toBe(jobName("nightly"));
    expect(h.fake.callsOf("GetJob").map((c) => c.code)).toEqual([status.UNAVAILABLE, status.UNAVAILABLE, status.OK]);
  });

  it("answers ALREADY_EXISTS when another caller creates the same job first", async () => {
    h.fake.faults.raceNextCreate(nightlyJob("nightly", { schedule: "0 1 * * *" }));
    expect(h.fake.jobs.has(jobName("nightly"))).toBe(false);
    const err = await rejection(h.client.createJob({ parent: PARENT, job: nightlyJob() }));
    expect(err.code).toBe(status.ALREADY_EXISTS);
    const [job] = await h.client.getJob({ name: jobName("nightly") });
    expect(job.schedule).toBe("0 1 * * *");
  });

  it("denies a method whose permission the caller lacks, naming the permission", async () => {
    h.fake.seedJob(nightlyJob());
    h.fake.faults.denyMethod("UpdateJob");
    const err = await rejection(h.client.updateJob({ job: { name: jobName("nightly"), schedule: "0 4 * * *" }, updateMask: { paths: ["schedule"] } }));
    expect(err.code).toBe(status.PERMISSION_DENIED);
    expect(err.details).toContain('"cloudscheduler.jobs.update"');
    expect(err.details).toContain(jobName("nightly"));
    expect(h.fake.jobs.get(jobName("nightly"))?.schedule).toBe("0 3 * * *");
    h.fake.faults.allowPermissions("cloudscheduler.jobs.update");
    await h.client.updateJob({ job: { name: jobName("nightly"), schedule: "0 4 * * *" }, updateMask: { paths: ["schedule"] } });
  });

  it("checks create permission on the parent location", async () => {
    h.fake.faults.denyPermissions("cloudscheduler.jobs.create");
    const err = await rejection(h.client.createJob({ parent: PARENT, job: nightlyJob() }));
    expect(err.code).toBe(status.PERMISSION_DENIED);
    expect(err.details).toContain(`"${PARENT}"`);
  });

  it("answers any injected code with the given message", async () => {
    h.fake.faults.failNextCalls("DeleteJob", status.PERMISSION_DENIED, 1, "The caller does not have permission");
    const err = await rejection(h.client.deleteJob({ name: jobName("nightly") }));
    expect(err.code).toBe(status.PERMISSION_DENIED);
    expect(err.details).toBe("The caller does not have permission");
  });

  it("refuses to inject faults into unknown methods", () => {
    expect(() => h.fake.faults.failNextCalls("CreateJobs", status.UNAVAILABLE)).toThrow(/unknown method "CreateJobs"/);
  });
});
