/**
 * CloudAuth.idTokenUnavailable: known at once, without any network call, so a deploy of a private
 * service can refuse before its first mutating call; idToken() rejects with the same error.
 */
import { describe, expect, it } from "vitest";
import { createGoogleAuth, IdTokenUnavailableError } from "../../ci/src/gcp/credentials-auth.js";
import { parseCredentials } from "../../ci/src/gcp/credentials.js";
import { externalAccountFile, GITHUB_WIF_AUDIENCE, serviceAccountKeyFile } from "../fakes/google-auth/fixtures.js";
import { CANARY, canaryWorkloadIdentityFile, expectNoSecrets, scriptedServer, WIF_SECRETS } from "./auth-failure-servers.js";

/** Nothing listens on port 9: any network call would fail (and the tests would see it). */
const NOWHERE = "http://127.0.0.1:9";
const SERVICE_URL = "https://alie-abc123-ew.a.run.app";
const ACCESS_TOKEN = `ya29.${CANARY.header.replace(/-/g, "_")}_0123456789abcdefghijklmnopqrstuvwxyz`;

const authFor = (text: string) => createGoogleAuth(parseCredentials(text), { projectId: "acme-prod" });

const wifFile = (impersonate: boolean) => JSON.stringify(externalAccountFile({
  audience: GITHUB_WIF_AUDIENCE,
  subjectTokenUrl: `${NOWHERE}/token`,
  requestToken: CANARY.header,
  tokenUrl: `${NOWHERE}/v1/token`,
  ...(impersonate ? { impersonationUrl: `${NOWHERE}/v1/projects/-/serviceAccounts/deployer@acme-prod.iam.gserviceaccount.com:generateAccessToken` } : {}),
}));

describe("CloudAuth.idTokenUnavailable", () => {
  it("is undefined for a service-account key", () => {
    expect(authFor(serviceAccountKeyFile(`${NOWHERE}/token`).text).idTokenUnavailable).toBeUndefined();
  });

  it("is undefined for Workload Identity Federation with service-account impersonation", () => {
    expect(authFor(wifFile(true)).idTokenUnavailable).toBeUndefined();
  });

  it("explains why direct Workload Identity Federation cannot mint ID tokens", async () => {
    const auth = authFor(wifFile(false));
    const reason = auth.idTokenUnavailable;
    expect(reason).toBeInstanceOf(IdTokenUnavailableError);
    expect(reason?.message).toMatch(/without service-account impersonation.*`service_account:`.*allUsers/s);
    expectNoSecrets(reason, [CANARY.header]);
    // idToken() refuses with that very error, still without a network call.
    await expect(auth.idToken(SERVICE_URL)).rejects.toBe(reason);
  });

  it("explains why a bare access token cannot mint ID tokens", async () => {
    const auth = authFor(ACCESS_TOKEN);
    const reason = auth.idTokenUnavailable;
    expect(reason).toBeInstanceOf(IdTokenUnavailableError);
    expect(reason?.message).toMatch(/bare access token.*service-account impersonation.*allUsers/s);
    expectNoSecrets(reason, [ACCESS_TOKEN, CANARY.header.replace(/-/g, "_")]);
    await expect(auth.idToken(SERVICE_URL)).rejects.toBe(reason);
  });

  it("is decided without contacting any endpoint", async () => {
    const everything = await scriptedServer(() => ({ status: 500, body: "must not be reached" }));
    try {
      const text = canaryWorkloadIdentityFile({ subjectTokenUrl: `${everything.url}/token`, stsUrl: `${everything.url}/v1/token` });
      const auth = authFor(text);
      expect(auth.idTokenUnavailable).toBeInstanceOf(IdTokenUnavailableError);
      expectNoSecrets(auth.idTokenUnavailable, WIF_SECRETS);
      authFor(serviceAccountKeyFile(`${everything.url}/token`).text).idTokenUnavailable;
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(everything.hits).toHaveLength(0);
    } finally {
      await everything.close();
    }
  });
});
