/**
 * rollback-job: jobs have no traffic, so a rollback redeploys the image recorded in the
 * cloud-run-pipeline/previous-image annotation.
 */
import { describe, expect, it } from "vitest";
import { deployJob, previousCommitOf, previousImageOf } from "../../ci/src/jobs/deploy-job.js";
import { PREVIOUS_COMMIT_ANNOTATION, PREVIOUS_IMAGE_ANNOTATION, renderJob } from "../../ci/src/jobs/render.js";
import { storedImage, storedJob, useFakeJobs } from "./support/harness.js";
import { deployOptions, digestRef, ENV, jobName, jobSpec, render } from "./support/specs.js";

const etl = jobSpec("etl");

describe("previousImageOf", () => {
  it("returns the recorded previous image", () => {
    expect(previousImageOf({ annotations: { [PREVIOUS_IMAGE_ANNOTATION]: digestRef("etl", 1) } }, "etl")).toBe(digestRef("etl", 1));
  });

  it("explains that a missing job has nothing to roll back", () => {
    expect(() => previousImageOf(undefined, "etl")).toThrow("job etl does not exist; nothing to roll back.");
  });

  it("explains that a job without a recorded previous image needs an older commit deployed instead", () => {
    expect(() => previousImageOf({ annotations: {} }, "etl")).toThrow(/job etl has no previous image recorded.*deploy an older commit instead/);
  });
});

describe("rollback-job against the fake", () => {
  const h = useFakeJobs();

  it("redeploys the previous image: A, then B, then rollback runs A again", async () => {
    await deployJob(h.gateway, render(etl, 1, "aaa1111"), deployOptions({ commit: "aaa1111" }));
    await deployJob(h.gateway, render(etl, 2, "bbb2222"), deployOptions({ commit: "bbb2222" }));
    const previous = previousImageOf(await h.gateway.getJob(jobName("etl")), "etl");
    expect(previous).toBe(digestRef("etl", 1));
    const report = await deployJob(h.gateway, renderJob(etl, ENV, previous, "bbb2222"), deployOptions({ commit: "bbb2222" }));
    expect(report.status).toBe("deployed");
    expect(report.previousImage).toBe(digestRef("etl", 2));
    expect(storedImage(h.fake, "etl")).toBe(digestRef("etl", 1));
    expect(storedJob(h.fake, "etl").annotations?.[PREVIOUS_IMAGE_ANNOTATION]).toBe(digestRef("etl", 2));
  });

  it("records the commit label of the image it replaces, so rollback-job can label the job with the image's own commit", async () => {
    await deployJob(h.gateway, render(etl, 1, "aaa1111"), deployOptions({ commit: "aaa1111" }));
    await deployJob(h.gateway, render(etl, 2, "bbb2222"), deployOptions({ commit: "bbb2222" }));
    const live = (await h.gateway.getJob(jobName("etl")))!;
    expect({ image: previousImageOf(live, "etl"), commit: previousCommitOf(live) }).toEqual({ image: digestRef("etl", 1), commit: "aaa1111" });
    // What rollbackJobCommand deploys: the previous image under its recorded commit.
    await deployJob(h.gateway, renderJob(etl, ENV, previousImageOf(live, "etl"), previousCommitOf(live)!), deployOptions({ commit: previousCommitOf(live)! }));
    expect(storedJob(h.fake, "etl").labels?.["commit"]).toBe("aaa1111");
    expect(storedJob(h.fake, "etl").annotations?.[PREVIOUS_COMMIT_ANNOTATION]).toBe("bbb2222");
  });

  it("records no previous commit when the replaced job carried no commit label", async () => {
    await deployJob(h.gateway, render(etl, 1, "aaa1111"), deployOptions({ commit: "aaa1111" }));
    const stored = storedJob(h.fake, "etl");
    delete stored.labels!["commit"];
    await deployJob(h.gateway, render(etl, 2, "bbb2222"), deployOptions({ commit: "bbb2222" }));
    const live = (await h.gateway.getJob(jobName("etl")))!;
    expect(previousImageOf(live, "etl")).toBe(digestRef("etl", 1));
    expect(previousCommitOf(live)).toBeUndefined();
  });

  it("refuses to roll back a job deployed only once", async () => {
    await deployJob(h.gateway, render(etl, 1), deployOptions());
    const live = await h.gateway.getJob(jobName("etl"));
    expect(() => previousImageOf(live, "etl")).toThrow(/no previous image recorded/);
  });

  it("refuses to roll back a job that does not exist", async () => {
    const live = await h.gateway.getJob(jobName("etl"));
    expect(live).toBeUndefined();
    expect(() => previousImageOf(live, "etl")).toThrow(/does not exist/);
  });
});
