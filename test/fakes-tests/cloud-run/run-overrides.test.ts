// RunJob overrides in the fake (test/fakes/cloud-run/run-overrides.ts), through the real client:
// applied to that execution only (task count, timeout, args, env), and refused with
// INVALID_ARGUMENT, one test per rejection, with no execution started.
import { describe, expect, it } from "vitest";
import { status } from "@grpc/grpc-js";
import type { protos } from "@google-cloud/run";
import { PARENT } from "./clients.js";
import { rejection, useFakeCloudRun } from "./lifecycle.js";

type IOverrides = protos.google.cloud.run.v2.RunJobRequest.IOverrides;

const jobName = (id: string) => `${PARENT}/jobs/${id}`;

describe("fake Cloud Run: RunJob overrides", () => {
  const h = useFakeCloudRun();

  /** Job etl: 2 tasks, 600 s, container "etl" with args [--daily] and MODE=full. */
  async function createJob() {
    const template = {
      taskCount: 2,
      template: { timeout: { seconds: 600 }, containers: [{ name: "etl", image: "img:1", args: ["--daily"], env: [{ name: "MODE", value: "full" }] }] },
    };
    const [op] = await h.run.jobs.createJob({ parent: PARENT, jobId: "etl", job: { template } });
    await op.promise();
  }

  const run = (overrides: IOverrides) => h.run.jobs.runJob({ name: jobName("etl"), overrides });
  const executions = () => h.fake.state.jobs.get(jobName("etl"))!.executions.size;

  async function rejected(overrides: IOverrides, field: string): Promise<string> {
    await createJob();
    const err = await rejection(run(overrides));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toContain(field);
    expect(executions()).toBe(0);
    return err.details as string;
  }

  it("applies task count, timeout, args and env to the execution, and leaves the job as it was", async () => {
    await createJob();
    const [op] = await run({ taskCount: 4, timeout: { seconds: 3600 }, containerOverrides: [{ name: "etl", args: ["--full-refresh"], env: [{ name: "RUN_MODE", value: "backfill" }] }] });
    const [execution] = await op.promise();
    const [read] = await h.run.executions.getExecution({ name: execution.name! });
    expect(read.taskCount).toBe(4);
    expect(Number(read.template?.timeout?.seconds)).toBe(3600);
    expect(read.template?.containers?.[0]?.args).toEqual(["--full-refresh"]);
    expect(read.template?.containers?.[0]?.env?.map((e) => [e.name, e.value])).toEqual([["MODE", "full"], ["RUN_MODE", "backfill"]]);
    const [job] = await h.run.jobs.getJob({ name: jobName("etl") });
    expect(job.template?.taskCount).toBe(2);
    expect(job.template?.template?.containers?.[0]?.args).toEqual(["--daily"]);
  });

  it("clears the args for clear_args", async () => {
    await createJob();
    const [op] = await run({ containerOverrides: [{ name: "etl", clearArgs: true }] });
    const [execution] = await op.promise();
    const [read] = await h.run.executions.getExecution({ name: execution.name! });
    expect(read.template?.containers?.[0]?.args ?? []).toEqual([]);
  });

  it("keeps the job's task count for task_count 0 (unset), and accepts the edges 10000 tasks and 168 hours", async () => {
    await createJob();
    const [keep] = await run({ taskCount: 0 });
    expect((await keep.promise())[0].taskCount).toBe(2);
    const [edges] = await run({ taskCount: 10000, timeout: { seconds: 168 * 3600 } });
    const [execution] = await edges.promise();
    expect(execution.taskCount).toBe(10000);
  });

  it("rejects a container override naming a container the job does not have", async () => {
    expect(await rejected({ containerOverrides: [{ name: "worker", args: ["--x"] }] }, "overrides.container_overrides[0].name")).toContain("no container named 'worker' (its containers: etl)");
  });

  it("rejects args together with clear_args", async () => {
    expect(await rejected({ containerOverrides: [{ name: "etl", args: ["--x"], clearArgs: true }] }, "overrides.container_overrides[0]")).toContain("args and clear_args cannot both be set");
  });

  it("rejects a negative task_count", async () => {
    expect(await rejected({ taskCount: -1 }, "overrides.task_count")).toContain("got -1");
  });

  it("rejects task_count 10001 (at most 10000)", async () => {
    expect(await rejected({ taskCount: 10001 }, "overrides.task_count")).toContain("between 1 and 10000");
  });

  it("rejects a timeout above 168 hours", async () => {
    expect(await rejected({ timeout: { seconds: 168 * 3600 + 1 } }, "overrides.timeout")).toContain("604800s");
  });

  it("rejects a reserved env name of jobs", async () => {
    const details = await rejected({ containerOverrides: [{ name: "etl", env: [{ name: "CLOUD_RUN_TASK_COUNT", value: "4" }] }] }, "overrides.container_overrides[0].env");
    expect(details).toContain("reserved env names were provided: CLOUD_RUN_TASK_COUNT");
  });

  it("accepts PORT in a job's override (reserved for services only)", async () => {
    await createJob();
    const [op] = await run({ containerOverrides: [{ name: "etl", env: [{ name: "PORT", value: "9000" }] }] });
    await op.promise();
    expect(executions()).toBe(1);
  });

  it("rejects an env name given twice in one override", async () => {
    const env = [{ name: "RUN_MODE", value: "a" }, { name: "RUN_MODE", value: "b" }];
    expect(await rejected({ containerOverrides: [{ name: "etl", env }] }, "overrides.container_overrides[0].env[1].name")).toContain("more than once");
  });

  it("rejects an env var without a name", async () => {
    await rejected({ containerOverrides: [{ name: "etl", env: [{ value: "x" }] }] }, "overrides.container_overrides[0].env[0].name");
  });

  it("rejects an env value over 32768 bytes", async () => {
    await rejected({ containerOverrides: [{ name: "etl", env: [{ name: "BIG", value: "x".repeat(32769) }] }] }, "overrides.container_overrides[0].env[0].value");
  });
});
