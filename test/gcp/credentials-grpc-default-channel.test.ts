/**
 * The production wiring (commands/cloud.ts): the clients get only `authClient` and build their own
 * TLS channel, so google-gax itself puts our auth client into grpc-js
 * (`createFromGoogleCredential({ getRequestHeaders: client.getRequestHeaders(url) })`). The fake's
 * self-signed certificate is made the default gRPC root (GRPC_DEFAULT_SSL_ROOTS_FILE_PATH, read
 * when grpc-js loads, so everything that loads grpc-js is imported after setting it).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selfSignedCertificate } from "../fakes/grpc/tls.js";
import { GoogleAuthority } from "../fakes/google-auth/authority.js";
import { serviceAccountKeyFile } from "../fakes/google-auth/fixtures.js";
import { startOAuthTokenServer, type OAuthTokenServer } from "../fakes/google-auth/oauth-token-server.js";
import { canaryServiceAccountKey, EMAIL, expectNoSecrets, oauthError, scriptedServer } from "./auth-failure-servers.js";

const roots = mkdtempSync(join(tmpdir(), "grpc-roots-"));
writeFileSync(join(roots, "ca.pem"), selfSignedCertificate().cert);
process.env["GRPC_DEFAULT_SSL_ROOTS_FILE_PATH"] = join(roots, "ca.pem");

const { startFakeCloudRun } = await import("../fakes/cloud-run/index.js");
const { GoogleCloudRunGateway } = await import("../../ci/src/gcp/cloud-run.js");
const { createGoogleAuth } = await import("../../ci/src/gcp/credentials-auth.js");
const { CredentialsError, parseCredentials } = await import("../../ci/src/gcp/credentials.js");

const SERVICE = "projects/acme-prod/locations/europe-west1/services/alie";

let fake: Awaited<ReturnType<typeof startFakeCloudRun>>;
let oauth: OAuthTokenServer;

beforeAll(async () => {
  fake = await startFakeCloudRun({ tls: true });
  oauth = await startOAuthTokenServer(new GoogleAuthority());
});

afterAll(async () => {
  await Promise.all([fake.close(), oauth.close()]);
  rmSync(roots, { recursive: true, force: true });
});

function gateway(text: string, retries: unknown[]) {
  const auth = createGoogleAuth(parseCredentials(text), { projectId: "acme-prod" });
  const options = { apiEndpoint: "127.0.0.1", port: fake.port, authClient: auth.authClient, projectId: "acme-prod" };
  return new GoogleCloudRunGateway(options as never, { sleep: async () => undefined, onRetry: (err) => void retries.push(err) });
}

describe("clients that build their own channel from the authClient", () => {
  it("send the service account's token (the channel really carries call credentials)", async () => {
    const key = serviceAccountKeyFile(oauth.tokenUri, EMAIL);
    oauth.addKey(EMAIL, key.key.publicKey);
    const run = gateway(key.text, []);
    try {
      expect(await run.getService(SERVICE)).toBeUndefined(); // NOT_FOUND
      expect(fake.calls.at(-1)?.authorization).toMatch(/^Bearer \S+$/);
    } finally {
      await run.close();
    }
  });

  it("fail with the explained CredentialsError when the token endpoint rejects the key, once", async () => {
    const token = await scriptedServer(() => oauthError(400, "invalid_grant", "Invalid JWT Signature."));
    const key = canaryServiceAccountKey(`${token.url}/token`);
    const retries: unknown[] = [];
    const run = gateway(key.text, retries);
    fake.clearRecords();
    try {
      const err = await run.getService(SERVICE).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CredentialsError);
      expect((err as Error).message).toMatch(
        new RegExp(`^Could not get an access token with the service-account key for ${EMAIL} while signing in as ${EMAIL} at the OAuth token endpoint: HTTP 400 invalid_grant: Invalid JWT Signature\\. Check that the key is not deleted`),
      );
      expect(retries).toHaveLength(0);
      expect(token.hits).toHaveLength(1);
      expect(fake.calls).toHaveLength(0);
      expectNoSecrets(err, key.secrets);
    } finally {
      await run.close();
      await token.close();
    }
  });
});
