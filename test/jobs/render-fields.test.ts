/**
 * A job's container fields (command, args, working dir, volumes, sidecars, dependsOn, GPU,
 * execution environment, startup boost) rendered to the Cloud Run v2 Job request, deployed to the
 * in-repo fake through the real client (its own rules applied) and read back; the ones the pipeline
 * rendered are removed when the catalog drops them, without a refusal.
 */
import { describe, expect, it } from "vitest";
import { RENDERED_FIELDS_ANNOTATION } from "../../ci/src/gcp/run-resource.js";
import { deployJob } from "../../ci/src/jobs/deploy-job.js";
import { storedJob, useFakeJobs } from "./support/harness.js";
import { deployOptions, jobSpec, render } from "./support/specs.js";

const PROXY = `gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.1@sha256:${"c".repeat(64)}`;

const fields = {
  cpu: "4",
  memory: "16Gi",
  command: ["python", "-m", "ingest"],
  args: ["--full-refresh"],
  workingDir: "/app",
  startupCpuBoost: true,
  executionEnvironment: "gen2",
  gpu: { type: "nvidia-l4" },
  volumes: [
    { name: "creds", mountPath: "/secrets", secret: { secret: "projects/acme/secrets/warehouse-key" } },
    { name: "landing", mountPath: "/landing", gcs: { bucket: "acme-landing" } },
  ],
  sidecars: [{ name: "proxy", image: PROXY, args: ["--port=5432", "acme:europe-west1:main"], cpu: "1", memory: "512Mi", startupProbe: { tcp: true, port: 5432 } }],
  dependsOn: ["proxy"],
};

describe("renderJob: container fields", () => {
  const rendered = render(jobSpec("ingest", fields));
  const task = rendered.resource.template!.template!;

  it("renders the main container, its mounts and GPU, the volumes, the sidecar and the placement", () => {
    expect(task.containers![0]).toMatchObject({
      name: "ingest",
      command: ["python", "-m", "ingest"],
      args: ["--full-refresh"],
      workingDir: "/app",
      dependsOn: ["proxy"],
      resources: { limits: { cpu: "4", memory: "16Gi", "nvidia.com/gpu": "1" }, startupCpuBoost: true },
      volumeMounts: [
        { name: "creds", mountPath: "/secrets" },
        { name: "landing", mountPath: "/landing" },
      ],
    });
    expect(task.containers![0]!.ports).toBeUndefined();
    expect(task.volumes).toEqual([
      { name: "creds", secret: { secret: "projects/acme/secrets/warehouse-key", items: [{ path: "warehouse-key", version: "latest", mode: undefined }] } },
      { name: "landing", gcs: { bucket: "acme-landing", readOnly: false, mountOptions: undefined } },
    ]);
    expect(task.containers![1]).toMatchObject({ name: "proxy", image: PROXY, startupProbe: { tcpSocket: { port: 5432 } } });
    expect(task).toMatchObject({ executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2", nodeSelector: { accelerator: "nvidia-l4" }, gpuZonalRedundancyDisabled: false });
    expect(rendered.resource.annotations![RENDERED_FIELDS_ANNOTATION]).toContain("template.template.containers[proxy]");
  });

  it("renders a plain job exactly as before these fields existed", () => {
    const plain = render(jobSpec("ingest"));
    expect(plain.resource.template!.template!.containers).toHaveLength(1);
    expect(plain.resource.annotations![RENDERED_FIELDS_ANNOTATION]).toBeUndefined();
    const container = plain.resource.template!.template!.containers![0]! as Record<string, unknown>;
    expect(Object.keys(container).filter((k) => container[k] !== undefined).sort()).toEqual(["env", "image", "name", "resources"]);
  });
});

describe("deployJob of every container field to the fake", () => {
  const h = useFakeJobs();

  it("creates the job the API accepts and reads every field back", async () => {
    const report = await deployJob(h.gateway, render(jobSpec("ingest", fields)), deployOptions());
    expect(report.status, report.reason).toBe("created");
    const task = storedJob(h.fake, "ingest").template!.template!;
    expect(task.containers!.map((c) => c.name)).toEqual(["ingest", "proxy"]);
    expect(task.containers![0]).toMatchObject({ command: ["python", "-m", "ingest"], args: ["--full-refresh"], workingDir: "/app", dependsOn: ["proxy"] });
    expect(task.volumes!.map((v) => v.name)).toEqual(["creds", "landing"]);
    expect(task.nodeSelector?.accelerator).toBe("nvidia-l4");
  });

  it("removes the sidecar and volumes the pipeline rendered once the catalog drops them", async () => {
    expect((await deployJob(h.gateway, render(jobSpec("ingest", fields), 1), deployOptions())).status).toBe("created");
    const report = await deployJob(h.gateway, render(jobSpec("ingest"), 2), deployOptions());
    expect(report.status, report.reason).toBe("deployed");
    const task = storedJob(h.fake, "ingest").template!.template!;
    expect(task.containers!.map((c) => c.name)).toEqual(["ingest"]);
    expect(task.volumes ?? []).toEqual([]);
    expect(task.containers![0]!.args ?? []).toEqual([]);
  });
});
