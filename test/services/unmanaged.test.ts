/**
 * Field ownership: a deploy never silently drops live template settings the catalog does not
 * manage. It refuses before any write, naming each one, unless --drop-unmanaged; plan lists them.
 */
import { describe, expect, it } from "vitest";
import type { CloudRunServiceResource } from "../../ci/src/gcp/run-resource.js";
import { deployService } from "../../ci/src/services/deploy-service.js";
import { formatPlan, planService } from "../../ci/src/services/plan.js";
import { unmanagedTemplateFields } from "../../ci/src/services/unmanaged.js";
import { serviceName } from "./support/fake-cloud.js";
import { useFakeCloud } from "./support/harness.js";
import { deployOptions, digestRef, render, serviceSpec } from "./support/specs.js";

const api = serviceSpec("api");
const desired = render(api, 2).resource;

/** A live service as Cloud Run returns it: the pipeline's own template plus `extra` on top. */
function liveWith(extra: (t: NonNullable<CloudRunServiceResource["template"]>) => void): CloudRunServiceResource {
  const template = structuredClone(render(api, 1).resource.template!);
  extra(template);
  return { name: serviceName("api"), template };
}

describe("unmanagedTemplateFields", () => {
  it("finds nothing in a template the pipeline rendered itself, even with Cloud Run's defaults filled in", () => {
    const live = liveWith((t) => {
      t.serviceAccount = "123-compute@developer.gserviceaccount.com";
      (t as Record<string, unknown>).executionEnvironment = "EXECUTION_ENVIRONMENT_GEN2";
      t.containers![0]!.startupProbe = { timeoutSeconds: 240, periodSeconds: 240, failureThreshold: 1 };
      (t as Record<string, unknown>).encryptionKey = "";
      (t as Record<string, unknown>).sessionAffinity = false;
    });
    expect(unmanagedTemplateFields(live, desired)).toEqual([]);
  });

  it("names a sidecar, a volume, args, a CMEK key, session affinity, a GPU and someone's annotation", () => {
    const live = liveWith((t) => {
      t.containers!.push({ name: "otel", image: "otel/collector:1" });
      t.containers![0]!.volumeMounts = [{ name: "data", mountPath: "/data" }];
      (t.containers![0] as Record<string, unknown>).args = ["--workers=4"];
      (t.containers![0]!.resources!.limits as Record<string, string>)["nvidia.com/gpu"] = "1";
      t.volumes = [{ name: "data", ...({ volumeType: "emptyDir", emptyDir: { medium: "MEMORY" } } as object) }]; // a read marks the oneof member
      Object.assign(t, { encryptionKey: "projects/p/locations/l/keyRings/r/cryptoKeys/k", sessionAffinity: true, nodeSelector: { accelerator: "nvidia-l4" } });
      t.annotations = { ...t.annotations, "team.example.com/owner": "data" };
    });
    expect(unmanagedTemplateFields(live, desired).map((f) => f.field)).toEqual([
      "template.annotations.team.example.com/owner",
      "template.containers[api].args[0]",
      "template.containers[api].resources.limits.nvidia.com/gpu",
      "template.containers[api].volumeMounts[data].mountPath",
      "template.containers[otel].image",
      "template.encryptionKey",
      "template.nodeSelector.accelerator",
      "template.sessionAffinity",
      "template.volumes[data].emptyDir.medium",
    ]);
  });

  it("does not count settings the catalog owns and dropped (env, VPC, Cloud SQL, probes): those are changes, not loss", () => {
    const live = liveWith((t) => {
      t.containers![0]!.env = [{ name: "OLD", value: "1" }];
      t.vpcAccess = { connector: "projects/p/locations/r/connectors/c", egress: "ALL_TRAFFIC" };
      t.volumes = [{ name: "cloudsql", cloudSqlInstance: { instances: ["p:r:i"] } }];
      t.containers![0]!.volumeMounts = [{ name: "cloudsql", mountPath: "/cloudsql" }];
      t.containers![0]!.livenessProbe = { periodSeconds: 10, httpGet: { path: "/health", port: 8080 } };
    });
    expect(unmanagedTemplateFields(live, desired)).toEqual([]);
  });

  it("keys the live first container by the pipeline's name, whatever it was called (gcloud leaves it unnamed)", () => {
    const live = liveWith((t) => {
      t.containers![0]!.name = "";
      (t.containers![0] as Record<string, unknown>).workingDir = "/srv";
    });
    expect(unmanagedTemplateFields(live, desired)).toEqual([{ field: "template.containers[api].workingDir", live: "/srv" }]);
  });
});

