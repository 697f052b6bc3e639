import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGoogleAuth } from "../../ci/src/gcp/credentials-auth.js";
import { CredentialsError, parseCredentials } from "../../ci/src/gcp/credentials.js";
import { startApiServer, type ApiServer } from "../fakes/google-auth/api-server.js";
import { GoogleAuthority } from "../fakes/google-auth/authority.js";
import { serviceAccountKeyFile, type ServiceAccountKeyFile } from "../fakes/google-auth/fixtures.js";
import { decodeJwt, verifyRs256 } from "../fakes/google-auth/jwt.js";
import { startOAuthTokenServer, type OAuthTokenServer } from "../fakes/google-auth/oauth-token-server.js";

const EMAIL = "ci-deployer@acme-prod.iam.gserviceaccount.com";
const SERVICE_URL = "https://alie-abc123-ew.a.run.app";

let authority: GoogleAuthority;
let oauth: OAuthTokenServer;
let api: ApiServer;
let key: ServiceAccountKeyFile;

beforeAll(async () => {
  authority = new GoogleAuthority();
  oauth = await startOAuthTokenServer(authority);
  api = await startApiServer(authority);
  key = serviceAccountKeyFile(oauth.tokenUri, EMAIL);
  oauth.addKey(EMAIL, key.key.publicKey);
});

afterAll(async () => {
  await oauth.close();
  await api.close();
});

const authFor = (text = key.text) => createGoogleAuth(parseCredentials(text), { projectId: "acme-prod" });

describe("service-account key credentials", () => {
  it("sign a JWT the token endpoint verifies with the key's public key, and get an access token", async () => {
    oauth.lifetimeSeconds = 3600;
    const token = await authFor().accessToken();
    expect(authority.lookup(token)).toMatchObject({ principal: EMAIL, kind: "service_account" });
    expect(oauth.assertions.at(-1)).toMatchObject({
      iss: EMAIL,
      aud: "https://oauth2.googleapis.com/token",
      scope: "https://www.googleapis.com/auth/cloud-platform",
    });
  });

  it("reuse a cached access token that is valid for more than 5 minutes", async () => {
    oauth.lifetimeSeconds = 3600;
    const auth = authFor();
    const first = await auth.accessToken();
    expect(await auth.accessToken()).toBe(first);
  });

  it("mint a new access token on every call when the cached one expires within 5 minutes", async () => {
    oauth.lifetimeSeconds = 240;
    const auth = authFor();
    const tokens = [await auth.accessToken(), await auth.accessToken(), await auth.accessToken()];
    expect(new Set(tokens).size).toBe(3);
    oauth.lifetimeSeconds = 3600;
  });

  it("send the bearer token when the authClient makes a request", async () => {
    oauth.lifetimeSeconds = 3600;
    const auth = authFor();
    const res = await auth.authClient.request<{ principal: string }>({ url: `${api.url}/v2/projects/acme-prod/locations/europe-west1/services` });
    expect(res.data.principal).toBe(EMAIL);
    expect(api.authorizations.at(-1)).toBe(`Bearer ${await auth.accessToken()}`);
  });

  it("mint an ID token signed by Google whose audience is the service URL", async () => {
    const idToken = await authFor().idToken(SERVICE_URL);
    const jwt = decodeJwt(idToken)!;
    expect(verifyRs256(jwt, authority.signingKey.publicKey)).toBe(true);
    expect(jwt.payload).toMatchObject({ aud: SERVICE_URL, email: EMAIL, iss: "https://accounts.google.com" });
    expect(oauth.assertions.at(-1)).toMatchObject({ iss: EMAIL, target_audience: SERVICE_URL });
  });

  it("keep one ID token per audience until it nears expiry", async () => {
    const auth = authFor();
    const a = await auth.idToken(SERVICE_URL);
    const b = await auth.idToken("https://other-abc123-ew.a.run.app");
    expect(await auth.idToken(SERVICE_URL)).toBe(a);
    expect(decodeJwt(b)!.payload["aud"]).toBe("https://other-abc123-ew.a.run.app");
  });

  it("report a rejected key with the server's reason and no key material", async () => {
    const stranger = serviceAccountKeyFile(oauth.tokenUri, EMAIL); // same email, key the server does not know
    const err = await authFor(stranger.text).accessToken().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    const message = (err as Error).message;
    expect(message).toContain(`service-account key for ${EMAIL}`);
    expect(message).toContain("HTTP 400 invalid_grant: Invalid JWT Signature.");
    expect(message).toContain("signing in as");
    for (const line of stranger.key.privateKeyPem.split("\n").slice(1, -2)) expect(message).not.toContain(line);
    expect(message).not.toMatch(/eyJ|assertion=/);
  });

  it("report an unreachable token endpoint clearly", async () => {
    const closed = await startOAuthTokenServer(authority);
    await closed.close();
    const err = await authFor(serviceAccountKeyFile(closed.tokenUri, EMAIL).text).accessToken().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect((err as Error).message).toMatch(/Could not get an access token .* while signing in as .*ECONNREFUSED/s);
  });
});
