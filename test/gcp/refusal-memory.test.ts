/**
 * A refused token request is answered from memory for REFUSAL_MEMORY_MS: preflight's checks all
 * at once make one STS exchange (not one each), through accessToken() (REST) and the gRPC header
 * path alike. Server failures (5xx) and a refusal older than the window are asked again. Against
 * local token servers (test/gcp/auth-failure-servers.ts).
 */
import { afterEach, describe, expect, it } from "vitest";
import { createGoogleAuth, REFUSAL_MEMORY_MS } from "../../ci/src/gcp/credentials-auth.js";
import { CredentialsError, parseCredentials } from "../../ci/src/gcp/credentials.js";
import { canaryServiceAccountKey, canaryWorkloadIdentityFile, oauthError, scriptedServer, subjectTokenServer, type Answer, type ScriptedServer } from "./auth-failure-servers.js";

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(answer: () => Answer): Promise<ScriptedServer> {
  const s = await scriptedServer(answer);
  servers.push(s);
  return s;
}

/** A clock the test moves. */
function testClock() {
  let now = Date.parse("2026-12-02T10:00:00Z");
  return { clock: () => new Date(now), advance: (ms: number) => void (now += ms) };
}

async function wifAuth(sts: ScriptedServer, clock: () => Date) {
  const subject = await subjectTokenServer();
  servers.push(subject);
  const text = canaryWorkloadIdentityFile({ subjectTokenUrl: `${subject.url}/token`, stsUrl: `${sts.url}/v1/token` });
  return { auth: createGoogleAuth(parseCredentials(text), { projectId: "acme-prod", clock }), subject };
}

const rejection = (p: Promise<unknown>) => p.then(() => new Error("did not reject"), (e: unknown) => e as Error);

describe("a refused token request is remembered", () => {
  it("twenty concurrent and later accessToken() calls make one STS exchange and all get its explained refusal", async () => {
    const sts = await server(() => oauthError(400, "invalid_grant", "The audience in ID Token does not match the expected audience."));
    const { clock } = testClock();
    const { auth } = await wifAuth(sts, clock);
    const first = await rejection(auth.accessToken());
    expect(first).toBeInstanceOf(CredentialsError);
    const rest = await Promise.all(Array.from({ length: 20 }, () => rejection(auth.accessToken())));
    expect(rest.every((e) => e.message === first.message)).toBe(true);
    expect(first.message).toMatch(/while exchanging the subject token at the Security Token Service: HTTP 400 invalid_grant/);
    expect(sts.hits).toHaveLength(1);
  });

  it("is shared by the gRPC header path (getRequestHeaders) and accessToken()", async () => {
    const token = await server(() => oauthError(400, "invalid_grant", "Invalid JWT Signature."));
    const key = canaryServiceAccountKey(`${token.url}/token`);
    const { clock } = testClock();
    const auth = createGoogleAuth(parseCredentials(key.text), { projectId: "acme-prod", clock });
    const viaHeaders = await rejection(auth.authClient.getRequestHeaders("https://run.googleapis.com/"));
    const viaToken = await rejection(auth.accessToken());
    expect(viaHeaders).toBeInstanceOf(CredentialsError);
    expect(viaToken.message).toBe(viaHeaders.message);
    expect(token.hits).toHaveLength(1);
  });

  it("asks again once REFUSAL_MEMORY_MS has passed (a fresh subject token may be accepted)", async () => {
    let refuse = true;
    const sts = await server(() => (refuse ? oauthError(400, "invalid_grant", "ID Token expired.") : { status: 200, body: { access_token: "ya29.fresh-canary", issued_token_type: "urn:ietf:params:oauth:token-type:access_token", token_type: "Bearer", expires_in: 3600 } }));
    const { clock, advance } = testClock();
    const { auth } = await wifAuth(sts, clock);
    await rejection(auth.accessToken());
    refuse = false;
    advance(REFUSAL_MEMORY_MS - 1);
    expect((await rejection(auth.accessToken())).message).toContain("ID Token expired");
    expect(sts.hits).toHaveLength(1);
    advance(2);
    await expect(auth.accessToken()).resolves.toBe("ya29.fresh-canary");
    expect(sts.hits).toHaveLength(2);
  });

  it("does not remember a server failure (HTTP 503): each call asks again", async () => {
    const sts = await server(() => ({ status: 503, body: { error: { code: 503, status: "UNAVAILABLE", message: "The service is currently unavailable." } } }));
    const { clock } = testClock();
    const { auth } = await wifAuth(sts, clock);
    await rejection(auth.accessToken());
    const perCall = sts.hits.length;
    await rejection(auth.accessToken());
    expect(sts.hits).toHaveLength(2 * perCall);
  });
});
