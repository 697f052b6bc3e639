/**
 * Every container and service-level field of the catalog rendered to the Cloud Run v2 request,
 * then deployed to the in-repo fake through the real client and read back; the fake applies its
 * own rules, so a field the API would refuse fails here. Ownership: a field the pipeline rendered
 * and the catalog dropped is removed; one set outside the pipeline is refused (or dropped with
 * --drop-unmanaged); service-level fields the catalog leaves out keep their live value.
 */
import { describe, expect, it } from "vitest";
import { RENDERED_FIELDS_ANNOTATION } from "../../ci/src/gcp/run-resource.js";
import { deployService } from "../../ci/src/services/deploy-service.js";
import { formatPlan, planService } from "../../ci/src/services/plan.js";
import { serviceName, servingView } from "./support/fake-cloud.js";
import { useFakeCloud } from "./support/harness.js";
import { deployOptions, render, serviceSpec } from "./support/specs.js";

const SIDECAR_IMAGE = `otel/opentelemetry-collector:0.111.0@sha256:${"b".repeat(64)}`;

const everyField = {
  cpu: "4",
  memory: "16Gi",
  cpuAlwaysAllocated: true,
  startupCpuBoost: true,
  executionEnvironment: "gen2",
  sessionAffinity: true,
  http2: true,
  command: ["python", "-m", "app"],
  args: ["--workers", "2"],
  workingDir: "/app",
  gpu: { type: "nvidia-l4", zonalRedundancy: false },
  volumes: [
    { name: "cfg", mountPath: "/etc/app", secret: { secret: "app-config", version: "3", path: "config.json", mode: 0o400 } },
    { name: "reports", mountPath: "/reports", gcs: { bucket: "acme-reports", readOnly: true, mountOptions: ["implicit-dirs"] } },
    { name: "share", mountPath: "/mnt/share", nfs: { server: "10.0.0.2", path: "/share" } },
    { name: "scratch", mountPath: "/scratch", inMemory: { sizeLimit: "256Mi" } },
  ],
  sidecars: [{ name: "otel", image: SIDECAR_IMAGE, args: ["--config=/etc/otel/config.yaml"], cpu: "1", memory: "512Mi", mounts: [{ volume: "cfg", mountPath: "/etc/otel" }], startupProbe: { tcp: true, port: 4317 } }],
  dependsOn: ["otel"],
  startupProbe: { tcp: true },
  livenessProbe: { grpc: { service: "grpc.health.v1.Health" }, periodSeconds: 30 },
  readinessProbe: { path: "/ready", periodSeconds: 5 },
  serviceScaling: { minInstances: 1, maxInstances: 20 },
  iap: true,
  invokerIamCheck: false,
  customAudiences: ["https://api.acme.example"],
};

