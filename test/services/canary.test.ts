/**
 * The canary of a blue-green deploy (deploy.canary) against the Cloud Run Admin v2 fake and the
 * Cloud Monitoring MetricService fake, through the official clients (GoogleCanaryMetrics uses
 * @google-cloud/monitoring's MetricServiceClient): each step's split, the comparison with the
 * numbers in the report, promotion after the last step, and the exact previous traffic restored
 * when the candidate is worse, cannot be judged, or its metrics cannot be read.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_CANARY_LIMITS } from "../../ci/src/catalog/canary.js";
import { GoogleCanaryMetrics } from "../../ci/src/gcp/monitoring-metrics.js";
import type { CanaryOptions } from "../../ci/src/services/canary.js";
import { deployService } from "../../ci/src/services/deploy-service.js";
import { formatServiceReport } from "../../ci/src/services/report.js";
import { Code } from "../fakes/grpc/status.js";
import { type FakeMetrics, startFakeMetrics } from "../fakes/monitoring-metrics/index.js";
import { REGION, serviceName, storedTraffic, type TrafficView } from "./support/fake-cloud.js";
import { useFakeCloud } from "./support/harness.js";
import { deployOptions, render, serviceSpec } from "./support/specs.js";

const cloud = useFakeCloud();
const api = serviceSpec("api");
let metrics: FakeMetrics;
let source: GoogleCanaryMetrics;

beforeAll(async () => {
  metrics = await startFakeMetrics();
  source = new GoogleCanaryMetrics(metrics.clientOptions() as never);
});
beforeEach(() => metrics.reset());
afterAll(async () => {
  await source.close();
  await metrics.close();
});

/** What the revisions answer during a step: per revision, [2xx count, 5xx count, latency ms]. */
type Traffic = (revisions: { candidate: string; stable: string }) => Record<string, [number, number, number]>;

const healthy: Traffic = ({ candidate, stable }) => ({ [candidate]: [200, 1, 120], [stable]: [1800, 9, 110] });

/**
 * A deploy clock and a sleep that, for each step, records what each revision answered inside the
 * step's window (as Cloud Run would report it) and what the service stored while it waited.
 */
function canaryRun(traffic: Traffic, steps: CanaryOptions["steps"], seen: TrafficView[][]) {
  let clock = Date.parse("2026-12-02T10:00:00Z");
  let stable = "";
  const options: CanaryOptions = {
    steps,
    limits: DEFAULT_CANARY_LIMITS,
    metrics: source,
    sleep: async (ms) => {
      seen.push(storedTraffic(cloud.fake, "api"));
      const service = cloud.fake.service(serviceName("api")).resource;
      const candidate = (service.traffic ?? []).find((t) => t.tag?.startsWith("rc-"))?.revision ?? "";
      for (const [revision, [ok, failed, latency]] of Object.entries(traffic({ candidate, stable }))) {
        const at = clock + ms / 2;
        if (ok) metrics.record({ service: "api", revision, location: REGION, atMs: at, codeClass: "2xx", count: ok, latenciesMs: Array(ok).fill(latency) });
        if (failed) metrics.record({ service: "api", revision, location: REGION, atMs: at, codeClass: "5xx", count: failed, latenciesMs: Array(failed).fill(latency) });
      }
      clock += ms;
    },
  };
  return { options, now: () => clock, setStable: (r: string) => void (stable = r) };
}

async function firstRevision(): Promise<string> {
  const report = await deployService(cloud.gateway, render(api, 1, "aaa1111"), deployOptions({ commit: "aaa1111" }));
  expect(report.status).toBe("created");
  return report.revision!;
}

const STEPS = [{ percent: 10, for: "5m" }, { percent: 50, for: "300s" }];

