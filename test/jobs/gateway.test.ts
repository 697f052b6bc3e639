/**
 * GoogleJobsGateway over the official clients: resources read back after operations (operation
 * results carry numeric enums), NOT_FOUND as undefined, the execution name known before it ends.
 */
import { describe, expect, it } from "vitest";
import { OperationFailedError } from "../../ci/src/gcp/cloud-run.js";
import { status } from "@grpc/grpc-js";
import { useFakeJobs } from "./support/harness.js";
import { digestRef, jobName, jobSpec, PARENT, render } from "./support/specs.js";

const h = useFakeJobs();

describe("GoogleJobsGateway", () => {
  it("returns a created job read back, with condition states as names", async () => {
    const job = await h.gateway.createJob(PARENT, "etl", render(jobSpec("etl")).resource);
    expect(job.name).toBe(jobName("etl"));
    expect(job.terminalCondition?.state).toBe("CONDITION_SUCCEEDED");
  });

  it("returns an updated job read back with the new image", async () => {
    const created = await h.gateway.createJob(PARENT, "etl", render(jobSpec("etl")).resource);
    const updated = await h.gateway.updateJob({ ...render(jobSpec("etl"), 2).resource, name: jobName("etl"), etag: created.etag });
    expect(updated.template?.template?.containers?.[0]?.image).toBe(digestRef("etl", 2));
    expect(updated.terminalCondition?.state).toBe("CONDITION_SUCCEEDED");
  });

  it("answers undefined for a job or execution that does not exist", async () => {
    expect(await h.gateway.getJob(jobName("missing"))).toBeUndefined();
    await h.gateway.createJob(PARENT, "etl", render(jobSpec("etl")).resource);
    expect(await h.gateway.getExecution(`${jobName("etl")}/executions/etl-zzzzz`)).toBeUndefined();
  });

  it("names the execution as soon as it starts, and resolves with it read back when it ends", async () => {
    await h.gateway.createJob(PARENT, "etl", render(jobSpec("etl", { tasks: 2 })).resource);
    const started = await h.gateway.runJob(jobName("etl"));
    expect(started.name).toMatch(new RegExp(`^${jobName("etl")}/executions/etl-[a-z0-9]{5}$`));
    const execution = await started.done();
    expect(execution.name).toBe(started.name);
    expect(execution.succeededCount).toBe(2);
    expect(execution.conditions?.find((c) => c.type === "Completed")?.state).toBe("CONDITION_SUCCEEDED");
  });

  it("rejects with OperationFailedError when an accepted change's operation fails", async () => {
    h.fake.faults.failNextOperation("CreateJob", status.INTERNAL, "Internal error encountered.");
    const err = await h.gateway.createJob(PARENT, "etl", render(jobSpec("etl")).resource).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationFailedError);
    expect((err as OperationFailedError).message).toContain("Internal error encountered.");
  });

  it("rejects an update carrying a stale etag with ABORTED, not OperationFailedError", async () => {
    await h.gateway.createJob(PARENT, "etl", render(jobSpec("etl")).resource);
    const err = await h.gateway.updateJob({ ...render(jobSpec("etl"), 2).resource, name: jobName("etl"), etag: "stale" }).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(OperationFailedError);
    expect((err as { code?: number }).code).toBe(status.ABORTED);
  });
});
