import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Storage } from "@google-cloud/storage";
import { createGoogleAuth } from "../../ci/src/gcp/credentials-auth.js";
import { parseCredentials } from "../../ci/src/gcp/credentials.js";
import { startApiServer, type ApiServer } from "../fakes/google-auth/api-server.js";
import { GoogleAuthority } from "../fakes/google-auth/authority.js";
import { serviceAccountKeyFile } from "../fakes/google-auth/fixtures.js";
import { startGoogleAuthFakes } from "../fakes/google-auth/index.js";
import { startOAuthTokenServer, type OAuthTokenServer } from "../fakes/google-auth/oauth-token-server.js";

const EMAIL = "ci-deployer@acme-prod.iam.gserviceaccount.com";

let authority: GoogleAuthority;
let oauth: OAuthTokenServer;
let api: ApiServer;

beforeAll(async () => {
  authority = new GoogleAuthority();
  oauth = await startOAuthTokenServer(authority);
  api = await startApiServer(authority);
});

afterAll(async () => {
  await oauth.close();
  await api.close();
});

describe("the authClient with the Google Cloud client libraries", () => {
  it("authorises @google-cloud/storage requests with the service account's token", async () => {
    const key = serviceAccountKeyFile(oauth.tokenUri, EMAIL);
    oauth.addKey(EMAIL, key.key.publicKey);
    const auth = createGoogleAuth(parseCredentials(key.text), { projectId: "acme-prod" });
    const storage = new Storage({ apiEndpoint: api.url, useAuthWithCustomEndpoint: true, authClient: auth.authClient, projectId: "acme-prod" });
    const [metadata] = await storage.bucket("acme-docs").getMetadata();
    expect(metadata).toMatchObject({ principal: EMAIL });
    expect(api.authorizations.at(-1)).toBe(`Bearer ${await auth.accessToken()}`);
  });

  it("authorises @google-cloud/storage requests with the Workload Identity Federation token", async () => {
    const google = await startGoogleAuthFakes();
    const wifApi = await startApiServer(google.authority);
    try {
      const auth = createGoogleAuth(parseCredentials(google.workloadIdentityFile()), { projectId: "acme-prod" });
      const storage = new Storage({ apiEndpoint: wifApi.url, useAuthWithCustomEndpoint: true, authClient: auth.authClient, projectId: "acme-prod" });
      await storage.bucket("acme-docs").getMetadata();
      expect(wifApi.calls.at(-1)).toMatchObject({ path: "/storage/v1/b/acme-docs", principal: "deployer@acme-prod.iam.gserviceaccount.com" });
    } finally {
      await wifApi.close();
      await google.close();
    }
  });
});

describe("the authClient with the Cloud Run Admin client", () => {
  it("keeps authorising other clients with OAuth tokens after a Cloud Run client used it", async () => {
    const { v2 } = await import("@google-cloud/run");
    const key = serviceAccountKeyFile(oauth.tokenUri, EMAIL);
    oauth.addKey(EMAIL, key.key.publicKey);
    const auth = createGoogleAuth(parseCredentials(key.text), { projectId: "acme-prod" });
    const run = new v2.ServicesClient({ apiEndpoint: "127.0.0.1", port: Number(new URL(api.url).port), protocol: "http", fallback: true, authClient: auth.authClient, projectId: "acme-prod" });
    await run.getService({ name: "projects/acme-prod/locations/europe-west1/services/alie" }).catch(() => undefined);
    await auth.authClient.request({ url: `${api.url}/storage/v1/b/acme-docs` });
    expect(api.authorizations.at(-1)).toBe(`Bearer ${await auth.accessToken()}`);
    await run.close();
  });

  it("authorises @google-cloud/run requests (REST transport) with the service account's token", async () => {
    const { v2 } = await import("@google-cloud/run");
    const key = serviceAccountKeyFile(oauth.tokenUri, EMAIL);
    oauth.addKey(EMAIL, key.key.publicKey);
    const auth = createGoogleAuth(parseCredentials(key.text), { projectId: "acme-prod" });
    const port = Number(new URL(api.url).port);
    const run = new v2.ServicesClient({ apiEndpoint: "127.0.0.1", port, protocol: "http", fallback: true, authClient: auth.authClient, projectId: "acme-prod" });
    // The fake answers with a body that is not a Service; only the request's credentials matter here.
    await run.getService({ name: "projects/acme-prod/locations/europe-west1/services/alie" }).catch(() => undefined);
    expect(api.calls.at(-1)).toMatchObject({ path: "/v2/projects/acme-prod/locations/europe-west1/services/alie", principal: EMAIL });
    // The OAuth token from token_uri, not the self-signed JWT GAPIC clients default to.
    expect(api.authorizations.at(-1)).toBe(`Bearer ${await auth.accessToken()}`);
    await run.close();
  });
});
