/**
 * GoogleRestClient: each API at its own root, the auth client's bearer token on every request,
 * API errors as GoogleApiError (status, canonical code, the API's message), 401 as a
 * CredentialsError never retried, transient answers retried, and a timeout as status 0.
 */
import { OAuth2Client } from "google-auth-library";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CredentialsError } from "../../ci/src/gcp/credentials-error.js";
import { GOOGLE_API_ROOTS, GoogleApiError, GoogleRestClient } from "../../ci/src/gcp/google-rest.js";
import { type FakeGoogleRest, startFakeGoogleRest } from "../fakes/google-rest/index.js";
import { rejection } from "../support/rejection.js";

const TOKEN = "ya29.rest-client";
let fake: FakeGoogleRest;
let client: GoogleRestClient;

function auth(token = TOKEN) {
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: token, expiry_date: Date.now() + 3_600_000 });
  return { authClient, accessToken: async () => token };
}

beforeEach(async () => {
  fake = await startFakeGoogleRest();
  fake.addCaller(TOKEN, "serviceAccount:ci@acme.iam.gserviceaccount.com");
  fake.state.grant("projects/acme", "roles/owner", "serviceAccount:ci@acme.iam.gserviceaccount.com");
  client = new GoogleRestClient(auth(), { roots: fake.roots, retry: { baseDelayMs: 1, maxDelayMs: 2, attempts: 3 }, timeoutMs: 300 });
});
afterEach(async () => fake.close());

describe("GoogleRestClient", () => {
  it("defaults to the googleapis.com roots and builds query strings with repeated keys", () => {
    const real = new GoogleRestClient(auth());
    expect(real.url("storage", "/storage/v1/b/x/iam/testPermissions", { permissions: ["a", "b"] })).toBe(`${GOOGLE_API_ROOTS.storage}/storage/v1/b/x/iam/testPermissions?permissions=a&permissions=b`);
    expect(real.url("resourceManager", "/v1/projects/p:testIamPermissions")).toBe("https://cloudresourcemanager.googleapis.com/v1/projects/p:testIamPermissions");
  });

  it("sends the auth client's bearer token to the API's own root", async () => {
    fake.state.enableServices("acme", "run.googleapis.com");
    expect(await client.get("serviceUsage", "/v1/projects/acme/services/run.googleapis.com")).toMatchObject({ state: "ENABLED" });
    expect(await client.post("resourceManager", "/v1/projects/acme:testIamPermissions", { permissions: ["run.services.get"] })).toEqual({ permissions: ["run.services.get"] });
    expect(fake.requests.map((r) => [r.api, r.authorization])).toEqual([["serviceUsage", `Bearer ${TOKEN}`], ["resourceManager", `Bearer ${TOKEN}`]]);
  });

  it("turns an API error into a GoogleApiError with its status, canonical code and message", async () => {
    const err = await rejection(client.get("secretManager", "/v1/projects/acme/secrets/nope"));
    expect(err).toBeInstanceOf(GoogleApiError);
    expect(err).toMatchObject({ api: "secretManager", status: 404, reason: "NOT_FOUND" });
    expect(err.message).toMatch(/^GET \/secretmanager\/v1\/projects\/acme\/secrets\/nope: 404 NOT_FOUND: Secret \[projects\/\d+\/secrets\/nope\] not found\.$/);
  });

  it("reads the Cloud Storage error shape too", async () => {
    expect(await rejection(client.get("storage", "/storage/v1/b/missing"))).toMatchObject({ status: 404, message: expect.stringContaining("The specified bucket does not exist.") });
  });

  it("turns a 401 into a CredentialsError and does not retry it", async () => {
    const stranger = new GoogleRestClient(auth("ya29.unknown-to-the-fake"), { roots: fake.roots, retry: { baseDelayMs: 1, attempts: 3 } });
    const err = await rejection(stranger.get("iam", "/v1/projects/-/serviceAccounts/x@acme.iam.gserviceaccount.com"));
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err.message).toContain("iam.googleapis.com refused the credentials (401: Request had invalid authentication credentials.");
    expect(fake.requests.filter((r) => r.status === 401).length).toBeLessThanOrEqual(2); // the auth client's own refresh retry at most, never ours
  });

  it("retries 503 and 429, then gives up with the last error", async () => {
    fake.faults.failPath("/services/run.googleapis.com", 503, 2);
    await expect(client.get("serviceUsage", "/v1/projects/acme/services/run.googleapis.com")).resolves.toMatchObject({ state: "DISABLED" });
    fake.faults.failPath("/services/run.googleapis.com", 429);
    expect(await rejection(client.get("serviceUsage", "/v1/projects/acme/services/run.googleapis.com"))).toMatchObject({ status: 429 });
    expect(fake.requests.map((r) => r.status)).toEqual([503, 503, 200, 429, 429, 429]);
  });

  it("reports a request that gets no answer as status 0, 'no answer within', without retrying it", async () => {
    fake.faults.hangPath("/instances/db");
    const err = await rejection(client.get("sqlAdmin", "/v1/projects/acme/instances/db"));
    expect(err).toMatchObject({ status: 0, message: "GET /sqladmin/v1/projects/acme/instances/db: no answer within 0.3s" });
    expect(fake.requests).toHaveLength(1);
  });

  it("fails with the credentials' own error before any request when no token can be minted", async () => {
    const broken = new GoogleRestClient({ authClient: new OAuth2Client(), accessToken: async () => Promise.reject(new CredentialsError("Could not get an access token with X while impersonating Y: HTTP 403.")) }, { roots: fake.roots });
    expect(await rejection(broken.get("iam", "/v1/projects/-/serviceAccounts/y"))).toMatchObject({ name: "CredentialsError", message: expect.stringContaining("while impersonating Y") });
    expect(fake.requests).toEqual([]);
  });
});
