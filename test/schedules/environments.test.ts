/**
 * Schedules of two environments that share one project and Scheduler location (staging with
 * nameSuffix "-staging" beside an environment without one): each sync creates its own ids
 * (schedule + nameSuffix, aimed at its own Cloud Run names) and, even with --prune, never deletes
 * or reports the other environment's schedules. Run through releaseSchedules (commands/schedules.ts)
 * against the Scheduler fake, for two catalog layouts: the bundled one (a job schedule) and the
 * pip-flask fixture (a service schedule, whose URL is read from the Cloud Run fake).
 */
import { OAuth2Client } from "google-auth-library";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import { type Catalog, parseCatalog } from "../../ci/src/catalog/parse.js";
import type { ReleaseContext } from "../../ci/src/commands/pipeline.js";
import { releaseSchedules } from "../../ci/src/commands/schedules.js";
import { type ClientOptions, GoogleCloudRunGateway } from "../../ci/src/gcp/cloud-run.js";
import { MANAGED_DESCRIPTION_PREFIX } from "../../ci/src/schedules/render.js";
import { formatScheduleReport } from "../../ci/src/schedules/sync.js";
import { type FakeCloudRun, startFakeCloudRun } from "../fakes/cloud-run/index.js";
import { cloudWith } from "../orchestration/support.js";
import { type CatalogLayout, editProject, layoutFiles, LAYOUTS } from "../support/catalog-layouts.js";
import { useFakeScheduler } from "./support/harness.js";
import { testCall } from "../support/suggested-call.js";

const h = useFakeScheduler();

/** `layout`'s catalog with staging moved into `project` with nameSuffix "-staging". */
function sharedCatalog(layout: CatalogLayout, project: string, edit: (files: ReturnType<typeof layoutFiles>) => ReturnType<typeof layoutFiles> = (f) => f): Catalog {
  const files = editProject(layout, layoutFiles(layout), (p) => void (p.environments.staging = { project, nameSuffix: "-staging" }));
  return parseCatalog(edit(files), layout.dir);
}

const context = (catalog: Catalog, envName: string, extra: Partial<ReleaseContext["cloud"]> = {}): ReleaseContext => ({
  source: undefined as never,
  catalog,
  env: resolveEnvironment(catalog, envName),
  gitSha: "89abcde",
  cloud: cloudWith({ scheduler: h.gateway, ...extra }),
  call: testCall,
});

const ids = (): string[] => [...h.fake.jobs.keys()].map((n) => n.split("/jobs/")[1]!).sort();

