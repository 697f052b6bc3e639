/**
 * Benchmark of the Cloud Run release engine against the in-repo Cloud Run Admin v2 fake (real
 * @google-cloud/run clients over gRPC on 127.0.0.1, simulated revision readiness):
 *   - no-op redeploy: same digest and configuration as live (mutating calls and wall time);
 *   - deploy-all of the catalog's 3 services with 2 s readiness, against the slowest of the same
 *     deploys run one at a time;
 *   - 50 services at concurrency 8 with 1 s readiness (wall time, peak deploys in flight).
 *
 *   node --import tsx bench/deploy.ts      # prints the JSON
 *
 * The numbers measure our orchestration (parallelism, calls, probes), not Cloud Run's latency.
 */
import { pathToFileURL } from "node:url";
import { deployAllServices } from "../ci/src/commands/deploy-all.js";
import { deployService } from "../ci/src/services/deploy-service.js";
import { renderService } from "../ci/src/services/render.js";
import type { ServiceReleaseReport } from "../ci/src/services/report.js";
import { startFakeCloud, type FakeCloud } from "../test/services/support/fake-cloud.js";
import { deployOptions, digestRef, FAKE_ENV, realCatalog, serviceSpec } from "../test/services/support/specs.js";

process.env.METADATA_SERVER_DETECTION ??= "none";

const FIFTY = 50;
const FIFTY_CONCURRENCY = 8;

function expectSuccess(report: ServiceReleaseReport): ServiceReleaseReport {
  if (!["created", "deployed", "unchanged"].includes(report.status)) throw new Error(`bench: ${report.service} ${report.status}: ${report.reason ?? ""}`);
  return report;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, performance.now() - started];
}

/** Redeploying the live digest and configuration: should mutate nothing. */
async function noop(cloud: FakeCloud): Promise<Record<string, number>> {
  const spec = serviceSpec("noop");
  const rendered = renderService(spec, FAKE_ENV, digestRef("noop"), "aaa1111");
  expectSuccess(await deployService(cloud.gateway, rendered, deployOptions({ commit: "aaa1111" })));
  cloud.fake.clearRecords();
  const [report, ms] = await timed(() => deployService(cloud.gateway, rendered, deployOptions({ commit: "aaa1111" })));
  expectSuccess(report);
  return {
    "deploy.noop.mutatingCalls": cloud.fake.mutatingCalls().length,
    "deploy.noop.calls": cloud.fake.calls.length,
    "deploy.noop.wallMs": round(ms),
    "deploy.noop.unchanged": report.status === "unchanged" ? 1 : 0,
  };
}

/** The catalog's three services, blue-green, 2 s readiness: alone one by one, then all at once. */
async function all3(cloud: FakeCloud): Promise<Record<string, number>> {
  const specs = realCatalog().services;
  const release = (build: number) => (name: string) => {
    const spec = specs.find((s) => s.name === name)!;
    const commit = `b${String(build).padStart(6, "0")}`;
    return deployService(cloud.gateway, renderService(spec, FAKE_ENV, digestRef(name, build), commit), deployOptions({ commit, healthTimeoutMs: 30_000 })).then(expectSuccess);
  };
  const names = specs.map((s) => s.name);
  for (const name of names) await release(1)(name);
  cloud.fake.faults.readinessDelayMs = 2000;
  let slowest = 0;
  for (const name of names) {
    const [, ms] = await timed(() => release(2)(name));
    slowest = Math.max(slowest, ms);
  }
  const [report, wall] = await timed(() => deployAllServices(names, names.length, FAKE_ENV.name, release(3)));
  if (!report.ok) throw new Error(`bench: deploy-all failed: ${JSON.stringify(report.errors)}`);
  cloud.fake.faults.readinessDelayMs = 20;
  return {
    "deploy.all3.services": names.length,
    "deploy.all3.wallMs": round(wall),
    "deploy.all3.slowestSingleMs": round(slowest),
    "deploy.all3.ratioToSlowest": round(wall / slowest, 3),
  };
}

/** 50 new services, concurrency 8, 1 s readiness; counts deployService calls in flight. */
async function fifty(cloud: FakeCloud): Promise<Record<string, number>> {
  cloud.fake.faults.readinessDelayMs = 1000;
  let inFlight = 0;
  let peak = 0;
  const names = Array.from({ length: FIFTY }, (_, i) => `svc-${String(i).padStart(2, "0")}`);
  const release = async (name: string) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    try {
      const rendered = renderService(serviceSpec(name), FAKE_ENV, digestRef(name), "aaa1111");
      return expectSuccess(await deployService(cloud.gateway, rendered, deployOptions({ commit: "aaa1111", healthTimeoutMs: 30_000 })));
    } finally {
      inFlight--;
    }
  };
  const [report, wall] = await timed(() => deployAllServices(names, FIFTY_CONCURRENCY, FAKE_ENV.name, release));
  cloud.fake.faults.readinessDelayMs = 20;
  /** Lower bound with perfect packing: ceil(50 / 8) rounds of 1 s readiness. */
  const ideal = Math.ceil(FIFTY / FIFTY_CONCURRENCY) * 1000;
  return {
    "deploy.fifty.services": FIFTY,
    "deploy.fifty.concurrency": FIFTY_CONCURRENCY,
    "deploy.fifty.wallMs": round(wall),
    "deploy.fifty.peakInFlight": peak,
    "deploy.fifty.failed": report.errors.length + report.services.filter((s) => s.status !== "created").length,
    "deploy.fifty.idealWallMs": ideal,
    "deploy.fifty.ratioToIdeal": round(wall / ideal, 3),
  };
}

export async function benchDeploy(): Promise<Record<string, number>> {
  const cloud = await startFakeCloud();
  try {
    return { ...(await noop(cloud)), ...(await all3(cloud)), ...(await fifty(cloud)) };
  } finally {
    await cloud.close();
  }
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchDeploy(), null, 2));
}
