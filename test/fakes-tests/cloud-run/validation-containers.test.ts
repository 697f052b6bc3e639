// What the fake rejects about a template's containers taken together (test/fakes/cloud-run/container-rules.ts),
// one test per rejection, through the real client: sidecars, probes per kind, mounts, GPUs, billing.
import { describe, expect, it } from "vitest";
import { status } from "@grpc/grpc-js";
import type { protos } from "@google-cloud/run";
import { PARENT, serviceName } from "./clients.js";
import { rejection, useFakeCloudRun } from "./lifecycle.js";

type IRevisionTemplate = protos.google.cloud.run.v2.IRevisionTemplate;
type IContainer = protos.google.cloud.run.v2.IContainer;
type IExecutionTemplate = protos.google.cloud.run.v2.IExecutionTemplate;

const IMAGE = "europe-docker.pkg.dev/test-project/apps/api@sha256:aaa";
const main = (fields: IContainer = {}): IContainer => ({
  name: "api",
  image: IMAGE,
  resources: { limits: { cpu: "1", memory: "512Mi" }, cpuIdle: true },
  ports: [{ name: "http1", containerPort: 8080 }],
  ...fields,
});
const sidecar = (fields: IContainer = {}): IContainer => ({ name: "otel", image: "otel/collector:1@sha256:bbb", resources: { limits: { cpu: "1", memory: "512Mi" } }, ...fields });
const template = (containers: IContainer[], fields: IRevisionTemplate = {}): IRevisionTemplate => ({ maxInstanceRequestConcurrency: 80, ...fields, containers });

