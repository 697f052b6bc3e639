/**
 * Each preflight check against the Google REST fake: its OK, its WARN (what it cannot verify, and
 * the read role that would let it) and its FAIL, each with the exact fix.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IdTokenUnavailableError } from "../../ci/src/gcp/id-token.js";
import { apiChecks } from "../../ci/src/preflight/apis.js";
import { bucketChecks } from "../../ci/src/preflight/buckets.js";
import { cloudSqlChecks } from "../../ci/src/preflight/cloud-sql.js";
import { credentialsCheck, idTokenCheck } from "../../ci/src/preflight/credentials.js";
import { deployerPermissionsCheck } from "../../ci/src/preflight/deployer-permissions.js";
import type { CloudSqlNeed, SecretNeed } from "../../ci/src/preflight/needs.js";
import { registryCheck } from "../../ci/src/preflight/registry.js";
import { secretChecks } from "../../ci/src/preflight/secrets.js";
import { serviceAccountChecks } from "../../ci/src/preflight/service-accounts.js";
import { CredentialsError } from "../../ci/src/gcp/credentials-error.js";
import { DEPLOYER, fixedAuth, startWorld, type World } from "./support.js";

const P = "acme";
let w: World;
beforeEach(async () => {
  w = await startWorld();
});
afterEach(async () => w.close());

const grant = (role: string, resource = `projects/${P}`, member = DEPLOYER) => w.fake.state.grant(resource, role, member);

describe("api", () => {
  const run = () => apiChecks(w.ctx, P, [{ api: "run.googleapis.com", why: "Cloud Run services and jobs" }])[0]!.run();

  it("OK when Service Usage says ENABLED", async () => {
    grant("roles/serviceusage.serviceUsageViewer");
    w.fake.state.enableServices(P, "run.googleapis.com");
    expect(await run()).toEqual({ status: "OK", message: "enabled in project acme (Cloud Run services and jobs)" });
  });

  it("FAIL when it is disabled, fixed by gcloud services enable", async () => {
    grant("roles/serviceusage.serviceUsageViewer");
    expect(await run()).toEqual({ status: "FAIL", message: "run.googleapis.com is not enabled in project acme (state DISABLED); needed for Cloud Run services and jobs", remediation: "gcloud services enable run.googleapis.com --project=acme" });
  });

  it("WARN when the deployer may not read Service Usage, naming the viewer role", async () => {
    w.fake.state.project(P);
    expect(await run()).toMatchObject({ status: "WARN", message: expect.stringContaining("lacks serviceusage.services.get"), remediation: `gcloud projects add-iam-policy-binding acme --member=${DEPLOYER} --role=roles/serviceusage.serviceUsageViewer` });
  });
});

describe("registry", () => {
  const need = { project: P, location: "europe-west1", repository: "images" };
  const run = () => registryCheck(w.ctx, need).run();

  it("OK for a DOCKER repository the deployer can push to", async () => {
    w.fake.state.addRepository({ project: P, location: "europe-west1", id: "images" });
    grant("roles/artifactregistry.writer");
    expect(registryCheck(w.ctx, need).target).toBe("europe-west1-docker.pkg.dev/acme/images");
    expect(await run()).toEqual({ status: "OK", message: "DOCKER repository; the deployer can push" });
  });

  it("FAIL when it does not exist in its location, fixed by creating it", async () => {
    grant("roles/artifactregistry.writer");
    w.fake.state.addRepository({ project: P, location: "us", id: "images" });
    expect(await run()).toEqual({
      status: "FAIL",
      message: "repository images does not exist in europe-west1 (project acme)",
      remediation: "gcloud artifacts repositories create images --repository-format=docker --location=europe-west1 --project=acme  (or fix artifactRegistry.repository / artifactRegistry.location in project.yaml)",
    });
  });

  it("FAIL for a repository of another format", async () => {
    grant("roles/artifactregistry.writer");
    w.fake.state.addRepository({ project: P, location: "europe-west1", id: "images", format: "NPM" });
    expect(await run()).toMatchObject({ status: "FAIL", message: "repository images is a NPM repository, not DOCKER: images cannot be pushed to it", remediation: expect.stringContaining("gcloud artifacts repositories create images-docker --repository-format=docker") });
  });

  it("FAIL for a remote repository, which takes no pushes", async () => {
    grant("roles/artifactregistry.writer");
    w.fake.state.addRepository({ project: P, location: "europe-west1", id: "images", mode: "REMOTE_REPOSITORY" });
    expect(await run()).toMatchObject({ status: "FAIL", message: "repository images is a REMOTE_REPOSITORY: it takes no pushes" });
  });

  it("FAIL when the deployer cannot push (reader only), fixed by roles/artifactregistry.writer on the repository", async () => {
    grant("roles/artifactregistry.reader");
    w.fake.state.addRepository({ project: P, location: "europe-west1", id: "images" });
    expect(await run()).toEqual({
      status: "FAIL",
      message: "the deployer cannot push to it (missing artifactregistry.repositories.uploadArtifacts)",
      remediation: `gcloud artifacts repositories add-iam-policy-binding images --location=europe-west1 --project=acme --member=${DEPLOYER} --role=roles/artifactregistry.writer`,
    });
  });

  it("WARN when the deployer can push but may not read the repository (a custom role): the format is not checked", async () => {
    const name = w.fake.state.addRepository({ project: P, location: "europe-west1", id: "images" });
    w.fake.state.defineRole("projects/acme/roles/pushOnly", ["artifactregistry.repositories.uploadArtifacts"]);
    grant("projects/acme/roles/pushOnly", name);
    expect(await run()).toMatchObject({ status: "WARN", message: expect.stringContaining("may not read the repository (artifactregistry.repositories.get)"), remediation: expect.stringContaining("--role=roles/artifactregistry.reader") });
  });
});

describe("bucket", () => {
  const run = (website = true) => bucketChecks(w.ctx, [{ bucket: "acme-docs", sites: ["docs"], website }], { project: P, region: "europe-west1" })[0]!.run();

  it("OK when it exists and the deployer can write objects and the website configuration", async () => {
    const b = w.fake.state.addBucket({ name: "acme-docs", project: P });
    grant("roles/storage.admin", b);
    expect(await run()).toEqual({ status: "OK", message: "exists; the deployer can write objects and update its website configuration" });
  });

  it("OK with objectAdmin alone (no storage.buckets.get) when the site sets website: false", async () => {
    const b = w.fake.state.addBucket({ name: "acme-docs", project: P });
    grant("roles/storage.objectAdmin", b);
    expect(await run(false)).toEqual({ status: "OK", message: "exists; the deployer can write objects" });
  });

  it("FAIL when it does not exist, fixed by creating it", async () => {
    expect(await run()).toEqual({ status: "FAIL", message: "bucket acme-docs (site docs) does not exist", remediation: "gcloud storage buckets create gs://acme-docs --project=acme --location=europe-west1 --uniform-bucket-level-access  (or fix the site's bucket in the catalog; bucket names are global)" });
  });

  it("FAIL when the deployer cannot write objects, fixed by roles/storage.objectAdmin on the bucket", async () => {
    const b = w.fake.state.addBucket({ name: "acme-docs", project: P });
    grant("roles/storage.objectViewer", b);
    expect(await run(false)).toEqual({
      status: "FAIL",
      message: "the deployer lacks storage.objects.create, storage.objects.delete on the bucket",
      remediation: `gcloud storage buckets add-iam-policy-binding gs://acme-docs --member=${DEPLOYER} --role=roles/storage.objectAdmin`,
    });
  });

  it("FAIL when the website configuration cannot be updated, offering website: false instead", async () => {
    const b = w.fake.state.addBucket({ name: "acme-docs", project: P });
    grant("roles/storage.objectAdmin", b);
    expect(await run()).toMatchObject({ status: "FAIL", message: "the deployer lacks storage.buckets.get, storage.buckets.update on the bucket", remediation: expect.stringMatching(/--role=roles\/storage\.admin .*or set website: false on site docs/) });
  });
});

describe("service-account", () => {
  const email = "app-runtime@acme.iam.gserviceaccount.com";
  const run = () => serviceAccountChecks(w.ctx, [{ email, usedBy: ["runtime of service app"] }])[0]!.run();

  it("OK when it exists and the deployer can act as it", async () => {
    w.fake.state.addServiceAccount(email);
    grant("roles/iam.serviceAccountUser");
    expect(await run()).toEqual({ status: "OK", message: "exists (runtime of service app); the deployer can act as it" });
  });

  it("FAIL when it does not exist, fixed by creating it", async () => {
    grant("roles/iam.serviceAccountUser");
    expect(await run()).toEqual({ status: "FAIL", message: `${email} (runtime of service app) does not exist`, remediation: "gcloud iam service-accounts create app-runtime --project=acme  (or fix serviceAccount in the catalog)" });
  });

  it("FAIL when it is disabled", async () => {
    w.fake.state.addServiceAccount(email, { disabled: true });
    grant("roles/iam.serviceAccountUser");
    expect(await run()).toEqual({ status: "FAIL", message: `${email} is disabled`, remediation: `gcloud iam service-accounts enable ${email} --project=acme` });
  });

  it("FAIL when the deployer cannot act as it, fixed by roles/iam.serviceAccountUser on the account", async () => {
    w.fake.state.addServiceAccount(email);
    grant("roles/iam.serviceAccountViewer");
    expect(await run()).toEqual({ status: "FAIL", message: "the deployer cannot act as it (missing iam.serviceAccounts.actAs)", remediation: `gcloud iam service-accounts add-iam-policy-binding ${email} --project=acme --member=${DEPLOYER} --role=roles/iam.serviceAccountUser` });
  });

  it("WARN when the deployer can act as it but may not read it", async () => {
    const sa = w.fake.state.addServiceAccount(email);
    w.fake.state.defineRole("projects/acme/roles/actAsOnly", ["iam.serviceAccounts.actAs"]);
    grant("projects/acme/roles/actAsOnly", sa);
    expect(await run()).toMatchObject({ status: "WARN", message: expect.stringContaining("may not read the account (iam.serviceAccounts.get)"), remediation: expect.stringContaining("--role=roles/iam.serviceAccountViewer") });
  });
});

describe("secret", () => {
  const account = "app-runtime@acme.iam.gserviceaccount.com";
  const need = (extra: Partial<SecretNeed> = {}): SecretNeed => ({ usedBy: "service app", file: "pipelines/services/app.yaml", project: P, secret: "token", version: "latest", account, ...extra });
  const run = (extra: Partial<SecretNeed> = {}) => secretChecks(w.ctx, [need(extra)])[0]!.run();
  const seed = (versions: Array<"ENABLED" | "DISABLED" | "DESTROYED"> = ["ENABLED"]) => w.fake.state.addSecret({ project: P, id: "token", versions });

  beforeEach(() => grant("roles/secretmanager.viewer"));

  it("OK when the version is enabled and the runtime account holds secretAccessor on the secret", async () => {
    w.fake.state.grant(seed(["DISABLED", "ENABLED"]), "roles/secretmanager.secretAccessor", `serviceAccount:${account}`);
    expect(secretChecks(w.ctx, [need()])[0]!.target).toBe("service app: acme/token@latest");
    expect(await run()).toEqual({ status: "OK", message: `latest (version 2) is enabled; ${account} holds roles/secretmanager.secretAccessor on the secret` });
  });

  it("OK when the runtime account holds secretAccessor on the project", async () => {
    seed();
    grant("roles/iam.securityReviewer");
    grant("roles/secretmanager.secretAccessor", `projects/${P}`, `serviceAccount:${account}`);
    expect(await run()).toMatchObject({ status: "OK", message: expect.stringContaining("holds roles/secretmanager.secretAccessor on project acme") });
  });

  it("FAIL when the secret does not exist, fixed by creating it", async () => {
    expect(await run()).toEqual({ status: "FAIL", message: "secret token does not exist in project acme", remediation: "gcloud secrets create token --project=acme --replication-policy=automatic --data-file=FILE  (or fix the secret name in pipelines/services/app.yaml)" });
  });

  it("FAIL when a pinned version does not exist", async () => {
    w.fake.state.grant(seed(), "roles/secretmanager.secretAccessor", `serviceAccount:${account}`);
    expect(await run({ version: "4" })).toEqual({ status: "FAIL", message: "version 4 of secret token does not exist", remediation: "gcloud secrets versions add token --project=acme --data-file=FILE  (or pin an existing version in pipelines/services/app.yaml)" });
  });

  it("FAIL when latest resolves to a DISABLED version, fixed by enabling that version", async () => {
    w.fake.state.grant(seed(["ENABLED", "DISABLED"]), "roles/secretmanager.secretAccessor", `serviceAccount:${account}`);
    expect(await run()).toEqual({ status: "FAIL", message: "latest (version 2) of secret token is DISABLED", remediation: "gcloud secrets versions enable 2 --secret=token --project=acme" });
  });

  it("FAIL when the runtime account has no access role on the secret or the project", async () => {
    seed();
    grant("roles/iam.securityReviewer");
    expect(await run()).toEqual({ status: "FAIL", message: `${account} cannot access secret token: no roles/secretmanager.secretAccessor on the secret or on project acme`, remediation: `gcloud secrets add-iam-policy-binding token --project=acme --member=serviceAccount:${account} --role=roles/secretmanager.secretAccessor` });
  });

  it("WARN when the secret's IAM policy cannot be read", async () => {
    seed();
    w.fake.state.revoke(`projects/${P}`, "roles/secretmanager.viewer", DEPLOYER);
    grant("roles/secretmanager.secretAccessor"); // versions.access only: no get, no getIamPolicy
    const verdict = await run();
    expect(verdict.status).toBe("WARN");
    expect(verdict.message).toContain("may not read secret token's IAM policy (secretmanager.secrets.getIamPolicy)");
    expect(verdict.remediation).toContain(`gcloud projects add-iam-policy-binding acme --member=${DEPLOYER} --role=roles/secretmanager.viewer`);
  });

  it("WARN when the access is granted only under a condition (not evaluated)", async () => {
    w.fake.state.grant(seed(), "roles/secretmanager.secretAccessor", `serviceAccount:${account}`, { title: "business-hours", expression: "request.time.getHours('Europe/Paris') < 18" });
    expect(await run()).toMatchObject({ status: "WARN", message: expect.stringContaining('only under the condition "business-hours"') });
  });

  it("WARN when the target sets no runtime service account", async () => {
    w.fake.state.grant(seed(), "roles/secretmanager.secretAccessor", `serviceAccount:${account}`);
    expect(await run({ account: undefined })).toMatchObject({ status: "WARN", remediation: "set run.serviceAccount in pipelines/services/app.yaml" });
  });
});

describe("cloud-sql", () => {
  const account = "db-runtime@acme.iam.gserviceaccount.com";
  const need = (extra: Partial<CloudSqlNeed> = {}): CloudSqlNeed => ({ usedBy: "service app", file: "pipelines/services/app.yaml", connection: "acme:europe-west1:main", project: P, region: "europe-west1", instance: "main", account, ...extra });
  const run = (extra: Partial<CloudSqlNeed> = {}) => cloudSqlChecks(w.ctx, [need(extra)])[0]!.run();

  beforeEach(() => {
    grant("roles/cloudsql.viewer");
    grant("roles/iam.securityReviewer");
  });

  it("OK when the instance is RUNNABLE and the runtime account holds roles/cloudsql.client", async () => {
    w.fake.state.addSqlInstance({ project: P, region: "europe-west1", id: "main" });
    grant("roles/cloudsql.client", `projects/${P}`, `serviceAccount:${account}`);
    expect(await run()).toEqual({ status: "OK", message: `instance exists and is RUNNABLE; ${account} holds roles/cloudsql.client on project acme` });
  });

  it("FAIL when the instance does not exist (a typo), pointing at the catalog field", async () => {
    grant("roles/cloudsql.client", `projects/${P}`, `serviceAccount:${account}`);
    expect(await run()).toEqual({ status: "FAIL", message: "Cloud SQL instance main does not exist in project acme", remediation: "fix run.cloudSqlInstances in pipelines/services/app.yaml; `gcloud sql instances list --project=acme` lists the instances and their connection names" });
  });

  it("FAIL when the connection name's region is not the instance's", async () => {
    w.fake.state.addSqlInstance({ project: P, region: "us-central1", id: "main" });
    grant("roles/cloudsql.client", `projects/${P}`, `serviceAccount:${account}`);
    expect(await run()).toEqual({ status: "FAIL", message: "instance main is in region us-central1, not europe-west1", remediation: "write acme:us-central1:main in run.cloudSqlInstances of pipelines/services/app.yaml" });
  });

  it("FAIL when the runtime account lacks roles/cloudsql.client", async () => {
    w.fake.state.addSqlInstance({ project: P, region: "europe-west1", id: "main" });
    expect(await run()).toEqual({ status: "FAIL", message: `${account} lacks roles/cloudsql.client on project acme: connections to main are refused`, remediation: `gcloud projects add-iam-policy-binding acme --member=serviceAccount:${account} --role=roles/cloudsql.client` });
  });

  it("WARN when the project IAM policy cannot be read", async () => {
    w.fake.state.addSqlInstance({ project: P, region: "europe-west1", id: "main" });
    w.fake.state.revoke(`projects/${P}`, "roles/iam.securityReviewer", DEPLOYER);
    expect(await run()).toMatchObject({ status: "WARN", message: expect.stringContaining("may not read project acme's IAM policy"), remediation: `gcloud projects add-iam-policy-binding acme --member=${DEPLOYER} --role=roles/iam.securityReviewer` });
  });

  it("WARN when the instance is not RUNNABLE", async () => {
    w.fake.state.addSqlInstance({ project: P, region: "europe-west1", id: "main", state: "SUSPENDED" });
    grant("roles/cloudsql.client", `projects/${P}`, `serviceAccount:${account}`);
    expect(await run()).toMatchObject({ status: "WARN", message: expect.stringContaining("instance main is SUSPENDED, not RUNNABLE") });
  });

  it("WARN when the deployer may not read the instance (it may not exist)", async () => {
    w.fake.state.revoke(`projects/${P}`, "roles/cloudsql.viewer", DEPLOYER);
    grant("roles/cloudsql.client", `projects/${P}`, `serviceAccount:${account}`);
    expect(await run()).toMatchObject({ status: "WARN", message: expect.stringContaining("(cloudsql.instances.get)"), remediation: expect.stringContaining("--role=roles/cloudsql.viewer") });
  });
});

describe("deployer-permissions", () => {
  const permissions = ["run.services.get", "run.services.create", "run.services.update", "run.services.getIamPolicy", "run.services.setIamPolicy", "cloudscheduler.jobs.create"];
  const run = () => deployerPermissionsCheck(w.ctx, P, permissions).run();

  it("OK when the deployer holds every permission (asked with projects.testIamPermissions)", async () => {
    grant("roles/run.admin");
    grant("roles/cloudscheduler.admin");
    expect(await run()).toEqual({ status: "OK", message: "the deployer holds 6 permissions the release needs (run.services.*, cloudscheduler.jobs.*)" });
    expect(w.fake.requests.map((r) => `${r.method} ${r.api} ${r.path}`)).toEqual(["POST resourceManager /v1/projects/acme:testIamPermissions"]);
  });

  it("FAIL naming run.services.setIamPolicy when run.developer cannot make a public service public", async () => {
    grant("roles/run.developer");
    grant("roles/cloudscheduler.admin");
    expect(await run()).toEqual({
      status: "FAIL",
      message: "the deployer lacks run.services.setIamPolicy on project acme",
      remediation: `gcloud projects add-iam-policy-binding acme --member=${DEPLOYER} --role=roles/run.admin  (roles/run.developer cannot make a service public)`,
    });
  });

  it("FAIL listing every missing permission with one grant per role", async () => {
    w.fake.state.project(P);
    const verdict = await run();
    expect(verdict.message).toBe(`the deployer lacks ${permissions.join(", ")} on project acme`);
    expect(verdict.remediation!.split("\n")).toEqual([
      `gcloud projects add-iam-policy-binding acme --member=${DEPLOYER} --role=roles/run.admin  (roles/run.developer cannot make a service public)`,
      `gcloud projects add-iam-policy-binding acme --member=${DEPLOYER} --role=roles/cloudscheduler.admin`,
    ]);
  });

  it("FAIL when the project does not exist or is invisible to the deployer", async () => {
    expect(await run()).toMatchObject({ status: "FAIL", message: "project acme does not exist, or the deployer has no access to it at all" });
  });
});

describe("credentials and id-tokens", () => {
  it("OK when an access token is minted", async () => {
    expect(await credentialsCheck(fixedAuth()).run()).toMatchObject({ status: "OK", message: expect.stringContaining("an access token was minted") });
  });

  it("FAIL with the step that failed when no token can be minted", async () => {
    const auth = fixedAuth({ accessToken: async () => Promise.reject(new CredentialsError("Could not get an access token with the key while signing in: HTTP 400 invalid_grant.")) });
    expect(await credentialsCheck(auth).run()).toMatchObject({ status: "FAIL", message: expect.stringContaining("while signing in: HTTP 400 invalid_grant"), remediation: "fix the credentials as the message says, then run preflight again" });
  });

  it("WARN for a bare access token (not verified, never refreshed)", async () => {
    expect(await credentialsCheck(fixedAuth({ kind: "access_token", description: "OAuth2 access token" })).run()).toMatchObject({ status: "WARN", remediation: expect.stringContaining("Workload Identity Federation") });
  });

  it("id-tokens: OK when an ID token is minted for the private services' health checks", async () => {
    expect(await idTokenCheck(fixedAuth(), ["alie", "cloud"]).run()).toEqual({ status: "OK", message: "an ID token was minted (the health checks of private services alie, cloud need them)" });
  });

  it("id-tokens: FAIL when the credentials cannot mint ID tokens at all (known without a call)", async () => {
    const auth = fixedAuth({ idTokenUnavailable: new IdTokenUnavailableError("a bare access token", "an access token cannot be turned into an ID token"), idToken: async () => Promise.reject(new Error("must not be called")) });
    expect(await idTokenCheck(auth, ["alie"]).run()).toMatchObject({ status: "FAIL", message: expect.stringMatching(/^the health checks of private service alie need ID tokens: .*bare access token/), remediation: expect.stringContaining("service-account impersonation") });
  });
});
