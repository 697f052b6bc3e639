/**
 * deployAllPlan: what `dagger call deploy-all` hands to releaseAll. Its site and schedule
 * releases run for real against fake-gcs-server and the Cloud Scheduler fake; every other
 * Google client is absent and fails the test if touched.
 */
import { OAuth2Client } from "google-auth-library";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import type { Catalog } from "../../ci/src/catalog/parse.js";
import { loadCatalog } from "../../ci/src/catalog/read.js";
import type { GoogleCloud } from "../../ci/src/commands/cloud.js";
import type { ReleaseContext } from "../../ci/src/commands/pipeline.js";
import { deployAllPlan } from "../../ci/src/commands/release-all.js";
import type { ClientOptions } from "../../ci/src/gcp/cloud-run.js";
import { GoogleSchedulerGateway } from "../../ci/src/gcp/scheduler.js";
import { MANAGED_DESCRIPTION_PREFIX } from "../../ci/src/schedules/render.js";
import { type FakeScheduler, startFakeScheduler } from "../fakes/scheduler/index.js";
import { useFakeDaggerSession } from "../support/dagger/index.js";
import { type FakeGcs, startFakeGcs, storageFor } from "../support/gcs/fake-gcs-server.js";
import { type GcsProxy, startGcsProxy } from "../support/gcs/gcs-proxy.js";
import { cloudWith, GIT_SHA, mkdocsBuilds, rejection, repoSource } from "./support.js";
import { testCall } from "../support/suggested-call.js";

const session = useFakeDaggerSession();
let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog(repoSource());
});

const context = (envName: string, cloud: GoogleCloud): ReleaseContext => ({
  source: repoSource(),
  catalog,
  env: resolveEnvironment(catalog, envName),
  gitSha: GIT_SHA,
  cloud,
  call: testCall,
});

const options = { skipChecks: false, prune: false };

describe("deployAllPlan: the targets", () => {
  it("releases every service, job and site of the catalog in the context's environment", () => {
    const plan = deployAllPlan(context("staging", cloudWith({})), options);
    expect(plan).toMatchObject({
      environment: "staging",
      services: ["alie", "cloud", "playground"],
      jobs: ["ingestion"],
      sites: ["asql-docs", "docs", "tasks"],
    });
  });

  it("runs as many of each group at once as the project's deploy.concurrency", () => {
    expect(catalog.project.deploy.concurrency).toBe(4);
    expect(deployAllPlan(context("dev", cloudWith({})), options).concurrency).toBe(4);
    const wider: Catalog = { ...catalog, project: { ...catalog.project, deploy: { ...catalog.project.deploy, concurrency: 9 } } };
    expect(deployAllPlan({ ...context("dev", cloudWith({})), catalog: wider }, options).concurrency).toBe(9);
  });

  it("refuses a name that is not in the catalog", async () => {
    const plan = deployAllPlan(context("staging", cloudWith({})), options);
    expect((await rejection(plan.releaseService("billing"))).message).toBe('Unknown service "billing". Valid services: alie, cloud, playground.');
    expect((await rejection(plan.releaseJob("billing"))).message).toBe('Unknown job "billing". Valid jobs: ingestion.');
    expect((await rejection(plan.releaseSite("billing"))).message).toBe('Unknown site "billing". Valid sites: asql-docs, docs, tasks.');
  });
});

describe("deployAllPlan: sites", () => {
  let gcs: FakeGcs;
  let proxy: GcsProxy;
  beforeEach(async () => {
    gcs = await startFakeGcs();
    proxy = await startGcsProxy(gcs.endpoint);
    await gcs.createBucket("dataface-docs-staging");
  });
  afterEach(async () => {
    await proxy?.stop();
    await gcs?.stop();
  });

  it("publishes a site to the environment's bucket, uploading but never deleting", async () => {
    mkdocsBuilds(session(), { "index.html": "<h1>new</h1>\n", "404.html": "<h1>404</h1>\n" });
    await gcs.storage().bucket("dataface-docs-staging").file("retired/index.html").save("<h1>retired</h1>");
    const plan = deployAllPlan(context("staging", cloudWith({ storage: storageFor(proxy.endpoint) })), options);
    const report = await plan.releaseSite("docs");
    expect(report).toMatchObject({ bucket: "dataface-docs-staging", dryRun: false, deleted: [], wouldDelete: ["retired/index.html"] });
    expect(report.uploaded.sort()).toEqual(["404.html", "index.html"]);
    const [files] = await gcs.storage().bucket("dataface-docs-staging").getFiles();
    expect(files.map((f) => f.name).sort()).toEqual(["404.html", "index.html", "retired/index.html"]);
  });
});

describe("deployAllPlan: schedules", () => {
  const PARENT = "projects/dataface-staging/locations/europe-west1";
  let scheduler: FakeScheduler;
  let gateway: GoogleSchedulerGateway;
  beforeEach(async () => {
    scheduler = await startFakeScheduler();
    const auth = new OAuth2Client();
    auth.setCredentials({ access_token: "ya29.orchestration-tests", expiry_date: Date.now() + 3_600_000 });
    gateway = new GoogleSchedulerGateway(scheduler.clientOptions(auth) as ClientOptions);
    scheduler.seedJob({
      name: `${PARENT}/jobs/legacy-export-nightly`,
      description: `${MANAGED_DESCRIPTION_PREFIX} runs Cloud Run job legacy-export`,
      schedule: "0 1 * * *",
      httpTarget: {
        uri: `https://run.googleapis.com/v2/${PARENT}/jobs/legacy-export:run`,
        oauthToken: { serviceAccountEmail: "scheduler-invoker@dataface-staging.iam.gserviceaccount.com" },
      },
    });
  });
  afterEach(async () => {
    await gateway?.close();
    await scheduler?.close();
  });

  it("creates the catalog's schedules in the environment's project and only reports orphans without --prune", async () => {
    const plan = deployAllPlan(context("staging", cloudWith({ scheduler: gateway })), options);
    const report = await plan.releaseSchedules();
    expect(report.ok).toBe(true);
    expect(report.outcomes.map((o) => [o.name, o.action]).sort()).toEqual([
      ["ingestion-nightly", "created"],
      ["legacy-export-nightly", "orphaned"],
    ]);
    expect([...scheduler.jobs.keys()].sort()).toEqual([`${PARENT}/jobs/ingestion-nightly`, `${PARENT}/jobs/legacy-export-nightly`]);
  });

  it("deletes the orphans with --prune", async () => {
    const plan = deployAllPlan(context("staging", cloudWith({ scheduler: gateway })), { ...options, prune: true });
    const report = await plan.releaseSchedules();
    expect(report.outcomes.find((o) => o.name === "legacy-export-nightly")).toMatchObject({ action: "deleted" });
    expect([...scheduler.jobs.keys()]).toEqual([`${PARENT}/jobs/ingestion-nightly`]);
  });
});
