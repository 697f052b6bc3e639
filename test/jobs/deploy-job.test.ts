/**
 * deployJob against the Cloud Run Admin v2 fake through the official JobsClient/ExecutionsClient:
 * create, skip-unchanged, update with the previous image recorded, transient errors, etag races.
 */
import { status } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import type { JobsGateway } from "../../ci/src/gcp/cloud-run-jobs.js";
import type { CloudRunJobResource } from "../../ci/src/gcp/run-job-resource.js";
import { CONFIG_HASH_ANNOTATION } from "../../ci/src/gcp/run-template.js";
import { deployJob } from "../../ci/src/jobs/deploy-job.js";
import { PREVIOUS_IMAGE_ANNOTATION } from "../../ci/src/jobs/render.js";
import { forwarding, mutations, storedImage, storedJob, useFakeJobs } from "./support/harness.js";
import { deployOptions, digestRef, jobName, jobSpec, PARENT, render } from "./support/specs.js";

const h = useFakeJobs();
const etl = jobSpec("etl", { tasks: 2, maxRetries: 1, env: { MODE: "full" } });

describe("deployJob: first deploy", () => {
  it("creates a missing job and reports it created", async () => {
    const report = await deployJob(h.gateway, render(etl), deployOptions());
    expect(report.status).toBe("created");
    expect(mutations(h.fake)).toEqual(["CreateJob"]);
    expect(storedImage(h.fake, "etl")).toBe(digestRef("etl"));
  });

  it("stores the rendered task settings and the configuration hash", async () => {
    const rendered = render(etl);
    await deployJob(h.gateway, rendered, deployOptions());
    const job = storedJob(h.fake, "etl");
    expect(job.template?.taskCount).toBe(2);
    expect(job.template?.template?.maxRetries).toBe(1);
    expect(job.annotations?.[CONFIG_HASH_ANNOTATION]).toBe(rendered.configHash);
    expect(job.labels).toEqual({ "managed-by": "cloud-run-pipeline", commit: "abc1234" });
  });
});

describe("deployJob: redeploy", () => {
  it("makes no mutating call when the image and configuration are unchanged", async () => {
    await deployJob(h.gateway, render(etl), deployOptions());
    h.fake.clearRecords();
    const report = await deployJob(h.gateway, render(etl), deployOptions());
    expect(report.status).toBe("unchanged");
    expect(mutations(h.fake)).toEqual([]);
    expect(report.previousImage).toBeUndefined();
  });

  it("updates the job to a new image and records the previous one", async () => {
    await deployJob(h.gateway, render(etl, 1), deployOptions());
    h.fake.clearRecords();
    const report = await deployJob(h.gateway, render(etl, 2, "bbb2222"), deployOptions({ commit: "bbb2222" }));
    expect(report.status).toBe("deployed");
    expect(report.previousImage).toBe(digestRef("etl", 1));
    expect(mutations(h.fake)).toEqual(["UpdateJob"]);
    const job = storedJob(h.fake, "etl");
    expect(job.template?.template?.containers?.[0]?.image).toBe(digestRef("etl", 2));
    expect(job.annotations?.[PREVIOUS_IMAGE_ANNOTATION]).toBe(digestRef("etl", 1));
    expect(job.labels?.["commit"]).toBe("bbb2222");
  });

  it("updates the job when only its configuration changed, keeping the image", async () => {
    await deployJob(h.gateway, render(etl), deployOptions());
    const changed = jobSpec("etl", { tasks: 4, maxRetries: 1, env: { MODE: "full" } });
    const report = await deployJob(h.gateway, render(changed), deployOptions());
    expect(report.status).toBe("deployed");
    expect(storedJob(h.fake, "etl").template?.taskCount).toBe(4);
    expect(storedJob(h.fake, "etl").annotations?.[PREVIOUS_IMAGE_ANNOTATION]).toBeUndefined();
  });

  it("keeps labels and annotations someone else put on the job", async () => {
    await deployJob(h.gateway, render(etl, 1), deployOptions());
    const [live] = await h.other.getJob({ name: jobName("etl") });
    const [op] = await h.other.updateJob({ job: { ...live, labels: { ...live.labels, owner: "data-team" }, annotations: { ...live.annotations, "example.com/note": "keep" } } });
    await op.promise();
    await deployJob(h.gateway, render(etl, 2), deployOptions());
    const job = storedJob(h.fake, "etl");
    expect(job.labels?.["owner"]).toBe("data-team");
    expect(job.annotations?.["example.com/note"]).toBe("keep");
  });
});

describe("deployJob: a job that exists but was not deployed by the pipeline", () => {
  it("updates it to the rendered job and records its image as the previous one", async () => {
    const theirs = "us-docker.pkg.dev/cloudrun/container/job:latest";
    const [op] = await h.other.createJob({ parent: PARENT, jobId: "etl", job: { template: { template: { containers: [{ image: theirs }] } } } });
    await op.promise();
    const report = await deployJob(h.gateway, render(etl), deployOptions());
    expect(report.status).toBe("deployed");
    expect(report.previousImage).toBe(theirs);
    expect(storedImage(h.fake, "etl")).toBe(digestRef("etl"));
    expect(storedJob(h.fake, "etl").annotations?.[PREVIOUS_IMAGE_ANNOTATION]).toBe(theirs);
  });
});

