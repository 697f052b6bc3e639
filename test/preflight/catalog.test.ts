/**
 * Preflight of the real catalog (pipelines/) against the Google REST fake: a project where every
 * prerequisite exists passes with every check OK, and taking each prerequisite away in turn fails
 * exactly the one check that names it.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import type { Catalog } from "../../ci/src/catalog/parse.js";
import { createGoogleAuth } from "../../ci/src/gcp/credentials-auth.js";
import { parseCredentials } from "../../ci/src/gcp/credentials.js";
import { GoogleRestClient } from "../../ci/src/gcp/google-rest.js";
import { runPreflight } from "../../ci/src/preflight/runner.js";
import { type GoogleAuthFakes, startGoogleAuthFakes } from "../fakes/google-auth/index.js";
import { type FakeGoogleRest, type FakeGoogleState, identifyWith, startFakeGoogleRest } from "../fakes/google-rest/index.js";
import { realCatalog } from "../services/support/specs.js";
import { accountOf, bucketOf, DEPLOYER, FAST, projectOf, seedDataface, startWorld, type World } from "./support.js";
import { testCall } from "../support/suggested-call.js";

let catalog: Catalog;
beforeAll(() => {
  catalog = realCatalog();
});

describe("preflight of pipelines/ with a real service-account key", () => {
  const KEY_ACCOUNT = "deployer@dataface-ci.iam.gserviceaccount.com";
  let google: GoogleAuthFakes;
  let fake: FakeGoogleRest;
  beforeAll(async () => {
    google = await startGoogleAuthFakes({ serviceAccounts: [KEY_ACCOUNT] });
  });
  afterAll(async () => google.close());
  beforeEach(async () => {
    fake = await startFakeGoogleRest({ identify: identifyWith(google.authority) });
  });
  afterEach(async () => fake.close());

  for (const env of ["dev", "staging", "prod"] as const) {
    it(`passes in ${env} when everything exists: every check OK, every request authenticated as the key's account`, async () => {
      seedDataface(fake.state, env, `serviceAccount:${KEY_ACCOUNT}`);
      const environment = resolveEnvironment(catalog, env);
      const auth = createGoogleAuth(parseCredentials(google.serviceAccountKey(KEY_ACCOUNT)), { projectId: environment.project });
      const report = await runPreflight({ catalog, env: environment, auth, apis: new GoogleRestClient(auth, { ...FAST, roots: fake.roots }), call: testCall });
      expect(report.checks.filter((c) => c.status !== "OK")).toEqual([]);
      expect(report).toMatchObject({ kind: "preflight", environment: env, project: projectOf(env), ok: true, counts: { warn: 0, fail: 0 } });
      expect(new Set(fake.requests.map((r) => r.caller))).toEqual(new Set([`serviceAccount:${KEY_ACCOUNT}`]));
      expect(report.checks.map((c) => `${c.check} ${c.target}`)).toEqual([
        "credentials service_account",
        "id-tokens private services alie, cloud",
        "api run.googleapis.com",
        "api artifactregistry.googleapis.com",
        "api secretmanager.googleapis.com",
        "api cloudscheduler.googleapis.com",
        "api sqladmin.googleapis.com",
        "api monitoring.googleapis.com",
        `deployer-permissions project ${projectOf(env)}`,
        `registry europe-west1-docker.pkg.dev/${projectOf(env)}/dataface`,
        ...["asql-docs", "docs", "tasks"].map((s) => `bucket gs://${bucketOf(env, s)}`),
        ...["alie-runtime", "cloud-runtime", "playground-runtime", "ingestion-runtime", "scheduler-invoker"].map((a) => `service-account ${accountOf(env, a)}`),
        `secret service alie: ${projectOf(env)}/openai-api-key@latest`,
        `secret service cloud: ${projectOf(env)}/cloud-secret-key@latest`,
        `secret service cloud: ${projectOf(env)}/cloud-database-url@latest`,
        `cloud-sql service cloud: ${projectOf(env)}:europe-west1:dataface`,
      ]);
    });
  }
});

describe("preflight of pipelines/ in dev with one prerequisite missing", () => {
  const p = projectOf("dev");
  const secret = (id: string) => `projects/${p}/secrets/${id}`;
  const runtime = (id: string) => `serviceAccount:${accountOf("dev", id)}`;
  let w: World;
  beforeEach(async () => {
    w = await startWorld();
    seedDataface(w.fake.state, "dev");
  });
  afterEach(async () => w.close());

  const cases: Array<[string, (s: FakeGoogleState) => void, string, RegExp]> = [
    ["the Cloud Run API is disabled", (s) => s.disableService(p, "run.googleapis.com"), "api run.googleapis.com", /gcloud services enable run\.googleapis\.com --project=dataface-dev/],
    ["the Artifact Registry API is disabled", (s) => s.disableService(p, "artifactregistry.googleapis.com"), "api artifactregistry.googleapis.com", /gcloud services enable artifactregistry/],
    ["the Secret Manager API is disabled", (s) => s.disableService(p, "secretmanager.googleapis.com"), "api secretmanager.googleapis.com", /gcloud services enable secretmanager/],
    ["the Cloud Scheduler API is disabled", (s) => s.disableService(p, "cloudscheduler.googleapis.com"), "api cloudscheduler.googleapis.com", /gcloud services enable cloudscheduler/],
    ["the Cloud SQL Admin API is disabled", (s) => s.disableService(p, "sqladmin.googleapis.com"), "api sqladmin.googleapis.com", /gcloud services enable sqladmin/],
    ["the Cloud Monitoring API is disabled", (s) => s.disableService(p, "monitoring.googleapis.com"), "api monitoring.googleapis.com", /gcloud services enable monitoring\.googleapis\.com --project=dataface-dev/],
    ["the deployer cannot write monitoring", (s) => s.revoke(`projects/${p}`, "roles/monitoring.editor", DEPLOYER), `deployer-permissions project ${p}`, /--role=roles\/monitoring\.editor/],
    ["the repository does not exist", (s) => s.repositories.delete(`projects/${p}/locations/europe-west1/repositories/dataface`), `registry europe-west1-docker.pkg.dev/${p}/dataface`, /gcloud artifacts repositories create dataface --repository-format=docker/],
    ["the repository is not a Docker one", (s) => s.addRepository({ project: p, location: "europe-west1", id: "dataface", format: "PYTHON" }), `registry europe-west1-docker.pkg.dev/${p}/dataface`, /--repository-format=docker/],
    ["the deployer cannot push", (s) => {
      const repo = `projects/${p}/locations/europe-west1/repositories/dataface`;
      s.revoke(repo, "roles/artifactregistry.writer", DEPLOYER);
      s.grant(repo, "roles/artifactregistry.reader", DEPLOYER);
    }, `registry europe-west1-docker.pkg.dev/${p}/dataface`, /--role=roles\/artifactregistry\.writer/],
    ["a site bucket does not exist", (s) => s.buckets.delete("dataface-docs-dev"), "bucket gs://dataface-docs-dev", /gcloud storage buckets create gs:\/\/dataface-docs-dev/],
    ["the deployer cannot write a bucket's objects", (s) => s.revoke("projects/_/buckets/dataface-tasks-dev", "roles/storage.admin", DEPLOYER), "bucket gs://dataface-tasks-dev", /--role=roles\/storage\.objectAdmin/],
    ["the deployer cannot update a bucket's website configuration", (s) => {
      s.revoke("projects/_/buckets/dataface-asql-docs-dev", "roles/storage.admin", DEPLOYER);
      s.grant("projects/_/buckets/dataface-asql-docs-dev", "roles/storage.objectAdmin", DEPLOYER);
    }, "bucket gs://dataface-asql-docs-dev", /--role=roles\/storage\.admin .*website: false/],
    ["a runtime service account does not exist", (s) => s.serviceAccounts.delete(accountOf("dev", "alie-runtime")), `service-account ${accountOf("dev", "alie-runtime")}`, /gcloud iam service-accounts create alie-runtime --project=dataface-dev/],
    ["the scheduler's service account does not exist", (s) => s.serviceAccounts.delete(accountOf("dev", "scheduler-invoker")), `service-account ${accountOf("dev", "scheduler-invoker")}`, /create scheduler-invoker/],
    ["the deployer cannot act as a runtime account", (s) => {
      const sa = `projects/${p}/serviceAccounts/${accountOf("dev", "ingestion-runtime")}`;
      s.revoke(sa, "roles/iam.serviceAccountUser", DEPLOYER);
      s.grant(sa, "roles/iam.serviceAccountViewer", DEPLOYER);
    }, `service-account ${accountOf("dev", "ingestion-runtime")}`, /--role=roles\/iam\.serviceAccountUser/],
    ["a secret does not exist", (s) => s.secrets.delete(secret("openai-api-key")), `secret service alie: ${p}/openai-api-key@latest`, /gcloud secrets create openai-api-key --project=dataface-dev/],
    ["a secret's latest version is disabled", (s) => s.setVersionState(secret("cloud-secret-key"), 2, "DISABLED"), `secret service cloud: ${p}/cloud-secret-key@latest`, /gcloud secrets versions enable 2 --secret=cloud-secret-key/],
    ["a runtime account cannot access its secret", (s) => s.revoke(secret("cloud-database-url"), "roles/secretmanager.secretAccessor", runtime("cloud-runtime")), `secret service cloud: ${p}/cloud-database-url@latest`, /gcloud secrets add-iam-policy-binding cloud-database-url .*--member=serviceAccount:cloud-runtime@/],
    ["the Cloud SQL instance does not exist", (s) => s.sqlInstances.delete(`${p}/dataface`), `cloud-sql service cloud: ${p}:europe-west1:dataface`, /fix run\.cloudSqlInstances in pipelines\/services\/cloud\.yaml/],
    ["the runtime account lacks roles/cloudsql.client", (s) => s.revoke(`projects/${p}`, "roles/cloudsql.client", runtime("cloud-runtime")), `cloud-sql service cloud: ${p}:europe-west1:dataface`, /--role=roles\/cloudsql\.client/],
    ["the deployer cannot make playground public (run.developer)", (s) => {
      s.revoke(`projects/${p}`, "roles/run.admin", DEPLOYER);
      s.grant(`projects/${p}`, "roles/run.developer", DEPLOYER);
    }, `deployer-permissions project ${p}`, /--role=roles\/run\.admin  \(roles\/run\.developer cannot make a service public\)/],
    ["the deployer cannot manage schedules", (s) => s.revoke(`projects/${p}`, "roles/cloudscheduler.admin", DEPLOYER), `deployer-permissions project ${p}`, /roles\/cloudscheduler\.admin/],
  ];

  it.each(cases)("when %s, exactly that check fails", async (_what, remove, named, fix) => {
    remove(w.fake.state);
    const report = await runPreflight({ catalog, env: resolveEnvironment(catalog, "dev"), auth: w.auth, apis: w.apis, call: testCall });
    const notOk = report.checks.filter((c) => c.status !== "OK");
    expect(notOk.map((c) => `${c.check} ${c.target}`)).toEqual([named]);
    expect(notOk[0]).toMatchObject({ status: "FAIL", remediation: expect.stringMatching(fix) });
    expect(report).toMatchObject({ ok: false, counts: { fail: 1, warn: 0 } });
  });
});
