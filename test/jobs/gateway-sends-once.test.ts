/**
 * GoogleJobsGateway's writes and RunJob are sent once (the client library's retries and ours are
 * off for them), and its operation polls retry transient errors poll by poll.
 */
import { describe, expect, it } from "vitest";
import { OperationTimeoutError } from "../../ci/src/gcp/cloud-run.js";
import { Code } from "../fakes/cloud-run/index.js";
import { useFakeJobs } from "./support/harness.js";
import { jobName, jobSpec, PARENT, render } from "./support/specs.js";

const h = useFakeJobs();
const resource = (build = 1) => render(jobSpec("etl"), build).resource;

describe("GoogleJobsGateway sends writes and RunJob once", () => {
  it("rejects a CreateJob whose reply is lost with its code, after one call", async () => {
    h.fake.faults.loseNextReply("CreateJob", Code.UNAVAILABLE);
    await expect(h.gateway.startCreateJob(PARENT, "etl", resource())).rejects.toMatchObject({ code: Code.UNAVAILABLE });
    expect(h.fake.callsOf("CreateJob")).toHaveLength(1);
  });

  it("rejects an UpdateJob whose reply is lost with its code, after one call", async () => {
    const created = await h.gateway.createJob(PARENT, "etl", resource());
    h.fake.faults.loseNextReply("UpdateJob", Code.DEADLINE_EXCEEDED);
    await expect(h.gateway.startUpdateJob({ ...resource(2), name: jobName("etl"), etag: created.etag })).rejects.toMatchObject({ code: Code.DEADLINE_EXCEEDED });
    expect(h.fake.callsOf("UpdateJob")).toHaveLength(1);
  });

  it("rejects a RunJob whose reply is lost with its code, after one call and one execution", async () => {
    await h.gateway.createJob(PARENT, "etl", resource());
    h.fake.faults.loseNextReply("RunJob", Code.UNAVAILABLE);
    await expect(h.gateway.startRunJob(jobName("etl"))).rejects.toMatchObject({ code: Code.UNAVAILABLE });
    expect(h.fake.callsOf("RunJob")).toHaveLength(1);
    expect(h.fake.state.jobs.get(jobName("etl"))!.executions.size).toBe(1);
  });

  it("lists a job's executions, each with its createTime", async () => {
    await h.gateway.createJob(PARENT, "etl", resource());
    const first = await h.gateway.startRunJob(jobName("etl"));
    const second = await h.gateway.startRunJob(jobName("etl"));
    const listed = await h.gateway.listExecutions(jobName("etl"));
    expect(listed.map((e) => e.name).sort()).toEqual([first.execution, second.execution].sort());
    expect(listed.every((e) => Number(e.createTime?.seconds) > 0)).toBe(true);
  });
});

describe("GoogleJobsGateway operation polls", () => {
  it("retries a transient GetOperation error while waiting for an update", async () => {
    const created = await h.gateway.createJob(PARENT, "etl", resource());
    const operation = await h.gateway.startUpdateJob({ ...resource(2), name: jobName("etl"), etag: created.etag });
    h.fake.faults.failNextCalls("GetOperation", Code.RESOURCE_EXHAUSTED, 2);
    const job = await h.gateway.waitJobOperation(operation, { method: "UpdateJob" });
    expect(job.generation).toBe("2");
    expect(job.terminalCondition?.state).toBe("CONDITION_SUCCEEDED");
  });

  it("gives up with OperationTimeoutError when the execution outlives the time allowed", async () => {
    await h.gateway.createJob(PARENT, "etl", resource());
    h.fake.faults.executionDelayMs = 5_000;
    const run = await h.gateway.startRunJob(jobName("etl"));
    await expect(h.gateway.waitExecution(run, { timeoutMs: 50 })).rejects.toBeInstanceOf(OperationTimeoutError);
  });
});
