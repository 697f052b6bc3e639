/**
 * withRetry and credentials failures: a gRPC error whose call credentials failed is never
 * transient and comes out as a CredentialsError; jitter is reproducible with a seeded `random`.
 */
import { describe, expect, it } from "vitest";
import { CredentialsError } from "../../ci/src/gcp/credentials.js";
import { credentialsFailureOf, isTransient, retryDelay, withRetry } from "../../ci/src/gcp/retry.js";
import { seededRandom as seeded } from "../support/prng.js";

const PLUGIN = "Getting metadata from plugin failed with error:";
const EXPLAINED = "Could not get an access token with the service-account key for ci@p.iam.gserviceaccount.com while signing in as ci@p.iam.gserviceaccount.com at the OAuth token endpoint: HTTP 400 invalid_grant: Invalid JWT Signature. Check that the key is not deleted or disabled.";

/** A grpc-js status error as google-gax hands it on. */
const grpcError = (code: number, details: string) =>
  Object.assign(new Error(`${code} ${code === 14 ? "UNAVAILABLE" : "UNKNOWN"}: ${details}`), { code, details, metadata: {} });


describe("credentialsFailureOf", () => {
  it("rebuilds our explained message from a metadata-plugin failure", () => {
    const failure = credentialsFailureOf(grpcError(2, `${PLUGIN} ${EXPLAINED}`));
    expect(failure).toBeInstanceOf(CredentialsError);
    expect(failure?.message).toBe(EXPLAINED);
  });

  it("finds it behind grpc-js's control-plane wrapping and in the message alone", () => {
    const wrapped = grpcError(13, `Invalid status from control plane: 9 FAILED_PRECONDITION ${PLUGIN} ${EXPLAINED}`);
    expect(credentialsFailureOf(wrapped)?.message).toBe(EXPLAINED);
    expect(credentialsFailureOf(new Error(`2 UNKNOWN: ${PLUGIN} ${EXPLAINED}`))?.message).toBe(EXPLAINED);
  });

  it("words a foreign auth client's message and strips token-shaped text from it", () => {
    const failure = credentialsFailureOf(grpcError(400, `${PLUGIN} invalid_grant: bad assertion eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln and ya29.a0AfH6SMBx`));
    expect(failure?.message).toBe("Could not get an access token for a Google API call: invalid_grant: bad assertion [redacted] and [redacted].");
  });

  it("returns a CredentialsError itself, and undefined for other errors", () => {
    const own = new CredentialsError("x");
    expect(credentialsFailureOf(own)).toBe(own);
    expect(credentialsFailureOf(grpcError(14, "Connection dropped"))).toBeUndefined();
    expect(credentialsFailureOf({ code: 7, details: "Permission denied" })).toBeUndefined();
    expect(credentialsFailureOf("Getting metadata")).toBeUndefined();
    expect(credentialsFailureOf(undefined)).toBeUndefined();
  });
});

describe("withRetry and credentials failures", () => {
  it("does not treat a metadata-plugin failure as transient, whatever its code", () => {
    for (const code of [4, 8, 14, 2, 500]) expect(isTransient(grpcError(code, `${PLUGIN} ${EXPLAINED}`))).toBe(false);
    expect(isTransient(grpcError(14, "Connection dropped"))).toBe(true);
  });

  it("rethrows it at once as a CredentialsError", async () => {
    let calls = 0;
    const retried: number[] = [];
    const err = await withRetry(
      async () => {
        calls++;
        throw grpcError(14, `${PLUGIN} ${EXPLAINED}`);
      },
      { sleep: async () => undefined, onRetry: (_e, attempt) => void retried.push(attempt) },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect((err as Error).message).toBe(EXPLAINED);
    expect(calls).toBe(1);
    expect(retried).toEqual([]);
  });

  it("still retries other transient errors and then succeeds", async () => {
    let calls = 0;
    const result = await withRetry(async () => {
      if (++calls < 3) throw grpcError(14, "Connection dropped");
      return "ok";
    }, { sleep: async () => undefined });
    expect(result).toBe("ok");
    expect(calls).toBe(3);
  });
});

describe("retry jitter", () => {
  const delaysWith = async (random: () => number): Promise<number[]> => {
    const delays: number[] = [];
    let calls = 0;
    await withRetry(async () => {
      if (++calls <= 5) throw { code: 14 };
      return "ok";
    }, { attempts: 6, baseDelayMs: 100, maxDelayMs: 1000, random, sleep: async (ms) => void delays.push(ms) });
    return delays;
  };

  it("gives the same delays for the same seed", async () => {
    const a = await delaysWith(seeded(42));
    const b = await delaysWith(seeded(42));
    expect(a).toHaveLength(5);
    expect(a).toEqual(b);
    expect(await delaysWith(seeded(7))).not.toEqual(a);
  });

  it("scales the capped exponential delay to 50-100% with the random number", async () => {
    expect(await delaysWith(() => 0)).toEqual([50, 100, 200, 400, 500]);
    expect(await delaysWith(() => 0.5)).toEqual([75, 150, 300, 600, 750]);
    expect(retryDelay(3, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 })).toBeCloseTo(399.8);
  });

  it("reports the jittered delay to onRetry, the one it sleeps", async () => {
    const reported: number[] = [];
    const slept: number[] = [];
    let calls = 0;
    await withRetry(async () => {
      if (++calls <= 2) throw { code: 8 };
      return "ok";
    }, { random: seeded(1), onRetry: (_e, _a, ms) => void reported.push(ms), sleep: async (ms) => void slept.push(ms) });
    expect(reported).toEqual(slept);
  });
});
