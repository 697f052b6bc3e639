/**
 * deployJob while GetOperation (the polls of a job update, create or execution) fails: transient
 * errors are retried poll by poll (the operation carries on in Cloud Run meanwhile); a poll that
 * fails for good is decided from the job read back, not reported as a failed release.
 */
import { describe, expect, it } from "vitest";
import { deployJob } from "../../ci/src/jobs/deploy-job.js";
import { Code } from "../fakes/cloud-run/index.js";
import { storedImage, useFakeJobs } from "./support/harness.js";
import { deployOptions, digestRef, jobName, jobSpec, render } from "./support/specs.js";

const h = useFakeJobs();
const etl = jobSpec("etl", { tasks: 2 });
const pollCodes = () => h.fake.callsOf("GetOperation").map((c) => c.code);

async function deployed(build = 1) {
  await deployJob(h.gateway, render(etl, build), deployOptions());
  h.fake.clearRecords();
}

describe("deployJob: transient GetOperation errors", () => {
  it.each([
    ["UNAVAILABLE", Code.UNAVAILABLE],
    ["RESOURCE_EXHAUSTED", Code.RESOURCE_EXHAUSTED],
  ] as const)("retries a GetOperation %s during a job update: deployed, not failed", async (_, code) => {
    await deployed(1);
    h.fake.faults.failNextCalls("GetOperation", code, 2);
    const report = await deployJob(h.gateway, render(etl, 2), deployOptions());
    expect(report.status).toBe("deployed");
    expect(pollCodes().slice(0, 3)).toEqual([code, code, Code.OK]);
    expect(h.fake.callsOf("UpdateJob")).toHaveLength(1);
    expect(storedImage(h.fake, "etl")).toBe(digestRef("etl", 2));
  });

  it("retries a lost GetOperation reply during a job create: created, not failed", async () => {
    h.fake.faults.loseNextReply("GetOperation", Code.UNAVAILABLE);
    const report = await deployJob(h.gateway, render(etl), deployOptions());
    expect(report.status).toBe("created");
    expect(pollCodes()[0]).toBe(Code.UNAVAILABLE);
    expect(h.fake.callsOf("CreateJob")).toHaveLength(1);
  });

  it("retries GetOperation errors while waiting for an execution: succeeded, one execution", async () => {
    await deployed();
    h.fake.faults.failNextCalls("GetOperation", Code.UNAVAILABLE, 2);
    const report = await deployJob(h.gateway, render(etl), deployOptions({ execute: true, wait: true }));
    expect(report.status).toBe("unchanged");
    expect(report.execution).toMatchObject({ status: "succeeded", succeeded: 2, tasks: 2 });
    expect(pollCodes().slice(0, 3)).toEqual([Code.UNAVAILABLE, Code.UNAVAILABLE, Code.OK]);
    expect(h.fake.callsOf("RunJob")).toHaveLength(1);
    expect(h.fake.state.jobs.get(jobName("etl"))!.executions.size).toBe(1);
  });
});

describe("deployJob: a GetOperation that fails for good", () => {
  it("decides a job update from the job read back: deployed, with a note", async () => {
    await deployed(1);
    h.fake.faults.failNextCalls("GetOperation", Code.PERMISSION_DENIED, 1);
    const report = await deployJob(h.gateway, render(etl, 2), deployOptions());
    expect(report.status).toBe("deployed");
    expect(report.notes).toEqual([expect.stringMatching(/^polling the operation failed .*; deciding from the job instead$/)]);
    expect(h.fake.callsOf("UpdateJob")).toHaveLength(1);
    expect(storedImage(h.fake, "etl")).toBe(digestRef("etl", 2));
  });

  it("follows an execution by reading it: succeeded, with a note, one execution", async () => {
    await deployed();
    h.fake.faults.executionDelayMs = 50;
    h.fake.faults.failNextCalls("GetOperation", Code.PERMISSION_DENIED, 1);
    const report = await deployJob(h.gateway, render(etl), deployOptions({ execute: true, wait: true }));
    expect(report.status).toBe("unchanged");
    expect(report.execution).toMatchObject({ status: "succeeded", succeeded: 2, tasks: 2 });
    expect(report.notes).toEqual([expect.stringMatching(/^polling the RunJob operation failed .*; following execution etl-[a-z0-9]{5} by reading it instead$/)]);
    expect(h.fake.callsOf("RunJob")).toHaveLength(1);
    expect(h.fake.state.jobs.get(jobName("etl"))!.executions.size).toBe(1);
  });
});