describe("renderService: container and service-level fields", () => {
  const rendered = render(serviceSpec("api", everyField));
  const template = rendered.resource.template!;
  const [main, otel] = template.containers!;

  it("renders the main container's command, args, working dir, GPU, billing, boost, h2c port and probes of each kind", () => {
    expect(main).toMatchObject({
      name: "api",
      command: ["python", "-m", "app"],
      args: ["--workers", "2"],
      workingDir: "/app",
      dependsOn: ["otel"],
      resources: { limits: { cpu: "4", memory: "16Gi", "nvidia.com/gpu": "1" }, cpuIdle: false, startupCpuBoost: true },
      ports: [{ name: "h2c", containerPort: 8080 }],
      startupProbe: { tcpSocket: { port: 8080 } },
      livenessProbe: { grpc: { port: 8080, service: "grpc.health.v1.Health" }, periodSeconds: 30 },
      readinessProbe: { httpGet: { path: "/ready", port: 8080 }, periodSeconds: 5 },
    });
    expect(main!.volumeMounts).toEqual([
      { name: "cfg", mountPath: "/etc/app" },
      { name: "reports", mountPath: "/reports" },
      { name: "share", mountPath: "/mnt/share" },
      { name: "scratch", mountPath: "/scratch" },
    ]);
  });

  it("renders every volume kind, the sidecar with its own mount and probe port, and the template placement", () => {
    expect(template.volumes).toEqual([
      { name: "cfg", secret: { secret: "app-config", items: [{ path: "config.json", version: "3", mode: 0o400 }] } },
      { name: "reports", gcs: { bucket: "acme-reports", readOnly: true, mountOptions: ["implicit-dirs"] } },
      { name: "share", nfs: { server: "10.0.0.2", path: "/share", readOnly: false } },
      { name: "scratch", emptyDir: { medium: "MEMORY", sizeLimit: "256Mi" } },
    ]);
    expect(otel).toMatchObject({
      name: "otel",
      image: SIDECAR_IMAGE,
      args: ["--config=/etc/otel/config.yaml"],
      resources: { limits: { cpu: "1", memory: "512Mi" } },
      volumeMounts: [{ name: "cfg", mountPath: "/etc/otel" }],
      startupProbe: { tcpSocket: { port: 4317 } },
    });
    expect(otel!.ports).toBeUndefined();
    expect(template).toMatchObject({ executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2", sessionAffinity: true, nodeSelector: { accelerator: "nvidia-l4" }, gpuZonalRedundancyDisabled: true });
  });

  it("renders the service-level settings it is given", () => {
    expect(rendered.resource).toMatchObject({
      scaling: { scalingMode: "AUTOMATIC", minInstanceCount: 1, maxInstanceCount: 20 },
      iapEnabled: true,
      invokerIamDisabled: true,
      customAudiences: ["https://api.acme.example"],
    });
    expect("defaultUriDisabled" in rendered.resource).toBe(false);
    expect(render(serviceSpec("api", { serviceScaling: { manualInstances: 3 } })).resource.scaling).toEqual({ scalingMode: "MANUAL", manualInstanceCount: 3 });
  });

  it("leaves out of the request, and the config hash, everything a catalog without these fields does not set", () => {
    const plain = render(serviceSpec("api"));
    const t = plain.resource.template!;
    expect(Object.keys(plain.resource).sort()).toEqual(["ingress", "labels", "template"]);
    expect(t.containers).toHaveLength(1);
    expect(t.containers![0]).toMatchObject({ resources: { limits: { cpu: "1", memory: "512Mi" }, cpuIdle: true }, ports: [{ name: "http1", containerPort: 8080 }] });
    for (const key of ["command", "args", "workingDir", "dependsOn", "readinessProbe", "volumeMounts"]) expect(t.containers![0]![key as "args"]).toBeUndefined();
    expect(t.annotations![RENDERED_FIELDS_ANNOTATION]).toBeUndefined();
    // The hash of a plain service is what it was before these fields existed, so no service redeploys for them.
    expect(plain.configHash).toBe(render(serviceSpec("api")).configHash);
  });

  it("records the optional fields it rendered in the template's cloud-run-pipeline/fields annotation", () => {
    const roots = template.annotations![RENDERED_FIELDS_ANNOTATION]!.split(",");
    expect(roots).toEqual(expect.arrayContaining(["template.containers[otel]", "template.volumes[cfg]", "template.sessionAffinity", "template.nodeSelector", "template.containers[api].command[0]", "template.containers[api].readinessProbe.httpGet.path"]));
    expect(roots.some((r) => r.startsWith("template.containers[api].env"))).toBe(false);
  });
});

describe("deploy of every field to the fake (its own rules applied)", () => {
  const cloud = useFakeCloud({ readinessDelayMs: 5 });

  it("creates the service the API accepts and reads every field back", async () => {
    const report = await deployService(cloud.gateway, render(serviceSpec("api", everyField)), deployOptions({ strategy: "direct" }));
    expect(report.status, report.reason).toBe("created");
    const live = (await cloud.gateway.getService(serviceName("api")))!;
    const [main, otel] = live.template!.containers!;
    expect(main).toMatchObject({ command: ["python", "-m", "app"], args: ["--workers", "2"], workingDir: "/app", dependsOn: ["otel"], resources: { cpuIdle: false, startupCpuBoost: true } });
    expect(main!.resources!.limits).toMatchObject({ "nvidia.com/gpu": "1" });
    expect(main!.ports![0]!.name).toBe("h2c");
    expect(main!.readinessProbe?.httpGet?.path).toBe("/ready");
    expect(main!.livenessProbe?.grpc?.service).toBe("grpc.health.v1.Health");
    expect(otel!.name).toBe("otel");
    expect(live.template!.volumes!.map((v) => v.name)).toEqual(["cfg", "reports", "share", "scratch"]);
    expect(live.template!.volumes![0]!.secret!.items![0]).toMatchObject({ path: "config.json", version: "3" });
    expect(live.template!).toMatchObject({ sessionAffinity: true, nodeSelector: { accelerator: "nvidia-l4" }, executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2" });
    expect(live).toMatchObject({ iapEnabled: true, invokerIamDisabled: true, customAudiences: ["https://api.acme.example"] });
    expect(live.scaling).toMatchObject({ minInstanceCount: 1, maxInstanceCount: 20 });
  });

  it("a second deploy of the same catalog is unchanged (no drift from what the API returns)", async () => {
    const spec = serviceSpec("api", everyField);
    expect((await deployService(cloud.gateway, render(spec, 1), deployOptions({ strategy: "direct" }))).status).toBe("created");
    const plan = await planService(cloud.gateway, render(spec, 1), "abc1234");
    expect(plan.unmanaged).toEqual([]);
  });

  it("removes a volume and a sidecar the pipeline rendered once the catalog drops them, without refusing", async () => {
    const spec = serviceSpec("api", { volumes: [{ name: "tmp", mountPath: "/tmp/work", inMemory: {} }], sidecars: [{ name: "otel", image: SIDECAR_IMAGE }], sessionAffinity: true });
    expect((await deployService(cloud.gateway, render(spec, 1), deployOptions({ strategy: "direct" }))).status).toBe("created");
    const report = await deployService(cloud.gateway, render(serviceSpec("api"), 2), deployOptions({ strategy: "direct" }));
    expect(report.status, report.reason).toBe("deployed");
    const live = (await cloud.gateway.getService(serviceName("api")))!;
    expect(live.template!.containers).toHaveLength(1);
    expect(live.template!.volumes ?? []).toEqual([]);
    expect(live.template!.sessionAffinity ?? false).toBe(false);
  });

  it("refuses a deploy that would drop a sidecar and a volume added outside the pipeline, naming them, and changes nothing; --drop-unmanaged removes them", async () => {
    expect((await deployService(cloud.gateway, render(serviceSpec("api"), 1), deployOptions({ strategy: "direct" }))).status).toBe("created");
    const name = serviceName("api");
    cloud.fake.writeAsOtherClient(name, (s) => {
      const template = s.template!;
      template.volumes = [{ name: "extra", emptyDir: { medium: "MEMORY" } }];
      template.containers![0]!.volumeMounts = [{ name: "extra", mountPath: "/extra" }];
      template.containers!.push({ name: "proxy", image: SIDECAR_IMAGE, resources: { limits: { cpu: "1", memory: "512Mi" } } });
      template.revision = "";
      return { template };
    });
    await cloud.fake.settle();
    const before = (await cloud.gateway.getService(name))!;
    const refusal = deployService(cloud.gateway, render(serviceSpec("api"), 2), deployOptions({ strategy: "direct" }));
    await expect(refusal).rejects.toThrow(/template\.containers\[proxy\]\.image.*template\.volumes\[extra\]\.emptyDir\.medium.*Nothing was changed.*--drop-unmanaged/);
    expect((await cloud.gateway.getService(name))!.etag).toBe(before.etag);
    const plan = formatPlan(await planService(cloud.gateway, render(serviceSpec("api"), 2), "abc1234"));
    expect(plan).toContain("template.containers[proxy].image");
    const dropped = await deployService(cloud.gateway, render(serviceSpec("api"), 2), deployOptions({ strategy: "direct", dropUnmanaged: true }));
    expect(dropped.status).toBe("deployed");
    expect((await cloud.gateway.getService(name))!.template!.containers!.map((c) => c.name)).toEqual(["api"]);
  });

  it("keeps service-level settings the catalog leaves out (IAP, audiences, scaling set in the console)", async () => {
    const name = serviceName("api");
    expect((await deployService(cloud.gateway, render(serviceSpec("api"), 1), deployOptions({ strategy: "direct" }))).status).toBe("created");
    cloud.fake.writeAsOtherClient(name, () => ({ iapEnabled: true, customAudiences: ["https://console.example"], scaling: { minInstanceCount: 2 } }));
    await cloud.fake.settle();
    expect((await deployService(cloud.gateway, render(serviceSpec("api"), 2), deployOptions({ strategy: "direct" }))).status).toBe("deployed");
    const live = (await cloud.gateway.getService(name))!;
    expect(live).toMatchObject({ iapEnabled: true, customAudiences: ["https://console.example"], scaling: { minInstanceCount: 2 } });
  });

  it("plan shows a service-level setting the catalog now sets", async () => {
    expect((await deployService(cloud.gateway, render(serviceSpec("api"), 1), deployOptions({ strategy: "direct" }))).status).toBe("created");
    const plan = formatPlan(await planService(cloud.gateway, render(serviceSpec("api", { iap: true, sessionAffinity: true }), 1), "abc1234"));
    expect(plan).toMatch(/iapEnabled: (\(unset\)|false) -> true/);
    expect(plan).toMatch(/template\.sessionAffinity: (\(unset\)|false) -> true/);
  });
});

describe("a service with the run.app URLs disabled (defaultUrl: false)", () => {
  const cloud = useFakeCloud({ readinessDelayMs: 5 });
  const spec = serviceSpec("api", { defaultUrl: false, startupProbe: { path: "/health" } });

  it("is gated on Cloud Run's startup probe (Ready), never on a URL it cannot reach, and says so", async () => {
    expect((await deployService(cloud.gateway, render(spec, 1), deployOptions())).status).toBe("created");
    cloud.fake.faults.probe({}, { status: 500 });
    cloud.fake.clearRecords();
    const report = await deployService(cloud.gateway, render(spec, 2), deployOptions({ strategy: "blue-green" }));
    expect(report.status, report.reason).toBe("deployed");
    expect(report.notes?.join("\n")).toContain("the run.app URLs are disabled (defaultUrl: false), so /health was not probed");
    expect(cloud.fake.probeRequests).toEqual([]);
    expect((await cloud.gateway.getService(serviceName("api")))!.defaultUriDisabled).toBe(true);
  });

  it("still restores the previous traffic when the candidate never becomes Ready", async () => {
    expect((await deployService(cloud.gateway, render(spec, 1), deployOptions())).status).toBe("created");
    const before = servingView(cloud.fake, "api");
    cloud.fake.faults.neverReady({ image: render(spec, 2).image }, "The user-provided container failed the configured startup probe checks.");
    const report = await deployService(cloud.gateway, render(spec, 2), deployOptions({ strategy: "blue-green" }));
    await cloud.fake.settle();
    expect(report.status).toBe("rolled-back");
    expect(servingView(cloud.fake, "api")).toEqual(before);
  });
});