describe("schedules of two environments in one project (bundled catalog: job ingestion)", () => {
  const PARENT = "projects/dataface-prod/locations/europe-west1";
  const catalog = () => sharedCatalog(LAYOUTS.bundled, "dataface-prod");

  it("creates the staging schedule under its suffixed id, aimed at the suffixed job, marked with its environment", async () => {
    const report = await releaseSchedules(context(catalog(), "staging"), false);
    expect(report.outcomes).toEqual([{ name: "ingestion-nightly-staging", target: "job ingestion (Cloud Run job ingestion-staging)", action: "created" }]);
    const stored = h.fake.jobs.get(`${PARENT}/jobs/ingestion-nightly-staging`)!;
    expect(stored.httpTarget?.uri).toBe(`https://run.googleapis.com/v2/${PARENT}/jobs/ingestion-staging:run`);
    expect(stored.description).toBe(`${MANAGED_DESCRIPTION_PREFIX} environment staging; runs Cloud Run job ingestion-staging`);
  });

  it("keeps prod's schedule when staging syncs with --prune, and staging's when prod does", async () => {
    await releaseSchedules(context(catalog(), "prod"), true);
    const staging = await releaseSchedules(context(catalog(), "staging"), true);
    expect(staging.outcomes.map((o) => [o.name, o.action])).toEqual([["ingestion-nightly-staging", "created"]]);
    const prod = await releaseSchedules(context(catalog(), "prod"), true);
    expect(prod.outcomes.map((o) => [o.name, o.action])).toEqual([["ingestion-nightly", "unchanged"]]);
    expect(ids()).toEqual(["ingestion-nightly", "ingestion-nightly-staging"]);
    expect(h.fake.callsOf("DeleteJob")).toEqual([]);
  });

  it("prunes its own orphans and leaves the other environment's", async () => {
    const orphan = (env: string, id: string) =>
      h.fake.seedJob({ name: `${PARENT}/jobs/${id}`, description: `${MANAGED_DESCRIPTION_PREFIX} environment ${env}; runs Cloud Run job old${env === "staging" ? "-staging" : ""}`, schedule: "0 1 * * *", httpTarget: { uri: `https://run.googleapis.com/v2/${PARENT}/jobs/old:run`, oauthToken: { serviceAccountEmail: "scheduler-invoker@dataface-prod.iam.gserviceaccount.com" } } });
    orphan("staging", "old-nightly-staging");
    orphan("prod", "old-nightly");
    const staging = await releaseSchedules(context(catalog(), "staging"), true);
    expect(staging.outcomes.map((o) => [o.name, o.action]).sort()).toEqual([["ingestion-nightly-staging", "created"], ["old-nightly-staging", "deleted"]]);
    expect(ids()).toEqual(["ingestion-nightly-staging", "old-nightly"]);
    const prod = await releaseSchedules(context(catalog(), "prod"), true);
    expect(prod.outcomes.map((o) => [o.name, o.action]).sort()).toEqual([["ingestion-nightly", "created"], ["old-nightly", "deleted"]]);
    expect(ids()).toEqual(["ingestion-nightly", "ingestion-nightly-staging"]);
  });

  it("leaves a schedule from before environments were recorded that another environment still declares, and that one marks it", async () => {
    h.fake.seedJob({ name: `${PARENT}/jobs/ingestion-nightly`, description: `${MANAGED_DESCRIPTION_PREFIX} runs Cloud Run job ingestion`, schedule: "0 3 * * *", timeZone: "Europe/Paris", httpTarget: { uri: `https://run.googleapis.com/v2/${PARENT}/jobs/ingestion:run`, oauthToken: { serviceAccountEmail: "scheduler-invoker@dataface-prod.iam.gserviceaccount.com" } } });
    const staging = await releaseSchedules(context(catalog(), "staging"), true);
    expect(staging.outcomes.map((o) => o.name)).toEqual(["ingestion-nightly-staging"]);
    const prod = await releaseSchedules(context(catalog(), "prod"), true);
    expect(prod.outcomes[0]).toMatchObject({ name: "ingestion-nightly", action: "updated", fields: expect.arrayContaining(["description"]) });
    expect(h.fake.jobs.get(`${PARENT}/jobs/ingestion-nightly`)!.description).toBe(`${MANAGED_DESCRIPTION_PREFIX} environment prod; runs Cloud Run job ingestion`);
  });

  it("reports an unmarked orphan in the shared location without deleting it, saying why and how to delete it", async () => {
    h.fake.seedJob({ name: `${PARENT}/jobs/legacy-export`, description: `${MANAGED_DESCRIPTION_PREFIX} runs Cloud Run job legacy`, schedule: "0 1 * * *", httpTarget: { uri: `https://run.googleapis.com/v2/${PARENT}/jobs/legacy:run`, oauthToken: { serviceAccountEmail: "scheduler-invoker@dataface-prod.iam.gserviceaccount.com" } } });
    for (const env of ["staging", "prod"]) {
      const report = await releaseSchedules(context(catalog(), env), true);
      const legacy = report.outcomes.find((o) => o.name === "legacy-export");
      expect(legacy).toMatchObject({ action: "orphaned" });
      expect(legacy?.warning).toContain(`environment ${env === "staging" ? "prod" : "staging"} of this catalog also schedules in ${PARENT}`);
      expect(legacy?.warning).toContain("gcloud scheduler jobs delete legacy-export --location=europe-west1 --project=dataface-prod");
      expect(formatScheduleReport(report)).not.toContain("pass --prune to delete them");
    }
    expect(ids()).toContain("legacy-export");
    expect(h.fake.callsOf("DeleteJob")).toEqual([]);
  });

  it("still prunes an unmarked orphan where no other environment schedules (staging in its own project)", async () => {
    const own = parseCatalog(editProject(LAYOUTS.bundled, layoutFiles(LAYOUTS.bundled), (p) => void (p.environments.staging.nameSuffix = "-staging")));
    const parent = "projects/dataface-staging/locations/europe-west1";
    h.fake.seedJob({ name: `${parent}/jobs/legacy-export`, description: `${MANAGED_DESCRIPTION_PREFIX} runs Cloud Run job legacy`, schedule: "0 1 * * *", httpTarget: { uri: `https://run.googleapis.com/v2/${parent}/jobs/legacy:run`, oauthToken: { serviceAccountEmail: "scheduler-invoker@dataface-staging.iam.gserviceaccount.com" } } });
    const report = await releaseSchedules(context(own, "staging"), true);
    expect(report.outcomes.find((o) => o.name === "legacy-export")).toMatchObject({ action: "deleted" });
  });
});

