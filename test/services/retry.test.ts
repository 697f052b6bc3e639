/**
 * withRetry: transient Google API errors retried with backoff, others thrown at once.
 */
import { describe, expect, it } from "vitest";
import { isTransient, withRetry } from "../../ci/src/gcp/retry.js";

const failing = (codes: unknown[]) => {
  let calls = 0;
  const fn = async () => {
    const err = codes[calls++];
    if (err !== undefined) throw err;
    return "ok";
  };
  return { fn, calls: () => calls };
};

describe("withRetry", () => {
  it("retries UNAVAILABLE, RESOURCE_EXHAUSTED and DEADLINE_EXCEEDED until success", async () => {
    const f = failing([{ code: 14 }, { code: 8 }, { code: 4 }]);
    expect(await withRetry(f.fn, { sleep: async () => {} })).toBe("ok");
    expect(f.calls()).toBe(4);
  });

  it("throws a permanent error at once", async () => {
    const f = failing([{ code: 7, message: "denied" }]);
    await expect(withRetry(f.fn, { sleep: async () => {} })).rejects.toMatchObject({ code: 7 });
    expect(f.calls()).toBe(1);
  });

  it("gives up after the configured attempts with the last error", async () => {
    const f = failing(Array.from({ length: 10 }, () => ({ code: 14 })));
    await expect(withRetry(f.fn, { attempts: 3, sleep: async () => {} })).rejects.toMatchObject({ code: 14 });
    expect(f.calls()).toBe(3);
  });

  it("backs off exponentially with jitter, capped", async () => {
    const delays: number[] = [];
    const f = failing(Array.from({ length: 5 }, () => ({ code: 14 })));
    await withRetry(f.fn, { attempts: 6, baseDelayMs: 100, maxDelayMs: 300, sleep: async (ms) => void delays.push(ms) });
    const caps = [100, 200, 300, 300, 300];
    delays.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(caps[i]! / 2);
      expect(d).toBeLessThanOrEqual(caps[i]!);
    });
  });

  it("treats HTTP 429 and 503 as transient and 404 as permanent", () => {
    expect(isTransient({ status: 429 })).toBe(true);
    expect(isTransient({ response: { status: 503 } })).toBe(true);
    expect(isTransient({ status: 404 })).toBe(false);
  });
});
