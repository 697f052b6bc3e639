import { describe, expect, it } from "vitest";
import { status } from "@grpc/grpc-js";
import { PARENT, conditionState } from "./clients.js";
import { rejection, useFakeCloudRun } from "./lifecycle.js";

const jobName = (id: string) => `${PARENT}/jobs/${id}`;
const jobTemplate = (image: string, taskCount = 1) => ({ taskCount, template: { containers: [{ image }] } });

describe("fake Cloud Run: jobs and executions", () => {
  const h = useFakeCloudRun();

  async function createJob(id: string, image = "img:1", taskCount = 1) {
    const [op] = await h.run.jobs.createJob({ parent: PARENT, jobId: id, job: { template: jobTemplate(image, taskCount) } });
    return (await op.promise())[0];
  }

  it("creates a job through an LRO and fills in the API defaults", async () => {
    await createJob("etl");
    const [job] = await h.run.jobs.getJob({ name: jobName("etl") });
    expect(conditionState(job.terminalCondition)).toBe("CONDITION_SUCCEEDED");
    expect(job.template?.taskCount).toBe(1);
    expect(job.template?.template?.maxRetries).toBe(3);
  });

  it("rejects creating a job that exists with ALREADY_EXISTS and an invalid id with INVALID_ARGUMENT", async () => {
    await createJob("etl");
    expect((await rejection(createJob("etl"))).code).toBe(status.ALREADY_EXISTS);
    expect((await rejection(createJob("Bad_Id"))).code).toBe(status.INVALID_ARGUMENT);
  });

  it("updates a job's image and bumps its generation", async () => {
    await createJob("etl");
    const [job] = await h.run.jobs.getJob({ name: jobName("etl") });
    const [op] = await h.run.jobs.updateJob({ job: { ...job, template: jobTemplate("img:2") } });
    await op.promise();
    const [updated] = await h.run.jobs.getJob({ name: jobName("etl") });
    expect(updated.template?.template?.containers?.[0]?.image).toBe("img:2");
    expect(Number(updated.generation)).toBe(2);
  });

  it("runs a job: the LRO resolves with a succeeded execution", async () => {
    await createJob("etl", "img:1", 3);
    const [op] = await h.run.jobs.runJob({ name: jobName("etl") });
    const [execution] = await op.promise();
    expect(execution.name).toMatch(/\/jobs\/etl\/executions\/etl-[a-z0-9]{5}$/);
    expect(execution.succeededCount).toBe(3);
    expect(execution.failedCount).toBe(0);
    expect(conditionState(execution.conditions?.find((c) => c.type === "Completed"))).toBe("CONDITION_SUCCEEDED");
    const [job] = await h.run.jobs.getJob({ name: jobName("etl") });
    expect(job.latestCreatedExecution?.completionStatus).toBe("EXECUTION_SUCCEEDED");
    expect(job.executionCount).toBe(1);
  });

  it("runs a job whose execution fails: the LRO rejects and the execution records failed tasks", async () => {
    await createJob("etl", "img:1", 2);
    h.fake.faults.failExecutions("etl", { failedTasks: 1 });
    const [op] = await h.run.jobs.runJob({ name: jobName("etl") });
    const err = await rejection(op.promise());
    expect(err.code).toBe(status.FAILED_PRECONDITION);
    const [executions] = await h.run.executions.listExecutions({ parent: jobName("etl") });
    expect(executions).toHaveLength(1);
    const execution = executions[0]!;
    expect(execution.failedCount).toBe(1);
    expect(execution.succeededCount).toBe(1);
    expect(conditionState(execution.conditions?.find((c) => c.type === "Completed"))).toBe("CONDITION_FAILED");
    const [job] = await h.run.jobs.getJob({ name: jobName("etl") });
    expect(job.latestCreatedExecution?.completionStatus).toBe("EXECUTION_FAILED");
  });

  it("applies RunJob overrides to the execution", async () => {
    await createJob("etl");
    const [op] = await h.run.jobs.runJob({
      name: jobName("etl"),
      overrides: { taskCount: 2, containerOverrides: [{ args: ["--full"], env: [{ name: "MODE", value: "full" }] }] },
    });
    const [execution] = await op.promise();
    expect(execution.taskCount).toBe(2);
    expect(execution.template?.containers?.[0]?.args).toEqual(["--full"]);
    const [fetched] = await h.run.executions.getExecution({ name: execution.name! });
    expect(fetched.template?.containers?.[0]?.env).toEqual([expect.objectContaining({ name: "MODE", value: "full" })]);
  });

  it("answers RunJob on an unknown job with NOT_FOUND", async () => {
    expect((await rejection(h.run.jobs.runJob({ name: jobName("missing") }))).code).toBe(status.NOT_FOUND);
  });

  it("grants a scheduler service account roles/run.invoker on a job", async () => {
    await createJob("etl");
    const binding = { role: "roles/run.invoker", members: ["serviceAccount:scheduler@test-project.iam.gserviceaccount.com"] };
    await h.run.jobs.setIamPolicy({ resource: jobName("etl"), policy: { bindings: [binding] } });
    const [policy] = await h.run.jobs.getIamPolicy({ resource: jobName("etl") });
    expect(policy.bindings).toEqual([expect.objectContaining(binding)]);
  });

  it("rejects a job's setIamPolicy with PERMISSION_DENIED when run.jobs.setIamPolicy is denied", async () => {
    await createJob("etl");
    h.fake.faults.deniedPermissions.add("run.jobs.setIamPolicy");
    const binding = { role: "roles/run.invoker", members: ["serviceAccount:scheduler@test-project.iam.gserviceaccount.com"] };
    const err = await rejection(h.run.jobs.setIamPolicy({ resource: jobName("etl"), policy: { bindings: [binding] } }));
    expect(err.code).toBe(status.PERMISSION_DENIED);
    expect(err.details).toBe(`Permission 'run.jobs.setIamPolicy' denied on resource '${jobName("etl")}' (or it may not exist).`);
  });

  it("needs run.jobs.runWithOverrides for RunJob with overrides, run.jobs.run without", async () => {
    await createJob("etl");
    h.fake.faults.deniedPermissions.add("run.jobs.runWithOverrides");
    const err = await rejection(h.run.jobs.runJob({ name: jobName("etl"), overrides: { taskCount: 2 } }));
    expect(err.code).toBe(status.PERMISSION_DENIED);
    const [op] = await h.run.jobs.runJob({ name: jobName("etl") });
    await op.promise();
  });

  it("tests job permissions: documented ones answer, a made-up one is INVALID_ARGUMENT", async () => {
    await createJob("etl");
    h.fake.faults.deniedPermissions.add("run.jobs.update");
    const [held] = await h.run.jobs.testIamPermissions({ resource: jobName("etl"), permissions: ["run.jobs.run", "run.jobs.update", "run.executions.cancel"] });
    expect(held.permissions).toEqual(["run.jobs.run", "run.executions.cancel"]);
    const err = await rejection(h.run.jobs.testIamPermissions({ resource: jobName("etl"), permissions: ["run.jobs.fly"] }));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
  });

  it("deletes a job through an LRO", async () => {
    await createJob("etl");
    const [op] = await h.run.jobs.deleteJob({ name: jobName("etl") });
    await op.promise();
    expect((await rejection(h.run.jobs.getJob({ name: jobName("etl") }))).code).toBe(status.NOT_FOUND);
  });
});
