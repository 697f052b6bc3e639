/**
 * A release that cannot succeed is refused before any check, build, push or Cloud Run call: a
 * private service with credentials that cannot mint ID tokens (a bare access token).
 */
import { describe, expect, it } from "vitest";
import { type ReleaseContext, releaseService } from "../../ci/src/commands/pipeline.js";
import { createGoogleAuth } from "../../ci/src/gcp/credentials-auth.js";
import { parseCredentials } from "../../ci/src/gcp/credentials.js";
import { FAKE_ENV, serviceSpec } from "../services/support/specs.js";
import { cloudWith } from "./support.js";
import { testCall } from "../support/suggested-call.js";

const touchNothing = new Proxy({}, {
  get(_t, property) {
    throw new Error(`the release touched source.${String(property)} before refusing`);
  },
}) as never;

describe("releaseService refuses early", () => {
  it("a private service deployed with a bare access token is refused before checks, publish or any Cloud Run call", async () => {
    const auth = createGoogleAuth(parseCredentials("ya29.a-bare-access-token-canary"), { projectId: FAKE_ENV.project });
    const ctx = { source: touchNothing, catalog: touchNothing, env: FAKE_ENV, gitSha: "abc1234", cloud: cloudWith({ auth }), call: testCall } as ReleaseContext;
    const err = await releaseService(ctx, serviceSpec("api", { public: false }), { skipChecks: false }).then(() => new Error("did not throw"), (e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/service api is private, so its health check needs an ID token, and these credentials cannot mint one; nothing was changed\. Cannot mint an ID token .* bare access token/);
    expect(err.message).not.toContain("canary");
  });

  it("a public service is not refused for it (the refusal is about ID tokens only)", async () => {
    const auth = createGoogleAuth(parseCredentials("ya29.a-bare-access-token-canary"), { projectId: FAKE_ENV.project });
    const ctx = { source: touchNothing, catalog: touchNothing, env: FAKE_ENV, gitSha: "abc1234", cloud: cloudWith({ auth }), call: testCall } as ReleaseContext;
    const err = await releaseService(ctx, serviceSpec("api", { public: true }), { skipChecks: false }).then(() => new Error("did not throw"), (e: unknown) => e as Error);
    expect(err.message).toMatch(/touched (source|catalog)\./);
  });

  it("reads public/private as the environment overrides it: private in this environment is refused early", async () => {
    const auth = createGoogleAuth(parseCredentials("ya29.a-bare-access-token-canary"), { projectId: FAKE_ENV.project });
    const ctx = { source: touchNothing, catalog: touchNothing, env: FAKE_ENV, gitSha: "abc1234", cloud: cloudWith({ auth }), call: testCall } as ReleaseContext;
    const spec = { ...serviceSpec("api", { public: true }), environments: { [FAKE_ENV.name]: { run: { public: false } } } };
    const err = await releaseService(ctx, spec, { skipChecks: false }).then(() => new Error("did not throw"), (e: unknown) => e as Error);
    expect(err.message).toMatch(/service api is private, so its health check needs an ID token/);
  });

  it("reads public/private as the environment overrides it: public in this environment is not refused", async () => {
    const auth = createGoogleAuth(parseCredentials("ya29.a-bare-access-token-canary"), { projectId: FAKE_ENV.project });
    const ctx = { source: touchNothing, catalog: touchNothing, env: FAKE_ENV, gitSha: "abc1234", cloud: cloudWith({ auth }), call: testCall } as ReleaseContext;
    const spec = { ...serviceSpec("api", { public: false }), environments: { [FAKE_ENV.name]: { run: { public: true } }, other: { run: { public: false } } } };
    const err = await releaseService(ctx, spec, { skipChecks: false }).then(() => new Error("did not throw"), (e: unknown) => e as Error);
    expect(err.message).toMatch(/touched (source|catalog)\./);
  });
});