describe("deploy and plan with unmanaged settings live", () => {
  const cloud = useFakeCloud();
  const seedWithAffinity = () =>
    cloud.fake.seedService({
      id: "api",
      public: true,
      revisions: [{ name: "api-one", image: digestRef("api", 1), template: { sessionAffinity: true } }],
    });

  it("refuses before any write, naming each setting and how to go on", async () => {
    seedWithAffinity();
    cloud.fake.clearRecords();
    await expect(deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222" }))).rejects.toThrow(
      /service api: its live revision template has 1 setting\(s\) the catalog does not manage, which this deploy would remove: template\.sessionAffinity = "true"\. Nothing was changed\. .*--drop-unmanaged to deploy without them; `dagger call plan --service=api --env=dev --credentials=env:\/\/GCP_CREDENTIALS` lists them\.$/,
    );
    expect(cloud.fake.mutatingCalls()).toEqual([]);
  });

  it("with --drop-unmanaged, deploys without them and says so in the report", async () => {
    seedWithAffinity();
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222", dropUnmanaged: true }));
    expect(report.status).toBe("deployed");
    expect(report.warnings).toContainEqual(expect.stringMatching(/--drop-unmanaged: this deploy removes settings the catalog does not manage: template\.sessionAffinity = "true"/));
    expect(cloud.fake.service(serviceName("api")).resource.template?.sessionAffinity).toBeFalsy();
  });

  it("plan lists them under NOT MANAGED", async () => {
    seedWithAffinity();
    const plan = await planService(cloud.gateway, render(api, 2, "bbb2222"), "bbb2222");
    expect(plan.unmanaged).toEqual([{ field: "template.sessionAffinity", live: "true" }]);
    expect(formatPlan(plan)).toContain("NOT MANAGED by the catalog (deploy refuses unless --drop-unmanaged, which removes them):\n    template.sessionAffinity: true");
  });
});

describe("service labels", () => {
  const cloud = useFakeCloud();

  it("a label removed from the catalog is removed from the service; a label someone else set stays", async () => {
    const first = await deployService(cloud.gateway, render(serviceSpec("api", { labels: { team: "data", tier: "gold" } }), 1, "aaa1111"), deployOptions({ commit: "aaa1111" }));
    expect(first.status).toBe("created");
    cloud.fake.writeAsOtherClient(serviceName("api"), (s) => ({ labels: { ...s.labels, owner: "finops" } }));
    await cloud.fake.settle();
    const report = await deployService(cloud.gateway, render(serviceSpec("api", { labels: { team: "data" } }), 2, "bbb2222"), deployOptions({ commit: "bbb2222" }));
    expect(report.status).toBe("deployed");
    const labels = cloud.fake.service(serviceName("api")).resource.labels ?? {};
    expect(labels).not.toHaveProperty("tier");
    expect(labels).toMatchObject({ team: "data", owner: "finops", commit: "bbb2222" });
  });

  it("a failed deploy puts the labels back as they were (the commit label names what serves)", async () => {
    await deployService(cloud.gateway, render(api, 1, "aaa1111"), deployOptions({ commit: "aaa1111" }));
    cloud.fake.faults.probe({ image: render(api, 2).image }, { status: 500 });
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222", healthTimeoutMs: 300, minProbeMs: 200 }));
    expect(report.status).toBe("rolled-back");
    expect(cloud.fake.service(serviceName("api")).resource.labels?.["commit"]).toBe("aaa1111");
  });
});