describe("fake Cloud Run: container sets the API rejects", () => {
  const h = useFakeCloudRun();

  async function rejected(t: IRevisionTemplate, field: string): Promise<string> {
    const err = await rejection(h.run.services.createService({ parent: PARENT, serviceId: "api", service: { template: t } }));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toContain(field);
    expect(h.fake.services.size).toBe(0);
    return err.details as string;
  }

  async function accepted(t: IRevisionTemplate): Promise<void> {
    const [op] = await h.run.services.createService({ parent: PARENT, serviceId: "api", service: { template: t } });
    await op.promise();
    expect(h.fake.services.has(serviceName("api"))).toBe(true);
  }

  it("accepts a main container with a sidecar, dependsOn, mounts, every volume kind and HTTP/TCP/gRPC probes", async () => {
    await accepted(
      template(
        [
          main({
            dependsOn: ["otel"],
            command: ["python"],
            args: ["-m", "app"],
            workingDir: "/app",
            volumeMounts: [
              { name: "cfg", mountPath: "/etc/app" },
              { name: "scratch", mountPath: "/scratch" },
            ],
            startupProbe: { tcpSocket: { port: 8080 } },
            livenessProbe: { grpc: { port: 8080, service: "health" } },
            readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
          }),
          sidecar({ volumeMounts: [{ name: "cfg", mountPath: "/etc/otel" }], startupProbe: { tcpSocket: { port: 4317 } } }),
        ],
        {
          volumes: [
            { name: "cfg", secret: { secret: "app-config", items: [{ path: "config.json", version: "3" }] } },
            { name: "scratch", emptyDir: { medium: "MEMORY", sizeLimit: "256Mi" } },
            { name: "reports", gcs: { bucket: "acme-reports", readOnly: true } },
            { name: "share", nfs: { server: "10.0.0.2", path: "/share" } },
          ],
        },
      ),
    );
  });

  it("rejects 11 containers", async () => {
    const many = Array.from({ length: 10 }, (_, i) => sidecar({ name: `s${i}` }));
    expect(await rejected(template([main(), ...many]), "service.template.containers")).toContain("at most 10 containers");
  });

  it("rejects two containers with one name", async () => {
    expect(await rejected(template([main(), sidecar({ name: "api" })]), "service.template.containers[1].name")).toContain("used more than once");
  });

  it("rejects a second container without a name", async () => {
    expect(await rejected(template([main(), sidecar({ name: "" })]), "service.template.containers[1].name")).toContain("required");
  });

  it("rejects two containers exposing ports", async () => {
    expect(await rejected(template([main(), sidecar({ ports: [{ containerPort: 9090 }] })]), "service.template.containers")).toContain("exactly one container must specify a port");
  });

  it("rejects dependsOn naming no container", async () => {
    expect(await rejected(template([main({ dependsOn: ["proxy"] }), sidecar()]), "service.template.containers[0].depends_on[0]")).toContain("no container named 'proxy'");
  });

  it("rejects a dependsOn cycle", async () => {
    expect(await rejected(template([main({ dependsOn: ["otel"] }), sidecar({ dependsOn: ["api"] })]), "service.template.containers")).toContain("cycle");
  });

  it("rejects a TCP liveness probe", async () => {
    expect(await rejected(template([main({ livenessProbe: { tcpSocket: { port: 8080 } } })]), "service.template.containers[0].liveness_probe.tcp_socket")).toContain("only supported as startup probes");
  });

  it("rejects a TCP readiness probe", async () => {
    await rejected(template([main({ readinessProbe: { tcpSocket: { port: 8080 } } })]), "service.template.containers[0].readiness_probe.tcp_socket");
  });

  it("rejects a sidecar probe without a port", async () => {
    expect(await rejected(template([main(), sidecar({ startupProbe: { tcpSocket: {} } })]), "service.template.containers[1].startup_probe")).toContain("must set its port");
  });

  it("rejects a mount under /proc", async () => {
    const t = template([main({ volumeMounts: [{ name: "scratch", mountPath: "/proc/data" }] })], { volumes: [{ name: "scratch", emptyDir: { medium: "MEMORY" } }] });
    expect(await rejected(t, "service.template.containers[0].volume_mounts[0].mount_path")).toContain("/dev, /proc, /sys");
  });

  it("rejects one path mounted twice", async () => {
    const t = template(
      [main({ volumeMounts: [{ name: "a", mountPath: "/data" }, { name: "b", mountPath: "/data" }] })],
      { volumes: [{ name: "a", emptyDir: { medium: "MEMORY" } }, { name: "b", emptyDir: { medium: "MEMORY" } }] },
    );
    expect(await rejected(t, "service.template.containers[0].volume_mounts[1].mount_path")).toContain("mounted more than once");
  });

  it("rejects a secret item path climbing out", async () => {
    const t = template([main()], { volumes: [{ name: "cfg", secret: { secret: "app-config", items: [{ path: "../etc/passwd", version: "1" }] } }] });
    await rejected(t, "service.template.volumes[0].secret.items[0].path");
  });

  it("rejects an in-memory size that is no quantity", async () => {
    await rejected(template([main()], { volumes: [{ name: "tmp", emptyDir: { medium: "MEMORY", sizeLimit: "lots" } }] }), "service.template.volumes[0].empty_dir.size_limit");
  });

  it("rejects a GPU without a node selector", async () => {
    const gpu = main({ resources: { limits: { cpu: "4", memory: "16Gi", "nvidia.com/gpu": "1" }, cpuIdle: false } });
    expect(await rejected(template([gpu]), "service.template.node_selector.accelerator")).toContain("required");
  });

  it("rejects a GPU with 2 vCPU", async () => {
    const gpu = main({ resources: { limits: { cpu: "2", memory: "8Gi", "nvidia.com/gpu": "1" }, cpuIdle: false } });
    expect(await rejected(template([gpu], { nodeSelector: { accelerator: "nvidia-l4" } }), "service.template.containers[0].resources.limits")).toContain("at least 4 CPU");
  });

  it("rejects a GPU service with CPU only during requests", async () => {
    const gpu = main({ resources: { limits: { cpu: "4", memory: "16Gi", "nvidia.com/gpu": "1" }, cpuIdle: true } });
    await rejected(template([gpu], { nodeSelector: { accelerator: "nvidia-l4" } }), "service.template.containers[0].resources.cpu_idle");
  });

  it("rejects an unknown accelerator", async () => {
    const gpu = main({ resources: { limits: { cpu: "4", memory: "16Gi", "nvidia.com/gpu": "1" }, cpuIdle: false } });
    await rejected(template([gpu], { nodeSelector: { accelerator: "nvidia-h100" } }), "service.template.node_selector.accelerator");
  });

  it("accepts a GPU service with 4 vCPU, 16Gi and CPU always allocated", async () => {
    const gpu = main({ resources: { limits: { cpu: "4", memory: "16Gi", "nvidia.com/gpu": "1" }, cpuIdle: false } });
    await accepted(template([gpu], { nodeSelector: { accelerator: "nvidia-l4" }, gpuZonalRedundancyDisabled: true }));
  });

  it("rejects CPU always allocated below 1 vCPU", async () => {
    const small = main({ resources: { limits: { cpu: "0.5", memory: "512Mi" }, cpuIdle: false } });
    await rejected(template([small], { maxInstanceRequestConcurrency: 1 }), "service.template.containers[0].resources.limits.cpu");
  });

  it("rejects below 1 vCPU in the second generation environment", async () => {
    const small = main({ resources: { limits: { cpu: "0.5", memory: "512Mi" }, cpuIdle: true } });
    await rejected(template([small], { maxInstanceRequestConcurrency: 1, executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2" }), "service.template.containers[0].resources.limits.cpu");
  });

  it("rejects 1001 arguments", async () => {
    await rejected(template([main({ args: Array.from({ length: 1001 }, (_, i) => `a${i}`) })]), "service.template.containers[0].args");
  });
});

describe("fake Cloud Run: job container sets the API rejects", () => {
  const h = useFakeCloudRun();
  const job = (containers: IContainer[]): IExecutionTemplate => ({ taskCount: 1, template: { maxRetries: 0, containers } });

  it("rejects a job container exposing a port", async () => {
    const err = await rejection(h.run.jobs.createJob({ parent: PARENT, jobId: "nightly", job: { template: job([{ name: "nightly", image: IMAGE, ports: [{ containerPort: 8080 }] }]) } }));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toContain("job containers cannot expose ports");
  });

  it("accepts a job with a sidecar it depends on", async () => {
    const [op] = await h.run.jobs.createJob({
      parent: PARENT,
      jobId: "nightly",
      job: { template: job([{ name: "nightly", image: IMAGE, dependsOn: ["proxy"] }, { name: "proxy", image: IMAGE, startupProbe: { tcpSocket: { port: 5432 } } }]) },
    });
    await op.promise();
    expect((await h.run.jobs.getJob({ name: `${PARENT}/jobs/nightly` }))[0].template?.template?.containers?.map((c) => c.name)).toEqual(["nightly", "proxy"]);
  });
});
