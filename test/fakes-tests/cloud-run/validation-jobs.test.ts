// What the fake rejects in a job's templates and in RunJob overrides, one test per rejection,
// through the real client. Limits: test/fakes/cloud-run/limits.ts (from the Cloud Run docs).
import { describe, expect, it } from "vitest";
import { status } from "@grpc/grpc-js";
import type { protos } from "@google-cloud/run";
import { PARENT } from "./clients.js";
import { rejection, useFakeCloudRun } from "./lifecycle.js";

type IExecutionTemplate = protos.google.cloud.run.v2.IExecutionTemplate;
type ITaskTemplate = protos.google.cloud.run.v2.ITaskTemplate;
type IContainer = protos.google.cloud.run.v2.IContainer;

const jobName = (id: string) => `${PARENT}/jobs/${id}`;

/** The job the pipeline renders with its defaults (1 task, 3 retries, 600 s, cpu 1, 512Mi). */
function defaultExecution(task: ITaskTemplate = {}, container: IContainer = {}, execution: IExecutionTemplate = {}): IExecutionTemplate {
  return {
    labels: { "managed-by": "cloud-run-pipeline" },
    taskCount: 1,
    parallelism: 0,
    ...execution,
    template: {
      maxRetries: 3,
      timeout: { seconds: 600 },
      serviceAccount: "etl-runtime@test-project.iam.gserviceaccount.com",
      ...task,
      containers: [
        {
          name: "etl",
          image: "europe-docker.pkg.dev/test-project/apps/etl@sha256:bbb",
          env: [{ name: "MODE", value: "full" }],
          resources: { limits: { cpu: "1", memory: "512Mi" } },
          ...container,
        },
      ],
    },
  };
}

describe("fake Cloud Run: job templates the API rejects", () => {
  const h = useFakeCloudRun();

  const create = (template: IExecutionTemplate) => h.run.jobs.createJob({ parent: PARENT, jobId: "etl", job: { template } });

  async function rejected(template: IExecutionTemplate, field: string): Promise<string> {
    const err = await rejection(create(template));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toContain(field);
    expect(h.fake.state.jobs.size).toBe(0);
    return err.details as string;
  }

  it("accepts the job the pipeline renders by default, and the edges: 10 retries, 10000 tasks, a 168-hour timeout", async () => {
    const [op] = await create(defaultExecution());
    await op.promise();
    const edges = defaultExecution({ maxRetries: 10, timeout: { seconds: 168 * 3600 } }, {}, { taskCount: 10000 });
    const [update] = await h.run.jobs.updateJob({ job: { name: jobName("etl"), template: edges } });
    await update.promise();
    expect(h.fake.state.jobs.get(jobName("etl"))?.resource.template?.taskCount).toBe(10000);
  });

  it("rejects maxRetries 99 (0 to 10)", async () => {
    expect(await rejected(defaultExecution({ maxRetries: 99 }), "job.template.template.max_retries")).toContain("between 0 and 10");
  });

  it("rejects taskCount 20000 (at most 10000)", async () => {
    expect(await rejected(defaultExecution({}, {}, { taskCount: 20000 }), "job.template.task_count")).toContain("10000");
  });

  it("rejects a 30-day task timeout (at most 168 hours)", async () => {
    expect(await rejected(defaultExecution({ timeout: { seconds: 30 * 86400 } }), "job.template.template.timeout")).toContain("604800s");
  });

  it("rejects CLOUD_RUN_TASK_INDEX as an env var of a job", async () => {
    const template = defaultExecution({}, { env: [{ name: "CLOUD_RUN_TASK_INDEX", value: "0" }] });
    expect(await rejected(template, "job.template.template.containers[0].env")).toContain("reserved env names were provided: CLOUD_RUN_TASK_INDEX");
  });

  it("rejects a job volume mount naming no declared volume", async () => {
    await rejected(defaultExecution({}, { volumeMounts: [{ name: "cloudsql", mountPath: "/cloudsql" }] }), "job.template.template.containers[0].volume_mounts[0].name");
  });

  it("rejects a job service account that is not an email", async () => {
    await rejected(defaultExecution({ serviceAccount: "etl-runtime" }), "job.template.template.service_account");
  });

  it("rejects a job with 64Gi memory", async () => {
    await rejected(defaultExecution({}, { resources: { limits: { cpu: "8", memory: "64Gi" } } }), "job.template.template.containers[0].resources.limits.memory");
  });

  it("rejects RunJob overrides with taskCount 20000, and starts no execution", async () => {
    const [op] = await create(defaultExecution());
    await op.promise();
    const err = await rejection(h.run.jobs.runJob({ name: jobName("etl"), overrides: { taskCount: 20000 } }));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toContain("overrides.task_count");
    expect(h.fake.state.jobs.get(jobName("etl"))?.executions.size).toBe(0);
  });
});
