// What the fake rejects in a service's template, one test per rejection, through the real client.
// The limits are the fake's own (test/fakes/cloud-run/limits.ts, from the Cloud Run docs).
import { describe, expect, it } from "vitest";
import { status } from "@grpc/grpc-js";
import type { protos } from "@google-cloud/run";
import { PARENT, serviceName } from "./clients.js";
import { rejection, useFakeCloudRun } from "./lifecycle.js";

type IRevisionTemplate = protos.google.cloud.run.v2.IRevisionTemplate;
type IContainer = protos.google.cloud.run.v2.IContainer;
type IService = protos.google.cloud.run.v2.IService;

/** The service the pipeline renders with its defaults (cpu 1, 512Mi, concurrency 80, port 8080, 300 s, 0..10 instances). */
function defaultTemplate(container: IContainer = {}, template: IRevisionTemplate = {}): IRevisionTemplate {
  return {
    labels: { "managed-by": "cloud-run-pipeline" },
    scaling: { minInstanceCount: 0, maxInstanceCount: 10 },
    timeout: { seconds: 300 },
    serviceAccount: "api-runtime@test-project.iam.gserviceaccount.com",
    maxInstanceRequestConcurrency: 80,
    volumes: [{ name: "cloudsql", cloudSqlInstance: { instances: ["test-project:us-central1:main"] } }],
    ...template,
    containers: [
      {
        name: "api",
        image: "europe-docker.pkg.dev/test-project/apps/api@sha256:aaa",
        env: [
          { name: "LOG_LEVEL", value: "info" },
          { name: "DB_PASSWORD", valueSource: { secretKeyRef: { secret: "db-password", version: "latest" } } },
        ],
        resources: { limits: { cpu: "1", memory: "512Mi" }, cpuIdle: true },
        ports: [{ name: "http1", containerPort: 8080 }],
        volumeMounts: [{ name: "cloudsql", mountPath: "/cloudsql" }],
        ...container,
      },
    ],
  };
}

const withLimits = (cpu: string, memory: string, concurrency: number) =>
  defaultTemplate({ resources: { limits: { cpu, memory }, cpuIdle: true } }, { maxInstanceRequestConcurrency: concurrency });

