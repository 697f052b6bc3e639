/**
 * withDeadline: the promise's own result when it settles first, DeadlineExceeded otherwise.
 */
import { describe, expect, it } from "vitest";
import { DeadlineExceeded, withDeadline } from "../../ci/src/lib/deadline.js";

describe("withDeadline", () => {
  it("returns the result of a promise that settles in time", async () => {
    await expect(withDeadline(Promise.resolve(42), 1000, "too slow")).resolves.toBe(42);
  });

  it("passes through the promise's own rejection", async () => {
    await expect(withDeadline(Promise.reject(new Error("boom")), 1000, "too slow")).rejects.toThrow("boom");
  });

  it("fails with DeadlineExceeded and the given message when the promise never settles", async () => {
    const never = new Promise<never>(() => undefined);
    const err = await withDeadline(never, 10, "revision r1 did not become ready within 0.01s").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeadlineExceeded);
    expect((err as Error).message).toBe("revision r1 did not become ready within 0.01s");
  });
});