describe("schedules of two environments in one project (pip-flask: a service schedule)", () => {
  const PARENT = "projects/acme-dev-123/locations/europe-west1";
  let cloudRun: FakeCloudRun;
  let gateway: GoogleCloudRunGateway;
  beforeEach(async () => {
    cloudRun = await startFakeCloudRun();
    const auth = new OAuth2Client();
    auth.setCredentials({ access_token: "ya29.schedules-tests", expiry_date: Date.now() + 3_600_000 });
    gateway = new GoogleCloudRunGateway(cloudRun.clientOptions(auth) as ClientOptions);
    for (const id of ["analytics", "analytics-staging"]) cloudRun.seedService({ project: "acme-dev-123", region: "europe-west1", id, revisions: [{ image: `europe-west1-docker.pkg.dev/acme-dev-123/apps/analytics@sha256:${"4".repeat(64)}` }] });
  });
  afterEach(async () => {
    await gateway?.close();
    await cloudRun?.close();
  });
  const catalog = () => sharedCatalog(LAYOUTS.pipFlask, "acme-dev-123");

  it("calls each environment's own service, under each environment's own id, and prunes neither", async () => {
    const staging = await releaseSchedules(context(catalog(), "staging", { cloudRun: gateway }), true);
    const dev = await releaseSchedules(context(catalog(), "dev", { cloudRun: gateway }), true);
    expect(staging.outcomes).toEqual([{ name: "analytics-daily-staging", target: "service analytics (Cloud Run service analytics-staging) POST /run-daily-job", action: "created", warning: expect.any(String) }]);
    expect(dev.outcomes.map((o) => [o.name, o.action])).toEqual([["analytics-daily", "created"]]);
    const stagingUrl = cloudRun.service(`${PARENT}/services/analytics-staging`).resource.uri;
    const devUrl = cloudRun.service(`${PARENT}/services/analytics`).resource.uri;
    expect(h.fake.jobs.get(`${PARENT}/jobs/analytics-daily-staging`)!.httpTarget?.uri).toBe(`${stagingUrl}/run-daily-job`);
    expect(h.fake.jobs.get(`${PARENT}/jobs/analytics-daily`)!.httpTarget?.uri).toBe(`${devUrl}/run-daily-job`);
    const again = await releaseSchedules(context(catalog(), "staging", { cloudRun: gateway }), true);
    expect(again.outcomes.map((o) => [o.name, o.action])).toEqual([["analytics-daily-staging", "unchanged"]]);
    expect(ids()).toEqual(["analytics-daily", "analytics-daily-staging"]);
    expect(h.fake.callsOf("DeleteJob")).toEqual([]);
  });
});