describe("fake Cloud Run: service templates the API rejects", () => {
  const h = useFakeCloudRun();

  const create = (template: IRevisionTemplate, service: IService = {}) =>
    h.run.services.createService({ parent: PARENT, serviceId: "api", service: { ...service, template } });

  /** Creating the service fails with INVALID_ARGUMENT naming `field`; nothing is stored. */
  async function rejected(template: IRevisionTemplate, field: string, service: IService = {}): Promise<string> {
    const err = await rejection(create(template, service));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toContain(field);
    expect(h.fake.services.size).toBe(0);
    expect(h.fake.callsOf("CreateService").map((c) => c.applied)).toEqual([false]);
    return err.details as string;
  }

  async function accepted(template: IRevisionTemplate, service: IService = {}): Promise<void> {
    const [op] = await create(template, service);
    await op.promise();
    expect(h.fake.services.has(serviceName("api"))).toBe(true);
  }

  it("accepts the service the pipeline renders by default (cpu 1, 512Mi, concurrency 80, port 8080, 300 s, Cloud SQL, a secret)", async () => {
    await accepted(defaultTemplate());
  });

  it("accepts the documented edges: 0.5 CPU with 1Gi and concurrency 1, 8 CPU with 32Gi, 4 CPU with 2Gi, concurrency 1000, timeout 3600 s", async () => {
    await accepted(withLimits("500m", "1Gi", 1));
    for (const template of [withLimits("8", "32Gi", 1000), withLimits("4", "2Gi", 80), defaultTemplate({}, { timeout: { seconds: 3600 } })]) {
      const [op] = await h.run.services.updateService({ service: { name: serviceName("api"), template } });
      await op.promise();
    }
    expect(h.fake.callsOf("UpdateService").map((c) => c.code)).toEqual([0, 0, 0]);
  });

  it("rejects cpu 0.5 with 4Gi and concurrency 80", async () => {
    expect(await rejected(withLimits("0.5", "4Gi", 80), "service.template.containers[0].resources.limits.memory")).toContain(
      "For 0.5 CPU, memory must be between 128Mi and 1Gi inclusive",
    );
  });

  it("rejects cpu below 1 with concurrency above 1 (0.5 CPU, 512Mi, concurrency 80)", async () => {
    expect(await rejected(withLimits("0.5", "512Mi", 80), "service.template.containers[0].resources.limits.cpu")).toContain(
      "Total cpu < 1 is not supported with concurrency > 1",
    );
  });

  it("rejects 64Gi memory (the maximum is 32Gi)", async () => {
    expect(await rejected(withLimits("8", "64Gi", 80), "service.template.containers[0].resources.limits.memory")).toContain("32Gi");
  });

  it("rejects 4 CPU with 1Gi (4 CPU need at least 2Gi)", async () => {
    expect(await rejected(withLimits("4", "1Gi", 80), "limits.memory")).toContain("For 4.0 CPU, memory must be between 2Gi and 16Gi");
  });

  it("rejects a CPU count that is not 1, 2, 4, 6 or 8 (3)", async () => {
    await rejected(withLimits("3", "2Gi", 80), "service.template.containers[0].resources.limits.cpu");
  });

  it("rejects a memory limit that is not a quantity", async () => {
    await rejected(withLimits("1", "lots", 80), "service.template.containers[0].resources.limits.memory");
  });

  it("rejects concurrency 5000 (the maximum is 1000)", async () => {
    expect(await rejected(defaultTemplate({}, { maxInstanceRequestConcurrency: 5000 }), "service.template.max_instance_request_concurrency")).toContain("1000");
  });

  it("rejects min instances 5 with max 1", async () => {
    expect(await rejected(defaultTemplate({}, { scaling: { minInstanceCount: 5, maxInstanceCount: 1 } }), "service.template.scaling.max_instance_count")).toContain(
      "must be greater or equal than min_instance_count",
    );
  });

  it("rejects service-level min instances 5 with max 1", async () => {
    await rejected(defaultTemplate(), "service.scaling.max_instance_count", { scaling: { minInstanceCount: 5, maxInstanceCount: 1 } });
  });

  it("rejects port 70000", async () => {
    expect(await rejected(defaultTemplate({ ports: [{ name: "http1", containerPort: 70000 }] }), "service.template.containers[0].ports[0].container_port")).toContain("65535");
  });

  it("rejects a timeout of 7200 s (services allow at most 3600 s)", async () => {
    expect(await rejected(defaultTemplate({}, { timeout: { seconds: 7200 } }), "service.template.timeout")).toContain("3600s");
  });

  it("rejects a volume mount naming no declared volume", async () => {
    const template = defaultTemplate({ volumeMounts: [{ name: "cache", mountPath: "/cache" }] });
    expect(await rejected(template, "service.template.containers[0].volume_mounts[0].name")).toContain("no volume named 'cache'");
  });

  it("rejects a malformed Cloud SQL instance", async () => {
    const template = defaultTemplate({}, { volumes: [{ name: "cloudsql", cloudSqlInstance: { instances: ["test-project/main"] } }] });
    expect(await rejected(template, "service.template.volumes[0].cloud_sql_instance.instances[0]")).toContain("PROJECT:REGION:INSTANCE");
  });

  it("rejects PORT as an env var", async () => {
    const template = defaultTemplate({ env: [{ name: "PORT", value: "9090" }] });
    expect(await rejected(template, "service.template.containers[0].env")).toContain("The following reserved env names were provided: PORT");
  });

  it("rejects K_SERVICE, K_REVISION and K_CONFIGURATION as env vars", async () => {
    const template = defaultTemplate({ env: ["K_SERVICE", "K_REVISION", "K_CONFIGURATION"].map((name) => ({ name, value: "x" })) });
    expect(await rejected(template, "service.template.containers[0].env")).toContain("K_SERVICE, K_REVISION, K_CONFIGURATION");
  });

  it("rejects duplicate env names", async () => {
    const template = defaultTemplate({ env: [{ name: "A", value: "1" }, { name: "B", value: "2" }, { name: "A", value: "3" }] });
    expect(await rejected(template, "service.template.containers[0].env[2].name")).toContain("'A' is set more than once");
  });

  it("rejects an empty secretKeyRef", async () => {
    const template = defaultTemplate({ env: [{ name: "TOKEN", valueSource: { secretKeyRef: {} } }] });
    await rejected(template, "service.template.containers[0].env[0].value_source.secret_key_ref.secret");
  });

  it("rejects a service account that is not an email", async () => {
    expect(await rejected(defaultTemplate({}, { serviceAccount: "api-runtime" }), "service.template.service_account")).toContain("'api-runtime'");
  });

  it("applies the same rules to UpdateService: 64Gi is rejected and the stored service keeps its generation", async () => {
    await accepted(defaultTemplate());
    const before = h.fake.service(serviceName("api")).resource.generation;
    const err = await rejection(h.run.services.updateService({ service: { name: serviceName("api"), template: withLimits("8", "64Gi", 80) } }));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(h.fake.service(serviceName("api")).resource.generation).toBe(before);
  });
});
