/**
 * One health budget (deploy.healthTimeout) covers readiness and the probe together.
 */
import { describe, expect, it } from "vitest";
import { MIN_PROBE_MS, remainingHealthTime } from "../../ci/src/services/deploy-service.js";

describe("remainingHealthTime", () => {
  it("gives the probe what readiness left of the health budget", () => {
    expect(remainingHealthTime(300_000, 1_000, 121_000)).toBe(180_000);
  });

  it("still gives the probe one short try when readiness used the whole budget", () => {
    expect(remainingHealthTime(300_000, 0, 300_000)).toBe(MIN_PROBE_MS);
    expect(remainingHealthTime(300_000, 0, 900_000)).toBe(MIN_PROBE_MS);
  });
});
