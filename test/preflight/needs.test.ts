/**
 * What a release needs, read from the catalog alone (pure): the real catalog per environment, the
 * scope of `deploy --preflight` (one service), and where secrets, accounts and instances come from.
 */
import { describe, expect, it } from "vitest";
import { resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import type { Catalog } from "../../ci/src/catalog/parse.js";
import { JobDoc, ServiceDoc } from "../../ci/src/catalog/schema.js";
import { releaseNeeds } from "../../ci/src/preflight/needs.js";
import { realCatalog } from "../services/support/specs.js";

const catalog = realCatalog();

describe("releaseNeeds of pipelines/", () => {
  const dev = releaseNeeds(catalog, resolveEnvironment(catalog, "dev"));

  it("needs Cloud Run, Artifact Registry, Secret Manager, Cloud Scheduler, Cloud SQL Admin and Cloud Monitoring (project.yaml declares monitoring)", () => {
    expect(dev.apis.map((a) => a.api)).toEqual(["run.googleapis.com", "artifactregistry.googleapis.com", "secretmanager.googleapis.com", "cloudscheduler.googleapis.com", "sqladmin.googleapis.com", "monitoring.googleapis.com"]);
  });

  it("needs the project's repository in the environment's region when project.yaml names no location", () => {
    expect(dev.registry).toEqual({ project: "dataface-dev", location: "europe-west1", repository: "dataface" });
  });

  it("needs each site's bucket of the environment, with its website configuration", () => {
    expect(dev.buckets).toEqual([
      { bucket: "dataface-asql-docs-dev", sites: ["asql-docs"], website: true },
      { bucket: "dataface-docs-dev", sites: ["docs"], website: true },
      { bucket: "dataface-tasks-dev", sites: ["tasks"], website: true },
    ]);
    expect(releaseNeeds(catalog, resolveEnvironment(catalog, "prod")).buckets.map((b) => b.bucket)).toEqual(["dataface-asql-docs", "dataface-docs", "dataface-tasks"]);
  });

  it("needs every runtime and scheduler account, resolved in the environment's project", () => {
    expect(dev.accounts).toEqual([
      { email: "alie-runtime@dataface-dev.iam.gserviceaccount.com", usedBy: ["runtime of service alie"] },
      { email: "cloud-runtime@dataface-dev.iam.gserviceaccount.com", usedBy: ["runtime of service cloud"] },
      { email: "playground-runtime@dataface-dev.iam.gserviceaccount.com", usedBy: ["runtime of service playground"] },
      { email: "ingestion-runtime@dataface-dev.iam.gserviceaccount.com", usedBy: ["runtime of job ingestion"] },
      { email: "scheduler-invoker@dataface-dev.iam.gserviceaccount.com", usedBy: ["scheduler of ingestion-nightly"] },
    ]);
  });

  it("needs each secret with the account that reads it and the file to fix", () => {
    expect(dev.secrets).toEqual([
      { usedBy: "service alie", file: "pipelines/services/alie.yaml", project: "dataface-dev", secret: "openai-api-key", version: "latest", account: "alie-runtime@dataface-dev.iam.gserviceaccount.com" },
      { usedBy: "service cloud", file: "pipelines/services/cloud.yaml", project: "dataface-dev", secret: "cloud-secret-key", version: "latest", account: "cloud-runtime@dataface-dev.iam.gserviceaccount.com" },
      { usedBy: "service cloud", file: "pipelines/services/cloud.yaml", project: "dataface-dev", secret: "cloud-database-url", version: "latest", account: "cloud-runtime@dataface-dev.iam.gserviceaccount.com" },
    ]);
  });

  it("takes Cloud SQL instances from the environment's override", () => {
    expect(dev.cloudSql.map((c) => c.connection)).toEqual(["dataface-dev:europe-west1:dataface"]);
    expect(releaseNeeds(catalog, resolveEnvironment(catalog, "prod")).cloudSql).toEqual([
      { usedBy: "service cloud", file: "pipelines/services/cloud.yaml", connection: "dataface-prod:europe-west1:dataface", project: "dataface-prod", region: "europe-west1", instance: "dataface", account: "cloud-runtime@dataface-prod.iam.gserviceaccount.com" },
    ]);
  });

  it("needs run.services.setIamPolicy because playground is public, and the job, Scheduler and Monitoring permissions", () => {
    expect(dev.permissions).toEqual([
      "run.services.get", "run.services.create", "run.services.update", "run.services.getIamPolicy", "run.services.setIamPolicy",
      "run.jobs.get", "run.jobs.create", "run.jobs.update",
      "cloudscheduler.jobs.get", "cloudscheduler.jobs.list", "cloudscheduler.jobs.create", "cloudscheduler.jobs.update", "cloudscheduler.jobs.pause", "cloudscheduler.jobs.enable",
      "monitoring.notificationChannels.list", "monitoring.uptimeCheckConfigs.list", "monitoring.uptimeCheckConfigs.create", "monitoring.uptimeCheckConfigs.update",
      "monitoring.alertPolicies.list", "monitoring.alertPolicies.create", "monitoring.alertPolicies.update",
    ]);
    expect(dev.privateServices).toEqual(["alie", "cloud"]);
  });
});

describe("releaseNeeds of one service (deploy --service=alie --preflight)", () => {
  const alie = catalog.services.find((s) => s.name === "alie")!;
  const needs = releaseNeeds(catalog, resolveEnvironment(catalog, "staging"), { services: [alie], jobs: [], sites: [], schedules: false });

  it("needs only that service's APIs, account, secrets and permissions: no sites, no schedules, no setIamPolicy for a private service", () => {
    expect(needs.apis.map((a) => a.api)).toEqual(["run.googleapis.com", "artifactregistry.googleapis.com", "secretmanager.googleapis.com"]);
    expect(needs.buckets).toEqual([]);
    expect(needs.accounts.map((a) => a.email)).toEqual(["alie-runtime@dataface-staging.iam.gserviceaccount.com"]);
    expect(needs.permissions).toEqual(["run.services.get", "run.services.create", "run.services.update", "run.services.getIamPolicy"]);
  });
});

describe("where secrets, accounts and instances come from", () => {
  const env = resolveEnvironment(catalog, "staging");
  const only = (doc: Record<string, unknown>): Catalog => {
    const spec = doc["kind"] === "job" ? JobDoc.parse(doc) : ServiceDoc.parse(doc);
    return { ...catalog, services: spec.kind === "service" ? [spec] : [], jobs: spec.kind === "job" ? [spec] : [], sites: [], files: {} };
  };

  it("reads run.secrets, sidecars' secrets and secret volumes, once per secret and version, in other projects by full name", () => {
    const c = only({
      kind: "service", name: "api", build: { context: "x" },
      run: {
        public: false,
        secrets: { A: { secret: "shared" }, B: { secret: "shared" }, C: { secret: "projects/vault/secrets/key", version: "3" } },
        sidecars: [{ name: "proxy", image: `envoy:1.31@sha256:${"a".repeat(64)}`, secrets: { TOKEN: { secret: "proxy-token" } } }],
        volumes: [{ name: "certs", mountPath: "/certs", secret: { secret: "tls", version: "2" } }],
      },
    });
    expect(releaseNeeds(c, env).secrets.map((s) => [s.usedBy, `${s.project}/${s.secret}@${s.version}`, s.account, s.file])).toEqual([
      ["service api", "dataface-staging/shared@latest", undefined, "pipelines/services/api.yaml"],
      ["service api", "vault/key@3", undefined, "pipelines/services/api.yaml"],
      ["service api (sidecar proxy)", "dataface-staging/proxy-token@latest", undefined, "pipelines/services/api.yaml"],
      ["service api (volume certs)", "dataface-staging/tls@2", undefined, "pipelines/services/api.yaml"],
    ]);
  });

  it("applies the environment's run override (account, public) and keeps full account emails as written", () => {
    const c = only({ kind: "service", name: "api", build: { context: "x" }, run: { public: false, serviceAccount: "api-runtime" }, environments: { staging: { run: { public: true, serviceAccount: "shared@ops-prj.iam.gserviceaccount.com" } } } });
    const needs = releaseNeeds(c, env);
    expect(needs.accounts.map((a) => a.email)).toEqual(["shared@ops-prj.iam.gserviceaccount.com"]);
    expect(needs.permissions).toContain("run.services.setIamPolicy");
    expect(needs.privateServices).toEqual([]);
  });

  it("needs nothing of Cloud Run or Artifact Registry for a catalog of sites only", () => {
    const sitesOnly: Catalog = { ...catalog, services: [], jobs: [] };
    const needs = releaseNeeds(sitesOnly, env);
    expect(needs.apis).toEqual([]);
    expect(needs.registry).toBeUndefined();
    expect(needs.permissions).toEqual([]);
    expect(needs.buckets).toHaveLength(3);
  });
});

describe("releaseNeeds with deploy.canary", () => {
  const withCanary = (strategy: "blue-green" | "direct") => {
    const c = structuredClone(catalog);
    c.project.deploy = { ...c.project.deploy, strategy, canary: [{ percent: 10, for: "5m" }] };
    c.project.monitoring = undefined;
    for (const t of [...c.services, ...c.jobs]) (t as { monitoring?: unknown }).monitoring = undefined;
    return c;
  };

  it("needs the Monitoring API and monitoring.timeSeries.list for a blue-green canary, even without monitoring settings", () => {
    const needs = releaseNeeds(withCanary("blue-green"), resolveEnvironment(catalog, "dev"));
    expect(needs.apis.find((a) => a.api === "monitoring.googleapis.com")?.why).toContain("the canary's request metrics");
    expect(needs.permissions).toContain("monitoring.timeSeries.list");
  });

  it("needs neither with --strategy=direct as the project's strategy (the canary does not run)", () => {
    const needs = releaseNeeds(withCanary("direct"), resolveEnvironment(catalog, "dev"));
    expect(needs.permissions).not.toContain("monitoring.timeSeries.list");
  });
});
