import { describe, expect, it } from "vitest";
import { isTransientError, withRetry } from "../../ci/src/site/retry.js";

const fast = { attempts: 4, baseDelayMs: 1, maxDelayMs: 2 };

function httpError(code: number): Error {
  return Object.assign(new Error(`HTTP ${code}`), { code });
}

describe("isTransientError", () => {
  it.each([408, 429, 500, 502, 503, 504])("retries HTTP %i", (code) => {
    expect(isTransientError(httpError(code))).toBe(true);
  });

  it.each([400, 401, 403, 404, 412])("does not retry HTTP %i", (code) => {
    expect(isTransientError(httpError(code))).toBe(false);
  });

  it("retries dropped connections, also when wrapped as a cause", () => {
    expect(isTransientError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toBe(true);
    expect(isTransientError(new Error("fetch failed", { cause: Object.assign(new Error("x"), { code: "ETIMEDOUT" }) }))).toBe(true);
  });

  it("does not retry other errors", () => {
    expect(isTransientError(new Error("ENOENT"))).toBe(false);
    expect(isTransientError("boom")).toBe(false);
  });
});

describe("withRetry", () => {
  it("retries transient errors until success", async () => {
    let calls = 0;
    const seen: number[] = [];
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw httpError(503);
        return "ok";
      },
      fast,
      (_, attempt) => seen.push(attempt),
    );
    expect(result).toBe("ok");
    expect(seen).toEqual([1, 2]);
  });

  it("gives up after the last attempt with the last error", async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw httpError(429);
      }, fast),
    ).rejects.toThrow("HTTP 429");
    expect(calls).toBe(4);
  });

  it("fails at once on a permanent error", async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw httpError(403);
      }, fast),
    ).rejects.toThrow("HTTP 403");
    expect(calls).toBe(1);
  });
});
