/**
 * mapPool: bounded concurrency, every task runs.
 */
import { describe, expect, it } from "vitest";
import { mapPool } from "../../ci/src/release/pool.js";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("mapPool", () => {
  it("never runs more tasks at once than the limit", async () => {
    let inFlight = 0;
    let peak = 0;
    await mapPool(Array.from({ length: 20 }, (_, i) => i), 3, async (i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await tick(1 + (i % 4));
      inFlight--;
    });
    expect(peak).toBe(3);
  });

  it("runs every task even when some fail, and keeps results in input order", async () => {
    const ran: number[] = [];
    const results = await mapPool([1, 2, 3, 4, 5], 2, async (n) => {
      ran.push(n);
      await tick(1);
      if (n % 2 === 0) throw new Error(`task ${n} failed`);
      return n * 10;
    });
    expect(ran.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual([10, "task 2 failed", 30, "task 4 failed", 50]);
  });

  it("rejects a concurrency that is not a positive integer", async () => {
    await expect(mapPool([1], 0, async () => 1)).rejects.toThrow(/positive integer/);
  });
});
