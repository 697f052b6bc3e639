import { describe, expect, it } from "vitest";
import { mapPool, runPool } from "../../ci/src/lib/pool.js";

describe("runPool", () => {
  it("never has more than the limit in flight, and reaches it", async () => {
    let inFlight = 0;
    let max = 0;
    await runPool(Array.from({ length: 50 }, (_, i) => i), 7, async () => {
      inFlight++;
      max = Math.max(max, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
    });
    expect(max).toBe(7);
  });

  it("settles every item in order even when some fail", async () => {
    const settled = await runPool([1, 2, 3, 4], 2, async (n) => {
      if (n % 2 === 0) throw new Error(`even ${n}`);
      return n * 10;
    });
    expect(settled.map((s) => (s.ok ? s.value : (s.error as Error).message))).toEqual([10, "even 2", 30, "even 4"]);
  });

  it("handles no items", async () => {
    expect(await runPool([], 4, async () => 1)).toEqual([]);
  });

  it("rejects a limit below 1", async () => {
    await expect(runPool([1], 0, async () => 1)).rejects.toThrow(/concurrency must be a whole number >= 1/);
  });
});

describe("mapPool", () => {
  it("returns results in input order", async () => {
    expect(await mapPool([3, 1, 2], 2, async (n) => n * 2)).toEqual([6, 2, 4]);
  });

  it("rejects with the first error after all settled", async () => {
    let ran = 0;
    await expect(
      mapPool([1, 2, 3], 1, async (n) => {
        ran++;
        if (n === 1) throw new Error("first");
        return n;
      }),
    ).rejects.toThrow("first");
    expect(ran).toBe(3);
  });
});
