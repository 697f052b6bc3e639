/**
 * The canary's pure parts: the split of a step (services/canary-traffic.ts), the verdict
 * (services/canary-judge.ts) and the catalog's deploy.canary / canaryLimits (catalog/canary.ts).
 */
import { describe, expect, it } from "vitest";
import { CanaryLimits, CanarySteps, canarySeconds, DEFAULT_CANARY_LIMITS } from "../../ci/src/catalog/canary.js";
import { ProjectDoc } from "../../ci/src/catalog/schema.js";
import { LATEST, REVISION } from "../../ci/src/gcp/run-resource.js";
import { combineMetrics, judgeCanary } from "../../ci/src/services/canary-judge.js";
import { canaryTraffic, stableRevisions } from "../../ci/src/services/canary-traffic.js";

const R = REVISION;
const L = LATEST;

describe("canaryTraffic", () => {
  it("pins LATEST and gives the candidate its percent with its tag", () => {
    expect(canaryTraffic({ traffic: [{ type: L, percent: 100 }], latestReadyRevision: "api-a" }, "api-b", "rc-b", 10)).toEqual([
      { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "api-a", percent: 90 },
      { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "api-b", percent: 10, tag: "rc-b" },
    ]);
  });

  it("scales a split by largest remainder so the shares add up to 100, keeping tags at 0%", () => {
    const out = canaryTraffic(
      { traffic: [{ type: R, revision: "a", percent: 33 }, { type: R, revision: "b", percent: 33 }, { type: R, revision: "c", percent: 34 }, { type: R, revision: "old", percent: 0, tag: "v1" }], latestReadyRevision: "c" },
      "d", "rc-d", 25,
    );
    expect(out.map((t) => [t.revision, t.percent, t.tag])).toEqual([["a", 25, undefined], ["b", 25, undefined], ["c", 25, undefined], ["old", 0, "v1"], ["d", 25, "rc-d"]]);
    expect(out.reduce((n, t) => n + (t.percent ?? 0), 0)).toBe(100);
  });

  it("drops an untagged entry scaled down to 0%", () => {
    const out = canaryTraffic({ traffic: [{ type: R, revision: "a", percent: 99 }, { type: R, revision: "b", percent: 1 }], latestReadyRevision: "a" }, "c", "rc-c", 60);
    expect(out.map((t) => [t.revision, t.percent])).toEqual([["a", 40], ["c", 60]]);
  });

  it("refuses a percent outside 1-99", () => {
    const snap = { traffic: [{ type: L, percent: 100 }], latestReadyRevision: "a" };
    expect(() => canaryTraffic(snap, "b", "rc-b", 100)).toThrow("a canary step's percent must be 1-99, got 100");
    expect(() => canaryTraffic(snap, "b", "rc-b", 0)).toThrow("1-99");
  });

  it("names the revisions that served before (not tags at 0%)", () => {
    expect(stableRevisions({ traffic: [{ type: L, percent: 60 }, { type: R, revision: "b", percent: 40 }, { type: R, revision: "c", percent: 0, tag: "x" }], latestReadyRevision: "a" })).toEqual(["a", "b"]);
  });
});

describe("judgeCanary", () => {
  const stable = { requests: 1000, errors: 10, p95Ms: 100, p99Ms: 200 };
  it("passes a candidate within every limit, exactly at them included", () => {
    expect(judgeCanary({ requests: 100, errors: 2, p95Ms: 150, p99Ms: 400 }, stable, DEFAULT_CANARY_LIMITS)).toEqual({ ok: true });
  });
  it("fails just above the 5xx limit", () => {
    expect(judgeCanary({ requests: 1000, errors: 21, p95Ms: 100 }, stable, DEFAULT_CANARY_LIMITS).reason).toBe("its 5xx ratio 2.10% is 1.10% above the stable revision's 1.00% (allowed: 1.00%)");
  });
  it("fails just above p99's ratio, and lists every failure", () => {
    const v = judgeCanary({ requests: 100, errors: 50, p95Ms: 151, p99Ms: 401 }, stable, DEFAULT_CANARY_LIMITS);
    expect(v.reason?.split("; ")).toHaveLength(3);
  });
  it("does not compare latency the stable revision has no value for", () => {
    expect(judgeCanary({ requests: 100, errors: 0, p95Ms: 5000 }, { requests: 0, errors: 0 }, DEFAULT_CANARY_LIMITS)).toEqual({ ok: true });
  });
  it("cannot judge fewer requests than minRequests", () => {
    expect(judgeCanary({ requests: 19, errors: 0 }, stable, DEFAULT_CANARY_LIMITS).ok).toBe(false);
    expect(judgeCanary({ requests: 20, errors: 0 }, stable, DEFAULT_CANARY_LIMITS).ok).toBe(true);
  });
  it("combines several stable revisions: counts summed, the worst percentile", () => {
    expect(combineMetrics([{ requests: 10, errors: 1, p95Ms: 50 }, { requests: 30, errors: 0, p95Ms: 80, p99Ms: 90 }])).toEqual({ requests: 40, errors: 1, p95Ms: 80, p99Ms: 90 });
  });
});

describe("catalog deploy.canary", () => {
  const project = (deploy: unknown) => ProjectDoc.safeParse({ kind: "project", project: "acme-dev", region: "europe-west1", artifactRegistry: { repository: "acme" }, deploy });
  it("accepts increasing steps in seconds or minutes, and thresholds", () => {
    const r = project({ canary: [{ percent: 10, for: "5m" }, { percent: 50, for: "600s" }], canaryLimits: { errorRatioIncrease: 0.02 } });
    expect(r.success).toBe(true);
    expect(r.data?.deploy.canaryLimits).toEqual({ ...DEFAULT_CANARY_LIMITS, errorRatioIncrease: 0.02 });
    expect(canarySeconds("5m")).toBe(300);
  });
  it("refuses steps that do not increase, 100%, under 60s, over 1h, and unknown limits", () => {
    expect(CanarySteps.safeParse([{ percent: 50, for: "5m" }, { percent: 10, for: "5m" }]).error?.issues[0]?.message).toBe("each step's percent must be higher than the one before (e.g. 10, then 50)");
    expect(CanarySteps.safeParse([{ percent: 100, for: "5m" }]).error?.issues[0]?.message).toBe("must be 1-99 (100% is the promotion that follows the last step)");
    expect(CanarySteps.safeParse([{ percent: 10, for: "30s" }]).error?.issues[0]?.message).toBe("must be at least 60s: Cloud Monitoring reports Cloud Run request metrics per minute");
    expect(CanarySteps.safeParse([{ percent: 10, for: "61m" }]).error?.issues[0]?.message).toBe("must be at most 3600s (1h) per step");
    expect(CanarySteps.safeParse([]).success).toBe(false);
    expect(CanaryLimits.safeParse({ errorRatio: 0.1 }).success).toBe(false);
  });
});
