/**
 * deployJob when a reply is lost (the fake applies the call, then the client gets UNAVAILABLE or
 * DEADLINE_EXCEEDED): each write and RunJob is sent once, and the outcome is decided from the job
 * read back, never by sending it again blindly.
 */
import { describe, expect, it } from "vitest";
import { deployJob } from "../../ci/src/jobs/deploy-job.js";
import { PREVIOUS_IMAGE_ANNOTATION } from "../../ci/src/jobs/render.js";
import { Code } from "../fakes/cloud-run/index.js";
import { storedImage, storedJob, useFakeJobs } from "./support/harness.js";
import { deployOptions, digestRef, jobName, jobSpec, render } from "./support/specs.js";

const h = useFakeJobs();
const etl = jobSpec("etl", { tasks: 2 });
const generation = () => Number(storedJob(h.fake, "etl").generation);
const codes = (method: string) => h.fake.callsOf(method).map((c) => c.code);

async function deployed(build = 1) {
  await deployJob(h.gateway, render(etl, build), deployOptions());
  h.fake.clearRecords();
}

describe.each([
  ["UNAVAILABLE", Code.UNAVAILABLE],
  ["DEADLINE_EXCEEDED", Code.DEADLINE_EXCEEDED],
] as const)("deployJob: a lost reply (%s)", (_, code) => {
  it("finds a lost UpdateJob reply applied: one generation bump, reported deployed, not aborted", async () => {
    await deployed(1);
    h.fake.faults.readinessDelayMs = 100;
    h.fake.faults.loseNextReply("UpdateJob", code);
    const report = await deployJob(h.gateway, render(etl, 2), deployOptions());
    expect(report.status).toBe("deployed");
    expect(report.reason).toBeUndefined();
    expect(codes("UpdateJob")).toEqual([code]);
    expect(generation()).toBe(2);
    expect(storedImage(h.fake, "etl")).toBe(digestRef("etl", 2));
    expect(storedJob(h.fake, "etl").annotations?.[PREVIOUS_IMAGE_ANNOTATION]).toBe(digestRef("etl", 1));
    expect(storedJob(h.fake, "etl").reconciling).toBe(false);
    expect(report.previousImage).toBe(digestRef("etl", 1));
    expect(report.notes).toEqual([`gRPC code ${code} on the update; read back: it was applied`]);
    expect(report.jobAfter).toBe(`generation 2, ready, image ${digestRef("etl", 2)}`);
  });

  it("finds a lost CreateJob reply created: one CreateJob, reported created", async () => {
    h.fake.faults.readinessDelayMs = 100;
    h.fake.faults.loseNextReply("CreateJob", code);
    const report = await deployJob(h.gateway, render(etl), deployOptions());
    expect(report.status).toBe("created");
    expect(codes("CreateJob")).toEqual([code]);
    expect(h.fake.callsOf("UpdateJob")).toEqual([]);
    expect(generation()).toBe(1);
    expect(storedJob(h.fake, "etl").reconciling).toBe(false);
    expect(report.notes).toEqual([`gRPC code ${code} on the create; read back: it was created`]);
    expect(report.jobAfter).toMatch(/^generation 1, ready, /);
  });

  it("starts exactly one execution when the RunJob reply is lost, and the report names it", async () => {
    await deployed();
    h.fake.faults.loseNextReply("RunJob", code);
    const report = await deployJob(h.gateway, render(etl), deployOptions({ execute: true }));
    const job = h.fake.state.jobs.get(jobName("etl"))!;
    expect(codes("RunJob")).toEqual([code]);
    expect(job.executions.size).toBe(1);
    expect(report.status).toBe("unchanged");
    expect(report.execution).toMatchObject({ name: job.executionOrder[0], status: "started" });
    expect(report.notes).toEqual([expect.stringContaining(`it started execution ${job.executionOrder[0]}, not run again`)]);
  });

  it("follows the execution a lost RunJob reply started to its end with --wait, without a second RunJob", async () => {
    await deployed();
    h.fake.faults.loseNextReply("RunJob", code);
    const report = await deployJob(h.gateway, render(etl), deployOptions({ execute: true, wait: true }));
    const job = h.fake.state.jobs.get(jobName("etl"))!;
    expect(codes("RunJob")).toEqual([code]);
    expect(job.executions.size).toBe(1);
    expect(report.status).toBe("unchanged");
    expect(report.execution).toMatchObject({ name: job.executionOrder[0], status: "succeeded", succeeded: 2, tasks: 2 });
    expect(report.jobAfter).toContain(`latest execution ${job.executionOrder[0]} (succeeded)`);
  });
});

describe("deployJob: a transient error on a call that was not applied", () => {
  it("sends an UpdateJob refused with UNAVAILABLE again once reading back shows it was not applied, and succeeds", async () => {
    await deployed(1);
    h.fake.faults.failNextCalls("UpdateJob", Code.UNAVAILABLE, 1);
    const report = await deployJob(h.gateway, render(etl, 2), deployOptions());
    expect(report.status).toBe("deployed");
    expect(codes("UpdateJob")).toEqual([Code.UNAVAILABLE, Code.OK]);
    expect(generation()).toBe(2);
    expect(storedImage(h.fake, "etl")).toBe(digestRef("etl", 2));
    expect(report.notes).toEqual([`gRPC code ${Code.UNAVAILABLE} on the update; read back: not applied`]);
  });

  it("does not send a RunJob refused with UNAVAILABLE again: no execution found, reported with the command to look", async () => {
    await deployed();
    h.fake.faults.failNextCalls("RunJob", Code.UNAVAILABLE, 1);
    const report = await deployJob(h.gateway, render(etl), deployOptions({ execute: true, wait: true }));
    expect(codes("RunJob")).toEqual([Code.UNAVAILABLE]);
    expect(h.fake.state.jobs.get(jobName("etl"))!.executions.size).toBe(0);
    expect(report.status).toBe("failed");
    expect(report.execution).toBeUndefined();
    expect(report.reason).toContain("no execution created since the deploy read the job was found");
    expect(report.reason).toContain("The job was not run again");
    expect(report.reason).toContain("`gcloud run jobs executions list --job=etl --region=us-central1 --project=test-project`");
  });
});
