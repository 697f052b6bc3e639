/**
 * Local servers on 127.0.0.1 that answer token requests the way a test scripts them (a deleted
 * key's invalid_grant, a failing STS, a token endpoint stuck on HTTP 500), with every request
 * recorded; credential files that carry canary strings in each secret field; and the check that
 * none of those canaries reaches an error.
 */
import type { IncomingHttpHeaders } from "node:http";
import { inspect } from "node:util";
import { expect } from "vitest";
import { sendJson, startLocalServer } from "../fakes/google-auth/http.js";
import { externalAccountFile, GITHUB_WIF_AUDIENCE, serviceAccountKeyFile } from "../fakes/google-auth/fixtures.js";

export interface Hit {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A JSON body, or a string sent as text/plain. */
export interface Answer {
  status: number;
  body: unknown;
}

export interface ScriptedServer {
  url: string;
  hits: Hit[];
  close(): Promise<void>;
}

export async function scriptedServer(answer: (hit: Hit) => Answer): Promise<ScriptedServer> {
  const hits: Hit[] = [];
  const server = await startLocalServer((req, body, res) => {
    const hit = { method: req.method ?? "", path: new URL(req.url ?? "/", "http://x").pathname, headers: req.headers, body };
    hits.push(hit);
    const { status, body: out } = answer(hit);
    if (typeof out === "string") {
      res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
      res.end(out);
    } else {
      sendJson(res, status, out);
    }
  });
  return { url: server.url, hits, close: () => server.close() };
}

export const oauthError = (status: number, error: string, description: string): Answer => ({
  status,
  body: { error, error_description: description },
});

export const EMAIL = "ci-deployer@acme-prod.iam.gserviceaccount.com";
export const DEPLOYER = "deployer@acme-prod.iam.gserviceaccount.com";

/** Canaries, one per secret field; none may ever appear in an error. */
export const CANARY = {
  privateKey: "CANARY-private-key-7c1e9b0d",
  subjectToken: "CANARY-subject-token-4d2a8f13",
  header: "CANARY-runner-request-token-91be55aa",
  clientSecret: "CANARY-client-secret-5e0d77c2",
  clientId: "canary-client-id-0a1b2c",
} as const;

/**
 * A service-account key for `tokenUri` whose private_key carries a canary line before the PEM
 * block (PEM readers skip text before "-----BEGIN"), so the key still signs. Returns the key text
 * and the strings that must never leak: the canary and every base64 line of the key.
 */
export function canaryServiceAccountKey(tokenUri: string): { text: string; secrets: string[] } {
  const key = serviceAccountKeyFile(tokenUri, EMAIL);
  const privateKey = `${CANARY.privateKey}\n${key.key.privateKeyPem}`;
  const text = JSON.stringify({ ...key.json, private_key: privateKey }, null, 2);
  const pemLines = key.key.privateKeyPem.split("\n").filter((l) => l && !l.startsWith("-----"));
  return { text, secrets: [CANARY.privateKey, ...pemLines] };
}

/**
 * An external_account file like google-github-actions/auth writes, with client_id/client_secret
 * (sent to STS as HTTP Basic credentials) and the runner request token in credential_source.headers.
 */
export function canaryWorkloadIdentityFile(o: { subjectTokenUrl: string; stsUrl: string; iamUrl?: string }): string {
  const file = externalAccountFile({
    audience: GITHUB_WIF_AUDIENCE,
    subjectTokenUrl: o.subjectTokenUrl,
    requestToken: CANARY.header,
    tokenUrl: o.stsUrl,
    ...(o.iamUrl ? { impersonationUrl: `${o.iamUrl}/v1/projects/-/serviceAccounts/${DEPLOYER}:generateAccessToken` } : {}),
  });
  return JSON.stringify({ ...file, client_id: CANARY.clientId, client_secret: CANARY.clientSecret });
}

export const WIF_SECRETS: readonly string[] = [
  CANARY.subjectToken,
  CANARY.header,
  CANARY.clientSecret,
  Buffer.from(`${CANARY.clientId}:${CANARY.clientSecret}`).toString("base64"),
];

/** A subject-token server that hands out CANARY.subjectToken to the request token CANARY.header. */
export function subjectTokenServer(): Promise<ScriptedServer> {
  return scriptedServer((hit) =>
    hit.headers.authorization === `Bearer ${CANARY.header}`
      ? { status: 200, body: { count: 1, value: `gha-oidc.${CANARY.subjectToken}` } }
      : { status: 401, body: { message: "Bad credentials" } },
  );
}

/** Every rendering of the error (message, stack, JSON, String, inspect) is free of `secrets`. */
export function expectNoSecrets(err: unknown, secrets: readonly string[]): void {
  const e = err as Error;
  const renderings = [e.message, e.stack ?? "", JSON.stringify(err), String(err), inspect(err, { depth: 10 })];
  for (const secret of secrets) {
    for (const text of renderings) expect(text).not.toContain(secret);
  }
}