describe("deployService with a canary", () => {
  it("moves 10% then 50% to the candidate, compares each step, and promotes: the report has the numbers", async () => {
    const blue = await firstRevision();
    const seen: TrafficView[][] = [];
    const run = canaryRun(healthy, STEPS, seen);
    run.setStable(blue);
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222", now: run.now, canary: run.options }));
    expect(report.status).toBe("deployed");
    const green = report.revision!;
    expect(seen).toEqual([
      [{ type: "REVISION", revision: blue, percent: 90 }, { type: "REVISION", revision: green, percent: 10, tag: "rc-bbb2222" }],
      [{ type: "REVISION", revision: blue, percent: 50 }, { type: "REVISION", revision: green, percent: 50, tag: "rc-bbb2222" }],
    ]);
    expect(storedTraffic(cloud.fake, "api")).toEqual([{ type: "LATEST", percent: 100 }]);
    expect(report.canary).toEqual([
      { percent: 10, for: "5m", ok: true, candidate: { requests: 201, errors: 1, p95Ms: 120, p99Ms: 120 }, stable: { requests: 1809, errors: 9, p95Ms: 110, p99Ms: 110 } },
      { percent: 50, for: "300s", ok: true, candidate: { requests: 201, errors: 1, p95Ms: 120, p99Ms: 120 }, stable: { requests: 1809, errors: 9, p95Ms: 110, p99Ms: 110 } },
    ]);
    expect(formatServiceReport(report)).toContain("  canary 10% for 5m: candidate 0.50% 5xx, p95 120ms, p99 120ms (201 requests); stable 0.50% 5xx, p95 110ms, p99 110ms (1809 requests): OK");
    // One query per metric and step, each over exactly the step's window, for the candidate and the stable revision.
    const filters = metrics.calls.slice(-6).map((c) => (c.request as { filter: string }).filter);
    expect(filters.every((f) => f.includes(`resource.labels.revision_name = one_of("${green}", "${blue}")`))).toBe(true);
  });

  it("stops at the first step whose 5xx ratio is too high and restores the exact previous traffic, numbers in the report", async () => {
    const blue = await firstRevision();
    const run = canaryRun(({ candidate, stable }) => ({ [candidate]: [140, 60, 100], [stable]: [1800, 2, 100] }), STEPS, []);
    run.setStable(blue);
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222", now: run.now, canary: run.options }));
    expect(report.status).toBe("rolled-back");
    // LATEST pinned to the revision it served before (a newer revision exists now): the same 100%.
    expect(storedTraffic(cloud.fake, "api")).toEqual([{ type: "REVISION", revision: blue, percent: 100 }]);
    expect(report.canary).toHaveLength(1);
    expect(report.reason).toBe(
      "canary step 10% for 5m: its 5xx ratio 30.00% is 29.89% above the stable revision's 0.11% (allowed: 1.00%). Traffic restored to its state before the deploy.",
    );
    expect(formatServiceReport(report)).toContain("canary 10% for 5m: candidate 30.00% 5xx, p95 100ms, p99 100ms (200 requests); stable 0.11% 5xx");
  });

  it("stops on p95 latency over its ratio", async () => {
    const blue = await firstRevision();
    const run = canaryRun(({ candidate, stable }) => ({ [candidate]: [200, 0, 400], [stable]: [2000, 0, 100] }), STEPS, []);
    run.setStable(blue);
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222", now: run.now, canary: run.options }));
    expect(report.status).toBe("rolled-back");
    expect(report.reason).toContain("its p95 latency 400ms is 4.00x the stable revision's 100ms (allowed: 1.5x); its p99 latency 400ms is 4.00x the stable revision's 100ms (allowed: 2x)");
  });

  it("stops when too few requests reached the candidate to judge it", async () => {
    const blue = await firstRevision();
    const run = canaryRun(({ candidate, stable }) => ({ [candidate]: [3, 0, 100], [stable]: [30, 0, 100] }), STEPS, []);
    run.setStable(blue);
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222", now: run.now, canary: run.options }));
    expect(report.status).toBe("rolled-back");
    expect(report.reason).toContain("only 3 request(s) reached the candidate, fewer than canaryLimits.minRequests (20), so it cannot be judged");
  });

  it("stops, restoring the traffic, when the metrics cannot be read (monitoring.timeSeries.list denied)", async () => {
    const blue = await firstRevision();
    metrics.deniedPermissions.add("monitoring.timeSeries.list");
    try {
      const run = canaryRun(healthy, STEPS, []);
      run.setStable(blue);
      const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222", now: run.now, canary: run.options }));
      expect(report.status).toBe("rolled-back");
      expect(report.reason).toMatch(/reading the canary's metrics from Cloud Monitoring failed \(7 PERMISSION_DENIED: Permission monitoring\.timeSeries\.list denied/);
      expect(storedTraffic(cloud.fake, "api")).toEqual([{ type: "REVISION", revision: blue, percent: 100 }]);
    } finally {
      metrics.deniedPermissions.clear();
    }
  });

  it("retries a transient metrics failure and goes on", async () => {
    const blue = await firstRevision();
    metrics.failNext(Code.UNAVAILABLE, "Connection reset");
    const run = canaryRun(healthy, [{ percent: 20, for: "60s" }], []);
    run.setStable(blue);
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222", now: run.now, canary: run.options }));
    expect(report.status).toBe("deployed");
  });

  it("keeps a split served before: each revision scaled into the rest, and the split restored exactly on failure", async () => {
    const blue = await firstRevision();
    const green = (await deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222" }))).revision!;
    cloud.fake.writeAsOtherClient(serviceName("api"), () => ({ traffic: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: blue, percent: 70 }, { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: green, percent: 30 }] }));
    const before = storedTraffic(cloud.fake, "api");
    const seen: TrafficView[][] = [];
    const run = canaryRun(({ candidate }) => ({ [candidate]: [100, 100, 100], [blue]: [700, 0, 100], [green]: [300, 0, 100] }), [{ percent: 10, for: "5m" }], seen);
    const report = await deployService(cloud.gateway, render(api, 3, "ccc3333"), deployOptions({ commit: "ccc3333", now: run.now, canary: run.options }));
    expect(seen[0]).toEqual([
      { type: "REVISION", revision: blue, percent: 63 },
      { type: "REVISION", revision: green, percent: 27 },
      { type: "REVISION", revision: report.revision, percent: 10, tag: "rc-ccc3333" },
    ]);
    expect(report.canary?.[0]?.stable).toEqual({ requests: 1000, errors: 0, p95Ms: 100, p99Ms: 100 });
    expect(report.status).toBe("rolled-back");
    expect(storedTraffic(cloud.fake, "api")).toEqual(before);
  });

  it("keeps a second writer's change made during a step: the canary does not go on and says what serves", async () => {
    const blue = await firstRevision();
    const run = canaryRun(healthy, STEPS, []);
    run.setStable(blue);
    const sleep = run.options.sleep!;
    let once = false;
    run.options.sleep = async (ms) => {
      await sleep(ms);
      if (!once) cloud.fake.writeAsOtherClient(serviceName("api"), () => ({ description: "edited in the console" }));
      once = true;
    };
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222", now: run.now, canary: run.options }));
    expect(report.status).toBe("aborted");
    expect(report.reason).toContain("the service changed while this deploy ran its canary");
    expect(cloud.fake.service(serviceName("api")).resource.description).toBe("edited in the console");
  });
});
