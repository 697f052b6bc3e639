/**
 * Names in Cloud Run per environment (catalog/naming.ts), through the release path the module
 * runs: `deploy --service=alie --env=staging` with a staging environment that shares prod's
 * project (nameSuffix "-staging") builds and publishes through the fake Dagger session and
 * releases against the in-repo Cloud Run fake. It creates alie-staging and never touches alie;
 * status, plan and rollback of staging name alie-staging; the extra image tags carry the suffix.
 */
import { OAuth2Client } from "google-auth-library";
import { describe, expect, it } from "vitest";
import { resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import { releaseJob } from "../../ci/src/commands/jobs.js";
import { type ReleaseContext, releaseService } from "../../ci/src/commands/pipeline.js";
import { GoogleJobsGateway } from "../../ci/src/gcp/cloud-run-jobs.js";
import type { ClientOptions } from "../../ci/src/gcp/cloud-run.js";
import type { CloudAuth } from "../../ci/src/gcp/credentials-auth.js";
import { formatJobReport } from "../../ci/src/jobs/deploy-job.js";
import { formatPlan, planService } from "../../ci/src/services/plan.js";
import { renderService, serviceLocation } from "../../ci/src/services/render.js";
import { formatServiceReport } from "../../ci/src/services/report.js";
import { formatRollback, rollbackService } from "../../ci/src/services/rollback.js";
import { formatStatus, serviceStatus } from "../../ci/src/services/status.js";
import type { FakeCloudRun } from "../fakes/cloud-run/index.js";
import { useFakeCloud } from "../services/support/harness.js";
import { type CatalogLayout, editProject, layoutFiles, LAYOUTS } from "../support/catalog-layouts.js";
import { useFakeDaggerSession } from "../support/dagger/index.js";
import { cloudWith, repoSource } from "./support.js";
import { testCall } from "../support/suggested-call.js";

const session = useFakeDaggerSession();
const cloud = useFakeCloud({ readinessDelayMs: 5 });

/** Credentials that mint tokens without a network (the fake's probe server only wants a bearer on private services). */
const auth = {
  description: "test credentials",
  kind: "access-token",
  authClient: new OAuth2Client(),
  accessToken: async () => "ya29.names-tests",
  idToken: async (audience: string) => `id-token-for-${audience}`,
  idTokenUnavailable: undefined,
} as unknown as CloudAuth;

/** `layout`'s catalog with a staging environment in `project` (the project another environment deploys to) and nameSuffix "-staging". */
function sharedCatalog(layout: CatalogLayout, project: string) {
  const files = editProject(layout, layoutFiles(layout), (p) => void (p.environments.staging = { project, nameSuffix: "-staging" }));
  return parseCatalog(files, layout.dir);
}

function context(layout: CatalogLayout, project: string, envName: string, gitSha = "89abcde"): ReleaseContext {
  const catalog = sharedCatalog(layout, project);
  return { source: repoSource(layout.root), catalog, env: resolveEnvironment(catalog, envName), gitSha, cloud: cloudWith({ auth, cloudRun: cloud.gateway }), call: testCall };
}

/** A service of the fake as plain data (JSON: Buffers and Uint8Arrays alike), to show it was not touched. */
const snapshot = (fake: FakeCloudRun, name: string): unknown => {
  const { resource, policy } = fake.service(name);
  return JSON.parse(JSON.stringify({ resource, policy: { ...policy, etag: Buffer.from(policy.etag ?? []).toString("hex") } }));
};

/** Every service name a mutating call of the fake named (create: parent + serviceId; others: name or resource). */
function mutatedServices(fake: FakeCloudRun): string[] {
  return fake.mutatingCalls().map((c) => {
    const r = c.request as { parent?: string; serviceId?: string; service?: { name?: string }; resource?: string; name?: string };
    return r.serviceId ? `${r.parent}/services/${r.serviceId}` : (r.service?.name ?? r.resource ?? r.name ?? "?");
  });
}

const PROD_ALIE = "projects/dataface-prod/locations/europe-west1/services/alie";
const STAGING_ALIE = "projects/dataface-prod/locations/europe-west1/services/alie-staging";

describe("deploy --service=alie --env=staging, staging sharing prod's project (bundled catalog)", () => {
  const staging = () => context(LAYOUTS.bundled, "dataface-prod", "staging");
  const seedProd = () => cloud.fake.seedService({ project: "dataface-prod", region: "europe-west1", id: "alie", revisions: [{ name: "alie-prod1", image: "europe-west1-docker.pkg.dev/dataface-prod/dataface/alie@sha256:" + "1".repeat(64) }] });

  it("creates alie-staging and leaves prod's alie untouched", async () => {
    seedProd();
    const before = snapshot(cloud.fake, PROD_ALIE);
    const report = await releaseService(staging(), staging().catalog.services.find((s) => s.name === "alie")!, { skipChecks: true });
    expect(report).toMatchObject({ status: "created", service: "alie", cloudRunName: "alie-staging", environment: "staging", project: "dataface-prod" });
    expect(cloud.fake.services.has(STAGING_ALIE)).toBe(true);
    expect(snapshot(cloud.fake, PROD_ALIE)).toEqual(before);
    expect(new Set(mutatedServices(cloud.fake))).toEqual(new Set([STAGING_ALIE]));
  });

  it("keeps the catalog name for the main container and the image, and says both names in the report", async () => {
    const report = await releaseService(staging(), staging().catalog.services.find((s) => s.name === "alie")!, { skipChecks: true });
    expect(cloud.fake.service(STAGING_ALIE).resource.template?.containers?.[0]?.name).toBe("alie");
    expect(report.image).toMatch(/^europe-west1-docker\.pkg\.dev\/dataface-prod\/dataface\/alie@sha256:/);
    expect(formatServiceReport(report).split("\n")[0]).toMatch(/^alie -> alie-staging \(staging: dataface-prod\/europe-west1\): CREATED/);
  });

  it("pushes the extra tag with the suffix in staging and without it in prod, the short-SHA tag as is", async () => {
    await releaseService(staging(), staging().catalog.services.find((s) => s.name === "alie")!, { skipChecks: true });
    const prod = context(LAYOUTS.bundled, "dataface-prod", "prod");
    await releaseService(prod, prod.catalog.services.find((s) => s.name === "alie")!, { skipChecks: true });
    const pushed = session().published().map((p) => p.address.split("/").pop());
    expect(pushed).toContain("alie:latest-staging");
    expect(pushed).toContain("alie:latest");
    expect(pushed.filter((a) => a === "alie:89abcde")).toHaveLength(2);
    expect(pushed.some((a) => a === "alie:89abcde-staging")).toBe(false);
  });

  it("makes the public service of staging public, and only it", async () => {
    cloud.fake.seedService({ project: "dataface-prod", region: "europe-west1", id: "playground", revisions: [{ name: "playground-prod1", image: "europe-west1-docker.pkg.dev/dataface-prod/dataface/playground@sha256:" + "2".repeat(64) }] });
    const prod = snapshot(cloud.fake, "projects/dataface-prod/locations/europe-west1/services/playground");
    await releaseService(staging(), staging().catalog.services.find((s) => s.name === "playground")!, { skipChecks: true });
    expect(cloud.fake.service("projects/dataface-prod/locations/europe-west1/services/playground-staging").policy.bindings).toEqual([{ role: "roles/run.invoker", members: ["allUsers"] }]);
    expect(snapshot(cloud.fake, "projects/dataface-prod/locations/europe-west1/services/playground")).toEqual(prod);
  });

  it("shows and acts on alie-staging in status, plan and rollback of staging", async () => {
    seedProd();
    const alie = staging().catalog.services.find((s) => s.name === "alie")!;
    await releaseService(staging(), alie, { skipChecks: true });
    await releaseService(context(LAYOUTS.bundled, "dataface-prod", "staging", "bbbbbbb"), alie, { skipChecks: true });
    const before = snapshot(cloud.fake, PROD_ALIE);
    const env = staging().env;
    const name = serviceLocation(alie, env).name;
    expect(name).toBe(STAGING_ALIE);

    const status = await serviceStatus(cloud.gateway, name, "alie");
    expect(status).toMatchObject({ service: "alie", cloudRunName: "alie-staging", exists: true });
    expect(formatStatus(status).split("\n")[0]).toMatch(/^alie -> alie-staging: http/);

    const plan = await planService(cloud.gateway, renderService(alie, env, "europe-west1-docker.pkg.dev/dataface-prod/dataface/alie:ccccccc", "ccccccc"), "ccccccc");
    expect(plan).toMatchObject({ service: "alie", cloudRunName: "alie-staging", exists: true });
    expect(formatPlan(plan).split("\n")[0]).toMatch(/^alie -> alie-staging: /);

    const rolled = await rollbackService(cloud.gateway, name, undefined, { environment: "staging", target: "alie", pollIntervalMs: 10, call: testCall });
    expect(rolled).toMatchObject({ service: "alie", cloudRunName: "alie-staging" });
    expect(rolled.to).toMatch(/^alie-staging-89abcde-/);
    expect(formatRollback(rolled).split("\n")[0]).toMatch(/^alie -> alie-staging: ROLLED BACK /);
    expect(snapshot(cloud.fake, PROD_ALIE)).toEqual(before);
  });

  it("names the Cloud Run service in what Cloud Run reports and the catalog service in the commands it prints", async () => {
    const alie = staging().catalog.services.find((s) => s.name === "alie")!;
    await releaseService(staging(), alie, { skipChecks: true });
    cloud.fake.faults.nextRevisionNeverReady("alie-staging");
    const failed = await releaseService(context(LAYOUTS.bundled, "dataface-prod", "staging", "bbbbbbb"), alie, { skipChecks: true });
    expect(failed).toMatchObject({ status: "rolled-back", service: "alie", cloudRunName: "alie-staging" });
    expect(failed.logHint).toContain("/run/detail/europe-west1/alie-staging/revisions?project=dataface-prod");
    const err = await rollbackService(cloud.gateway, STAGING_ALIE, failed.revision, { environment: "staging", target: "alie", call: testCall }).then(() => undefined, (e: Error) => e);
    expect(err?.message).toContain(`revision "${failed.revision}" is not ready and cannot serve traffic`);
    expect(err?.message).toContain("Pick a ready revision: dagger call status --service=alie --env=staging --credentials=env://GCP_CREDENTIALS.");
  });
});

describe("deploy-job --job=ingestion --env=staging, staging sharing prod's project (bundled catalog)", () => {
  const PROD_JOB = "projects/dataface-prod/locations/europe-west1/jobs/ingestion";
  const STAGING_JOB = "projects/dataface-prod/locations/europe-west1/jobs/ingestion-staging";

  async function withJobs<T>(envName: string, work: (ctx: ReleaseContext) => Promise<T>): Promise<T> {
    const jobs = new GoogleJobsGateway(cloud.fake.clientOptions(new OAuth2Client()) as ClientOptions, { baseDelayMs: 5, maxDelayMs: 20, pollIntervalMs: 10 });
    try {
      const ctx = context(LAYOUTS.bundled, "dataface-prod", envName);
      return await work({ ...ctx, cloud: cloudWith({ auth, jobs }) });
    } finally {
      await jobs.close();
    }
  }

  it("creates ingestion-staging beside prod's ingestion, whose container and image keep the catalog name", async () => {
    const prod = await withJobs("prod", (ctx) => releaseJob(ctx, ctx.catalog.jobs[0]!, { skipChecks: true, execute: false, wait: false }));
    const before = JSON.stringify(cloud.fake.state.jobs.get(PROD_JOB)!.resource);
    const report = await withJobs("staging", (ctx) => releaseJob(ctx, ctx.catalog.jobs[0]!, { skipChecks: true, execute: false, wait: false }));
    expect(prod).toMatchObject({ status: "created", job: "ingestion", cloudRunName: "ingestion" });
    expect(report).toMatchObject({ status: "created", job: "ingestion", cloudRunName: "ingestion-staging" });
    expect(formatJobReport(report).split("\n")[0]).toMatch(/^ingestion -> ingestion-staging \(staging\): CREATED/);
    expect(cloud.fake.state.jobs.get(STAGING_JOB)!.resource.template?.template?.containers?.[0]?.name).toBe("ingestion");
    expect(report.image).toMatch(/\/dataface\/ingestion@sha256:/);
    expect(JSON.stringify(cloud.fake.state.jobs.get(PROD_JOB)!.resource)).toBe(before);
  });
});

describe("deploy in a fixture repository whose staging shares the dev project (pip-flask)", () => {
  const layout = LAYOUTS.pipFlask;
  const DEV = "projects/acme-dev-123/locations/europe-west1/services/analytics";

  it("creates analytics-staging and leaves dev's analytics untouched", async () => {
    cloud.fake.seedService({ project: "acme-dev-123", region: "europe-west1", id: "analytics", revisions: [{ name: "analytics-dev1", image: "europe-west1-docker.pkg.dev/acme-dev-123/apps/analytics@sha256:" + "3".repeat(64) }] });
    const before = snapshot(cloud.fake, DEV);
    const ctx = context(layout, "acme-dev-123", "staging");
    const report = await releaseService(ctx, ctx.catalog.services[0]!, { skipChecks: true });
    expect(report).toMatchObject({ status: "created", service: "analytics", cloudRunName: "analytics-staging" });
    expect(new Set(mutatedServices(cloud.fake))).toEqual(new Set(["projects/acme-dev-123/locations/europe-west1/services/analytics-staging"]));
    expect(snapshot(cloud.fake, DEV)).toEqual(before);
  });

  it("deploys dev's analytics under its own name", async () => {
    const ctx = context(layout, "acme-dev-123", "dev");
    const report = await releaseService(ctx, ctx.catalog.services[0]!, { skipChecks: true });
    expect(report).toMatchObject({ status: "created", service: "analytics", cloudRunName: "analytics" });
    expect(cloud.fake.services.has(DEV)).toBe(true);
    expect(formatServiceReport(report).split("\n")[0]).toMatch(/^analytics \(dev: /);
  });
});