describe("deployJob: create race", () => {
  /** Someone creates the job (through another client) between the pipeline's read and its create. */
  function createdBeforeCreate(gateway: JobsGateway, job: CloudRunJobResource): JobsGateway {
    return forwarding(gateway, {
      async startCreateJob(parent, id, wanted) {
        const [op] = await h.other.createJob({ parent, jobId: id, job: job as never });
        await op.promise();
        return gateway.startCreateJob(parent, id, wanted);
      },
    });
  }

  it("aborts on ALREADY_EXISTS and keeps the job someone else created meanwhile, without updating it", async () => {
    const theirs = digestRef("etl", 7);
    const report = await deployJob(createdBeforeCreate(h.gateway, { template: { template: { containers: [{ image: theirs }] } } }), render(etl), deployOptions());
    expect(report.status).toBe("aborted");
    expect(report.reason).toMatch(/someone else created job etl while this deploy was creating it; nothing was overwritten.*Re-run the deploy/);
    expect(h.fake.callsOf("CreateJob").map((c) => c.code)).toEqual([status.OK, status.ALREADY_EXISTS]);
    expect(h.fake.callsOf("UpdateJob")).toEqual([]);
    expect(storedImage(h.fake, "etl")).toBe(theirs);
  });

  it("leaves a job created meanwhile with the same image and configuration alone", async () => {
    const rendered = render(etl);
    const report = await deployJob(createdBeforeCreate(h.gateway, rendered.resource), rendered, deployOptions());
    expect(report.status).toBe("unchanged");
    expect(h.fake.callsOf("UpdateJob")).toEqual([]);
  });
});

describe("deployJob: transient errors", () => {
  it("retries CreateJob through an UNAVAILABLE burst", async () => {
    h.fake.faults.failNextCalls("CreateJob", status.UNAVAILABLE, 2);
    const report = await deployJob(h.gateway, render(etl), deployOptions());
    expect(report.status).toBe("created");
    expect(h.fake.callsOf("CreateJob").map((c) => c.code)).toEqual([status.UNAVAILABLE, status.UNAVAILABLE, status.OK]);
    expect(storedImage(h.fake, "etl")).toBe(digestRef("etl"));
  });

  it("retries UpdateJob through an UNAVAILABLE burst", async () => {
    await deployJob(h.gateway, render(etl, 1), deployOptions());
    h.fake.faults.failNextCalls("UpdateJob", status.UNAVAILABLE, 2);
    const report = await deployJob(h.gateway, render(etl, 2), deployOptions());
    expect(report.status).toBe("deployed");
    expect(h.fake.callsOf("UpdateJob").map((c) => c.code)).toEqual([status.UNAVAILABLE, status.UNAVAILABLE, status.OK]);
    expect(storedImage(h.fake, "etl")).toBe(digestRef("etl", 2));
  });

  it("does not retry a permanent error and surfaces it", async () => {
    h.fake.faults.failNextCalls("CreateJob", status.PERMISSION_DENIED, 1, "Permission 'run.jobs.create' denied on resource 'etl'.");
    await expect(deployJob(h.gateway, render(etl), deployOptions())).rejects.toThrow(/run\.jobs\.create/);
    expect(h.fake.callsOf("CreateJob")).toHaveLength(1);
  });
});

describe("deployJob: concurrent change", () => {
  /** The job changes (through another client) between the pipeline's read and its update. */
  function changedBeforeUpdate(gateway: JobsGateway, image: string): JobsGateway {
    return forwarding(gateway, {
      async startUpdateJob(job) {
        const [live] = await h.other.getJob({ name: jobName("etl") });
        const [op] = await h.other.updateJob({ job: { ...live, template: { ...live.template, template: { ...live.template?.template, containers: [{ image }] } } } });
        await op.promise();
        return gateway.startUpdateJob(job);
      },
    });
  }

  it("aborts on an etag conflict and overwrites nothing", async () => {
    await deployJob(h.gateway, render(etl, 1), deployOptions());
    const theirs = digestRef("etl", 9);
    const report = await deployJob(changedBeforeUpdate(h.gateway, theirs), render(etl, 2), deployOptions());
    expect(report.status).toBe("aborted");
    expect(report.reason).toMatch(/changed while this deploy was preparing.*Re-run the deploy/);
    expect(h.fake.callsOf("UpdateJob").map((c) => c.code)).toEqual([status.OK, status.ABORTED]);
    expect(storedImage(h.fake, "etl")).toBe(theirs);
    expect(storedJob(h.fake, "etl").annotations?.[PREVIOUS_IMAGE_ANNOTATION]).toBeUndefined();
  });
});
