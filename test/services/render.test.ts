/**
 * renderService: the Cloud Run v2 Service the pipeline wants live, built from a catalog spec.
 */
import { describe, expect, it } from "vitest";
import { CONFIG_HASH_ANNOTATION } from "../../ci/src/gcp/run-template.js";
import { renderService } from "../../ci/src/services/render.js";
import { digestRef, FAKE_ENV, realService, serviceSpec } from "./support/specs.js";

const IMAGE = digestRef("alie");
const renderReal = (name: string, env = FAKE_ENV) => renderService(realService(name), env, digestRef(name), "abc1234");
const container = (name: string, env = FAKE_ENV) => renderReal(name, env).resource.template!.containers![0]!;

describe("renderService", () => {
  it("deploys the image by its digest reference", () => {
    expect(renderService(realService("alie"), FAKE_ENV, IMAGE, "abc1234").resource.template!.containers![0]!.image).toBe(IMAGE);
  });

  it("sorts plain env vars and secret references together by name", () => {
    const spec = serviceSpec("api", { env: { ZED: "z", ALPHA: "a" }, secrets: { MIDDLE: { secret: "mid-secret", version: "3" } } });
    const env = renderService(spec, FAKE_ENV, IMAGE, "abc1234").resource.template!.containers![0]!.env;
    expect(env).toEqual([
      { name: "ALPHA", value: "a" },
      { name: "MIDDLE", valueSource: { secretKeyRef: { secret: "mid-secret", version: "3" } } },
      { name: "ZED", value: "z" },
    ]);
  });

  it("renders secret references with their version (latest by default)", () => {
    expect(container("alie").env).toEqual([{ name: "OPENAI_API_KEY", valueSource: { secretKeyRef: { secret: "openai-api-key", version: "latest" } } }]);
  });

  it("turns a bare service account id into an email in the environment's project", () => {
    expect(renderReal("alie").resource.template!.serviceAccount).toBe("alie-runtime@test-project.iam.gserviceaccount.com");
  });

  it("keeps a service account given as an email", () => {
    const spec = serviceSpec("api", { serviceAccount: "runner@other-project.iam.gserviceaccount.com" });
    expect(renderService(spec, FAKE_ENV, IMAGE, "abc1234").resource.template!.serviceAccount).toBe("runner@other-project.iam.gserviceaccount.com");
  });

  it("sets cpu and memory limits", () => {
    expect(container("cloud").resources!.limits).toEqual({ cpu: "1", memory: "1Gi" });
  });

  it("sets scaling, request concurrency and the request timeout", () => {
    const template = renderReal("alie").resource.template!;
    expect(template.scaling).toEqual({ minInstanceCount: 0, maxInstanceCount: 10 });
    expect(template.maxInstanceRequestConcurrency).toBe(40);
    expect(renderReal("cloud").resource.template!.timeout).toEqual({ seconds: 600 });
  });

  it("maps ingress to the API enum", () => {
    const ingress = (value: string) => renderService(serviceSpec("api", { ingress: value }), FAKE_ENV, IMAGE, "abc1234").resource.ingress;
    expect(ingress("all")).toBe("INGRESS_TRAFFIC_ALL");
    expect(ingress("internal")).toBe("INGRESS_TRAFFIC_INTERNAL_ONLY");
    expect(ingress("internal-and-cloud-load-balancing")).toBe("INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER");
  });

  it("renders a Serverless VPC Access connector", () => {
    const spec = serviceSpec("api", { vpc: { connector: "projects/p/locations/us-central1/connectors/c1", egress: "all-traffic" } });
    expect(renderService(spec, FAKE_ENV, IMAGE, "abc1234").resource.template!.vpcAccess).toEqual({
      connector: "projects/p/locations/us-central1/connectors/c1",
      egress: "ALL_TRAFFIC",
    });
  });

  it("renders Direct VPC egress as a network interface", () => {
    const spec = serviceSpec("api", { vpc: { network: "default", subnetwork: "sub-a" } });
    expect(renderService(spec, FAKE_ENV, IMAGE, "abc1234").resource.template!.vpcAccess).toEqual({
      networkInterfaces: [{ network: "default", subnetwork: "sub-a" }],
      egress: "PRIVATE_RANGES_ONLY",
    });
  });

  it("adds a Cloud SQL volume and mounts it at /cloudsql", () => {
    const rendered = renderReal("cloud");
    expect(rendered.resource.template!.volumes).toEqual([{ name: "cloudsql", cloudSqlInstance: { instances: ["dataface-dev:europe-west1:dataface"] } }]);
    expect(rendered.resource.template!.containers![0]!.volumeMounts).toEqual([{ name: "cloudsql", mountPath: "/cloudsql" }]);
  });

  it("adds no Cloud SQL volume to a service without instances", () => {
    expect(renderReal("alie").resource.template!.volumes).toBeUndefined();
  });

  it("renders startup and liveness probes on the container port", () => {
    const c = container("alie");
    expect(c.startupProbe).toEqual({ initialDelaySeconds: 0, timeoutSeconds: 1, periodSeconds: 10, failureThreshold: 3, httpGet: { path: "/ready", port: 8080 } });
    expect(c.livenessProbe).toEqual({ initialDelaySeconds: 0, timeoutSeconds: 1, periodSeconds: 30, failureThreshold: 3, httpGet: { path: "/liveness", port: 8080 } });
  });

  it("puts the commit label on the service and not on the revision template", () => {
    const resource = renderReal("alie").resource;
    expect(resource.labels).toMatchObject({ "managed-by": "cloud-run-pipeline", commit: "abc1234" });
    expect(resource.template!.labels).toEqual({ "managed-by": "cloud-run-pipeline" });
  });

  it("keeps the config hash in the revision template annotation", () => {
    const rendered = renderReal("alie");
    expect(rendered.resource.template!.annotations).toEqual({ [CONFIG_HASH_ANNOTATION]: rendered.configHash });
  });

  it("hashes the configuration the same whatever the key order in the catalog", () => {
    const a = serviceSpec("api", { env: { A: "1", B: "2" }, labels: { team: "x", tier: "y" } });
    const b = serviceSpec("api", { labels: { tier: "y", team: "x" }, env: { B: "2", A: "1" } });
    expect(renderService(a, FAKE_ENV, IMAGE, "abc1234").configHash).toBe(renderService(b, FAKE_ENV, IMAGE, "abc1234").configHash);
  });

  it("changes the config hash when the configuration changes", () => {
    const a = renderService(serviceSpec("api", { memory: "512Mi" }), FAKE_ENV, IMAGE, "abc1234");
    const b = renderService(serviceSpec("api", { memory: "1Gi" }), FAKE_ENV, IMAGE, "abc1234");
    expect(a.configHash).not.toBe(b.configHash);
  });

  it("keeps the config hash when only the image or the commit changes", () => {
    const a = renderService(serviceSpec("api"), FAKE_ENV, digestRef("api", 1), "abc1234");
    const b = renderService(serviceSpec("api"), FAKE_ENV, digestRef("api", 2), "def5678");
    expect(a.configHash).toBe(b.configHash);
  });

  it("applies environment overrides such as prod minInstances", () => {
    const prod = { name: "prod", project: "dataface-prod", region: "europe-west1", nameSuffix: "" };
    const template = renderReal("playground", prod).resource.template!;
    expect(template.scaling).toEqual({ minInstanceCount: 1, maxInstanceCount: 20 });
    expect(renderReal("playground").resource.template!.scaling).toEqual({ minInstanceCount: 0, maxInstanceCount: 5 });
  });

  it("overrides Cloud SQL instances per environment", () => {
    const staging = { name: "staging", project: "dataface-staging", region: "europe-west1", nameSuffix: "" };
    expect(renderReal("cloud", staging).resource.template!.volumes![0]!.cloudSqlInstance!.instances).toEqual(["dataface-staging:europe-west1:dataface"]);
  });

  it("names the service under the environment's project and region", () => {
    const rendered = renderReal("alie");
    expect(rendered.parent).toBe("projects/test-project/locations/us-central1");
    expect(rendered.name).toBe("projects/test-project/locations/us-central1/services/alie");
  });
});
