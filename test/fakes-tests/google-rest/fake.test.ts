/**
 * The Google REST fake behaves like the documented APIs: bearer tokens required, reads need their
 * permission (403 before 404 for a caller who may not read), testIamPermissions answers only with
 * granted permissions and rejects unknown names, IAM inherits from the project, and faults.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeGoogleRest, INVALID_CREDENTIALS, MISSING_CREDENTIALS, startFakeGoogleRest } from "../../fakes/google-rest/index.js";

const DEPLOYER = "serviceAccount:deployer@acme.iam.gserviceaccount.com";
let fake: FakeGoogleRest;

async function call(api: keyof FakeGoogleRest["roots"], path: string, init: { method?: string; body?: unknown; token?: string | null } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (init.token !== null) headers["authorization"] = `Bearer ${init.token ?? "ya29.deployer"}`;
  const res = await fetch(`${fake.roots[api]}${path}`, { method: init.method ?? (init.body ? "POST" : "GET"), headers, body: init.body ? JSON.stringify(init.body) : undefined, signal: AbortSignal.timeout(2000) });
  return { status: res.status, body: (await res.json()) as any };
}

beforeEach(async () => {
  fake = await startFakeGoogleRest();
  fake.addCaller("ya29.deployer", DEPLOYER);
});
afterEach(async () => fake.close());

describe("authentication", () => {
  it("answers 401 UNAUTHENTICATED without a bearer token, and for a token it does not know", async () => {
    expect(await call("serviceUsage", "/v1/projects/acme/services/run.googleapis.com", { token: null })).toEqual({ status: 401, body: { error: { code: 401, message: MISSING_CREDENTIALS, status: "UNAUTHENTICATED" } } });
    expect((await call("serviceUsage", "/v1/projects/acme/services/run.googleapis.com", { token: "ya29.stranger" })).body.error.message).toBe(INVALID_CREDENTIALS);
  });

  it("records each request with its caller and status", async () => {
    await call("iam", "/v1/projects/-/serviceAccounts/x@acme.iam.gserviceaccount.com");
    expect(fake.requests).toEqual([expect.objectContaining({ api: "iam", method: "GET", path: "/v1/projects/-/serviceAccounts/x@acme.iam.gserviceaccount.com", caller: DEPLOYER, status: 403, authorization: "Bearer ya29.deployer" })]);
  });
});

describe("reads need their permission", () => {
  it("Service Usage: 403 without serviceusage.services.get, then ENABLED / DISABLED by project number", async () => {
    fake.state.enableServices("acme", "run.googleapis.com");
    expect((await call("serviceUsage", "/v1/projects/acme/services/run.googleapis.com")).status).toBe(403);
    fake.state.grant("projects/acme", "roles/serviceusage.serviceUsageViewer", DEPLOYER);
    const number = fake.state.project("acme").number;
    expect((await call("serviceUsage", "/v1/projects/acme/services/run.googleapis.com")).body).toMatchObject({ name: `projects/${number}/services/run.googleapis.com`, state: "ENABLED" });
    expect((await call("serviceUsage", "/v1/projects/acme/services/sqladmin.googleapis.com")).body.state).toBe("DISABLED");
    const batch = await call("serviceUsage", "/v1/projects/acme/services:batchGet?names=projects/acme/services/run.googleapis.com&names=projects/acme/services/sqladmin.googleapis.com");
    expect(batch.body.services.map((s: any) => s.state)).toEqual(["ENABLED", "DISABLED"]);
  });

  it("Artifact Registry: 403 '(or it may not exist)' without the read permission, 404 with it for a missing repository", async () => {
    const path = "/v1/projects/acme/locations/europe-west1/repositories/images";
    expect((await call("artifactRegistry", path)).body.error).toMatchObject({ code: 403, status: "PERMISSION_DENIED", message: expect.stringContaining("(or it may not exist)") });
    fake.state.grant("projects/acme", "roles/artifactregistry.reader", DEPLOYER);
    expect((await call("artifactRegistry", path)).body.error).toMatchObject({ code: 404, status: "NOT_FOUND" });
    fake.state.addRepository({ project: "acme", location: "europe-west1", id: "images", format: "MAVEN" });
    expect((await call("artifactRegistry", path)).body).toMatchObject({ name: path.slice(4), format: "MAVEN", mode: "STANDARD_REPOSITORY" });
  });

  it("Cloud Storage: a missing bucket is 404 for anyone; an existing one is 403 without storage.buckets.get", async () => {
    expect((await call("storage", "/storage/v1/b/site")).body.error).toMatchObject({ code: 404, errors: [{ reason: "notFound" }] });
    fake.state.addBucket({ name: "site", project: "acme" });
    expect((await call("storage", "/storage/v1/b/site")).body.error).toMatchObject({ code: 403, errors: [{ reason: "forbidden" }] });
    fake.state.grant("projects/_/buckets/site", "roles/storage.admin", DEPLOYER);
    expect((await call("storage", "/storage/v1/b/site")).body).toMatchObject({ kind: "storage#bucket", name: "site" });
  });

  it("Secret Manager: versions by number, latest = the newest whatever its state, names with the project number", async () => {
    fake.state.grant("projects/acme", "roles/secretmanager.viewer", DEPLOYER);
    const secret = fake.state.addSecret({ project: "acme", id: "token", versions: ["ENABLED", "DISABLED"] });
    const number = fake.state.project("acme").number;
    expect((await call("secretManager", `/v1/${secret}/versions/latest`)).body).toMatchObject({ name: `projects/${number}/secrets/token/versions/2`, state: "DISABLED" });
    expect((await call("secretManager", `/v1/${secret}/versions/1`)).body.state).toBe("ENABLED");
    expect((await call("secretManager", `/v1/${secret}/versions/3`)).body.error.message).toBe(`Secret Version [projects/${number}/secrets/token/versions/3] not found.`);
    expect((await call("secretManager", "/v1/projects/acme/secrets/nope/versions/latest")).body.error.message).toBe(`Secret [projects/${number}/secrets/nope] not found or has no versions.`);
  });

  it("getIamPolicy: bindings as set; conditional ones only for requestedPolicyVersion 3, marked _withcond_ otherwise", async () => {
    fake.state.grant("projects/acme", "roles/iam.securityReviewer", DEPLOYER);
    fake.state.grant("projects/acme", "roles/cloudsql.client", "serviceAccount:app@acme.iam.gserviceaccount.com", { title: "weekdays", expression: "request.time.getDayOfWeek() < 5" });
    const v3 = await call("resourceManager", "/v1/projects/acme:getIamPolicy", { body: { options: { requestedPolicyVersion: 3 } } });
    expect(v3.body.bindings).toContainEqual({ role: "roles/cloudsql.client", members: ["serviceAccount:app@acme.iam.gserviceaccount.com"], condition: { title: "weekdays", expression: "request.time.getDayOfWeek() < 5" } });
    const v1 = await call("resourceManager", "/v3/projects/acme:getIamPolicy", { body: {} });
    expect(v1.body.bindings.map((b: any) => b.role)).toContainEqual(expect.stringMatching(/^roles\/cloudsql\.client_withcond_/));
  });

  it("Cloud SQL: 403 notAuthorized without cloudsql.instances.get, 404 instanceDoesNotExist with it", async () => {
    expect((await call("sqlAdmin", "/v1/projects/acme/instances/db")).body.error.errors[0].reason).toBe("notAuthorized");
    fake.state.grant("projects/acme", "roles/cloudsql.viewer", DEPLOYER);
    expect((await call("sqlAdmin", "/v1/projects/acme/instances/db")).body.error.errors[0].reason).toBe("instanceDoesNotExist");
    fake.state.addSqlInstance({ project: "acme", region: "europe-west1", id: "db" });
    expect((await call("sqlAdmin", "/v1/projects/acme/instances/db")).body).toMatchObject({ connectionName: "acme:europe-west1:db", state: "RUNNABLE" });
  });
});

describe("testIamPermissions", () => {
  it("answers only the permissions granted, inheriting the project's policy, and {} when none", async () => {
    const sa = fake.state.addServiceAccount("app@acme.iam.gserviceaccount.com");
    expect((await call("iam", `/v1/${sa}:testIamPermissions`, { body: { permissions: ["iam.serviceAccounts.actAs"] } })).body).toEqual({});
    fake.state.grant("projects/acme", "roles/iam.serviceAccountUser", DEPLOYER);
    expect((await call("iam", `/v1/projects/-/serviceAccounts/app@acme.iam.gserviceaccount.com:testIamPermissions`, { body: { permissions: ["iam.serviceAccounts.actAs", "iam.serviceAccounts.delete"] } })).body).toEqual({ permissions: ["iam.serviceAccounts.actAs"] });
  });

  it("ignores conditional bindings (the fake does not evaluate conditions)", async () => {
    fake.state.project("acme");
    fake.state.grant("projects/acme", "roles/run.admin", DEPLOYER, { title: "t", expression: "true" });
    expect((await call("resourceManager", "/v1/projects/acme:testIamPermissions", { body: { permissions: ["run.services.create"] } })).body).toEqual({});
  });

  it("rejects a permission name that does not exist, or does not apply to the resource, with 400 INVALID_ARGUMENT", async () => {
    fake.state.project("acme");
    const made_up = await call("resourceManager", "/v1/projects/acme:testIamPermissions", { body: { permissions: ["run.services.fly"] } });
    expect(made_up.body.error).toMatchObject({ code: 400, status: "INVALID_ARGUMENT", message: "Permission run.services.fly is not valid for this resource." });
    fake.state.addRepository({ project: "acme", location: "us", id: "r" });
    expect((await call("artifactRegistry", "/v1/projects/acme/locations/us/repositories/r:testIamPermissions", { body: { permissions: ["storage.objects.create"] } })).status).toBe(400);
    fake.state.addBucket({ name: "b", project: "acme" });
    expect((await call("storage", "/storage/v1/b/b/iam/testPermissions?permissions=storage.objects.fly")).body.error.errors[0].reason).toBe("invalid");
  });

  it("refuses grants of roles it does not know, so a typo in a test cannot grant nothing silently", () => {
    expect(() => fake.state.grant("projects/acme", "roles/run.admn", DEPLOYER)).toThrow("fake: unknown role roles/run.admn");
  });
});

describe("faults", () => {
  it("failPath answers the status for the next n matching requests, then the fake answers normally", async () => {
    fake.state.grant("projects/acme", "roles/serviceusage.serviceUsageViewer", DEPLOYER);
    fake.faults.failPath("/services/run.googleapis.com", 503, 1);
    expect((await call("serviceUsage", "/v1/projects/acme/services/run.googleapis.com")).body.error).toMatchObject({ code: 503, status: "UNAVAILABLE" });
    expect((await call("serviceUsage", "/v1/projects/acme/services/run.googleapis.com")).status).toBe(200);
  });

  it("hangPath never answers (the client's timeout decides)", async () => {
    fake.faults.hangPath(/sqladmin|instances/);
    await expect(call("sqlAdmin", "/v1/projects/acme/instances/db")).rejects.toThrow(/timeout|aborted/i);
  });

  it("delayMs holds every answer, so concurrent requests are in flight together (maxInFlight)", async () => {
    fake.delayMs = 50;
    await Promise.all([1, 2, 3].map(() => call("iam", "/v1/projects/-/serviceAccounts/x@acme.iam.gserviceaccount.com")));
    expect(fake.maxInFlight).toBe(3);
  });
});
