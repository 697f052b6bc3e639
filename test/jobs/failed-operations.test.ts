/**
 * deployJob when Cloud Run accepts a change but its operation fails (e.g. the image cannot be
 * pulled): the release fails with Cloud Run's message, and the next deploy tries again.
 */
import { status } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { deployJob, previousImageOf } from "../../ci/src/jobs/deploy-job.js";
import { mutations, storedImage, useFakeJobs } from "./support/harness.js";
import { deployOptions, digestRef, jobName, jobSpec, render } from "./support/specs.js";

const h = useFakeJobs();
const etl = jobSpec("etl");
const NOT_FOUND_IMAGE = "Image 'us-central1-docker.pkg.dev/test-project/dataface/etl@sha256:...' not found.";

describe("deployJob: failed operations", () => {
  it("reports a create whose operation failed as failed, with Cloud Run's message", async () => {
    h.fake.faults.failNextOperation("CreateJob", status.FAILED_PRECONDITION, NOT_FOUND_IMAGE);
    const report = await deployJob(h.gateway, render(etl), deployOptions());
    expect(report.status).toBe("failed");
    expect(report.reason).toContain(NOT_FOUND_IMAGE);
  });

  it("reports an accepted update whose operation failed as failed, not as an aborted (untouched) deploy", async () => {
    await deployJob(h.gateway, render(etl, 1), deployOptions());
    h.fake.faults.failNextOperation("UpdateJob", status.FAILED_PRECONDITION, NOT_FOUND_IMAGE);
    const report = await deployJob(h.gateway, render(etl, 2), deployOptions());
    expect(report.status).toBe("failed");
    expect(report.reason).toContain(NOT_FOUND_IMAGE);
    expect(report.reason).toContain("rollback-job");
    expect(report.reason).not.toMatch(/nothing was overwritten/);
    expect(report.previousImage).toBe(digestRef("etl", 1));
  });

  it("still records the previous image after a failed update, so rollback-job can restore it", async () => {
    await deployJob(h.gateway, render(etl, 1), deployOptions());
    h.fake.faults.failNextOperation("UpdateJob", status.FAILED_PRECONDITION, NOT_FOUND_IMAGE);
    await deployJob(h.gateway, render(etl, 2), deployOptions());
    expect(previousImageOf(await h.gateway.getJob(jobName("etl")), "etl")).toBe(digestRef("etl", 1));
  });

  it("deploys again (not unchanged) when the same image and configuration failed last time", async () => {
    h.fake.faults.failNextOperation("CreateJob", status.FAILED_PRECONDITION, NOT_FOUND_IMAGE);
    await deployJob(h.gateway, render(etl), deployOptions());
    h.fake.clearRecords();
    const report = await deployJob(h.gateway, render(etl), deployOptions());
    expect(report.status).toBe("deployed");
    expect(mutations(h.fake)).toEqual(["UpdateJob"]);
    expect(storedImage(h.fake, "etl")).toBe(digestRef("etl"));
  });
});
