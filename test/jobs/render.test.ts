/**
 * renderJob: the Cloud Run v2 Job the pipeline wants, built from a catalog job spec.
 */
import { describe, expect, it } from "vitest";
import { CONFIG_HASH_ANNOTATION } from "../../ci/src/gcp/run-template.js";
import { renderJob } from "../../ci/src/jobs/render.js";
import { digestRef, ENV, jobSpec, render } from "./support/specs.js";

const task = (run: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => render(jobSpec("etl", run, extra)).resource.template!.template!;
const container = (run: Record<string, unknown> = {}) => task(run).containers![0]!;

describe("renderJob", () => {
  it("runs the image by its digest reference", () => {
    expect(container().image).toBe(digestRef("etl"));
    expect(render(jobSpec("etl")).image).toBe(digestRef("etl"));
  });

  it("names the job in the environment's project and region", () => {
    const rendered = render(jobSpec("etl"));
    expect(rendered.parent).toBe("projects/test-project/locations/us-central1");
    expect(rendered.name).toBe("projects/test-project/locations/us-central1/jobs/etl");
    expect(rendered.jobId).toBe("etl");
  });

  it("sets task count, parallelism, max retries and the task timeout", () => {
    const template = render(jobSpec("etl", { tasks: 8, parallelism: 2, maxRetries: 1, taskTimeout: "1800s" })).resource.template!;
    expect(template.taskCount).toBe(8);
    expect(template.parallelism).toBe(2);
    expect(template.template!.maxRetries).toBe(1);
    expect(template.template!.timeout).toEqual({ seconds: 1800 });
  });

  it("applies the schema defaults: one task, 3 retries, a 600s task timeout", () => {
    const template = render(jobSpec("etl")).resource.template!;
    expect(template.taskCount).toBe(1);
    expect(template.template!.maxRetries).toBe(3);
    expect(template.template!.timeout).toEqual({ seconds: 600 });
  });

  it("turns a bare service account id into an email in the environment's project", () => {
    expect(task({ serviceAccount: "ingestion-runtime" }).serviceAccount).toBe("ingestion-runtime@test-project.iam.gserviceaccount.com");
  });

  it("keeps a service account given as an email", () => {
    expect(task({ serviceAccount: "runner@other-project.iam.gserviceaccount.com" }).serviceAccount).toBe("runner@other-project.iam.gserviceaccount.com");
  });

  it("renders plain env vars and Secret Manager references sorted by name", () => {
    const env = container({ env: { ZED: "z", ALPHA: "a" }, secrets: { API_KEY: { secret: "api-key", version: "4" }, TOKEN: { secret: "token" } } }).env;
    expect(env).toEqual([
      { name: "ALPHA", value: "a" },
      { name: "API_KEY", valueSource: { secretKeyRef: { secret: "api-key", version: "4" } } },
      { name: "TOKEN", valueSource: { secretKeyRef: { secret: "token", version: "latest" } } },
      { name: "ZED", value: "z" },
    ]);
  });

  it("sets cpu and memory limits", () => {
    expect(container({ cpu: "2", memory: "1Gi" }).resources).toEqual({ limits: { cpu: "2", memory: "1Gi" } });
  });

  it("mounts Cloud SQL instances as a volume at /cloudsql", () => {
    const t = task({ cloudSqlInstances: ["test-project:us-central1:main"] });
    expect(t.volumes).toEqual([{ name: "cloudsql", cloudSqlInstance: { instances: ["test-project:us-central1:main"] } }]);
    expect(t.containers![0]!.volumeMounts).toEqual([{ name: "cloudsql", mountPath: "/cloudsql" }]);
  });

  it("adds no volume without Cloud SQL instances", () => {
    const t = task();
    expect(t.volumes).toBeUndefined();
    expect(t.containers![0]!.volumeMounts).toBeUndefined();
  });

  it("renders a Serverless VPC Access connector", () => {
    const connector = "projects/test-project/locations/us-central1/connectors/c1";
    expect(task({ vpc: { connector, egress: "all-traffic" } }).vpcAccess).toEqual({ connector, egress: "ALL_TRAFFIC" });
  });

  it("labels the job with managed-by and the commit, and the executions with managed-by", () => {
    const rendered = renderJob(jobSpec("etl", { labels: { team: "data" } }), ENV, digestRef("etl"), "fed4321");
    expect(rendered.resource.labels).toEqual({ team: "data", "managed-by": "cloud-run-pipeline", commit: "fed4321" });
    expect(rendered.resource.template!.labels).toEqual({ team: "data", "managed-by": "cloud-run-pipeline" });
  });

  it("records the configuration hash in an annotation", () => {
    const rendered = render(jobSpec("etl"));
    expect(rendered.resource.annotations).toEqual({ [CONFIG_HASH_ANNOTATION]: rendered.configHash });
    expect(rendered.configHash).toMatch(/^[0-9a-f]{16}$/);
  });

  it("hashes the configuration without the image: a new build keeps the hash", () => {
    expect(render(jobSpec("etl"), 1).configHash).toBe(render(jobSpec("etl"), 2).configHash);
  });

  it("changes the hash when the configuration changes", () => {
    const base = render(jobSpec("etl")).configHash;
    expect(render(jobSpec("etl", { tasks: 2 })).configHash).not.toBe(base);
    expect(render(jobSpec("etl", { env: { MODE: "full" } })).configHash).not.toBe(base);
    expect(render(jobSpec("etl", { taskTimeout: "900s" })).configHash).not.toBe(base);
    expect(render(jobSpec("etl", { labels: { team: "data" } })).configHash).not.toBe(base);
  });

  it("applies the environment's run overrides over the base settings", () => {
    const spec = jobSpec("etl", { tasks: 2, env: { MODE: "base" } }, { environments: { dev: { run: { tasks: 6, env: { MODE: "dev" } } } } });
    const template = render(spec).resource.template!;
    expect(template.taskCount).toBe(6);
    expect(template.template!.containers![0]!.env).toEqual([{ name: "MODE", value: "dev" }]);
  });

  it("keeps the base settings an environment override does not name (memory, env, secrets, retries)", () => {
    const run = { memory: "1Gi", maxRetries: 1, env: { MODE: "base" }, secrets: { API_KEY: { secret: "api-key" } } };
    const spec = jobSpec("etl", run, { environments: { dev: { run: { tasks: 6 } } } });
    const template = render(spec).resource.template!;
    expect(template.taskCount).toBe(6);
    expect(template.template!.maxRetries).toBe(1);
    expect(template.template!.containers![0]!.resources!.limits!.memory).toBe("1Gi");
    expect(template.template!.containers![0]!.env).toEqual([
      { name: "API_KEY", valueSource: { secretKeyRef: { secret: "api-key", version: "latest" } } },
      { name: "MODE", value: "base" },
    ]);
  });

  it("ignores another environment's overrides", () => {
    const spec = jobSpec("etl", { tasks: 2 }, { environments: { prod: { run: { tasks: 6 } } } });
    expect(render(spec).resource.template!.taskCount).toBe(2);
  });

  it("moves the job to an environment's region override", () => {
    const spec = jobSpec("etl", {}, { environments: { dev: { run: { region: "europe-west1" } } } });
    const rendered = render(spec);
    expect(rendered.region).toBe("europe-west1");
    expect(rendered.name).toBe("projects/test-project/locations/europe-west1/jobs/etl");
  });
});
