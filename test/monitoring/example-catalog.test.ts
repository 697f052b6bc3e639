/**
 * The bundled example catalog (pipelines/) through the monitoring verb's release step, against
 * the Cloud Monitoring fake: what it monitors in each environment, a dry run, then the sync and a
 * rerun that changes nothing; the text and JSON reports.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import { type Catalog, parseCatalog } from "../../ci/src/catalog/parse.js";
import type { GoogleCloud } from "../../ci/src/commands/cloud.js";
import { releaseMonitoring } from "../../ci/src/commands/monitoring.js";
import type { ReleaseContext } from "../../ci/src/commands/pipeline.js";
import type { ClientOptions } from "../../ci/src/gcp/cloud-run.js";
import { GoogleMonitoringGateway } from "../../ci/src/gcp/monitoring.js";
import { formatMonitoringReport } from "../../ci/src/monitoring/report.js";
import { startFakeMonitoring, type FakeMonitoring } from "../fakes/monitoring/index.js";
import { actions, mutations } from "./support.js";
import { testCall } from "../support/suggested-call.js";

const ROOT = resolve(import.meta.dirname, "../..");

function exampleCatalog(): Catalog {
  const files = readdirSync(join(ROOT, "pipelines"), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".yaml"))
    .map((e) => {
      const path = join(e.parentPath, e.name).slice(ROOT.length + 1);
      return { path, text: readFileSync(join(ROOT, path), "utf8") };
    });
  return parseCatalog(files);
}

let fake: FakeMonitoring;
beforeEach(async () => {
  fake = await startFakeMonitoring();
});
afterEach(() => fake.close());

const contextFor = (env: string): ReleaseContext => {
  const catalog = exampleCatalog();
  return { source: undefined as never, catalog, env: resolveEnvironment(catalog, env), gitSha: "0".repeat(40), cloud: {} as GoogleCloud, call: testCall };
};
const openFake = () => new GoogleMonitoringGateway(fake.clientOptions() as ClientOptions, { sleep: async () => {} });

describe("the example catalog's monitoring", () => {
  it("dry-runs prod: an uptime check per service, its alerts, p95 for alie and the prod p99 for all, a job alert", async () => {
    fake.addChannel("Dataface on-call", "email", "dataface-prod");
    const report = await releaseMonitoring(contextFor("prod"), { prune: false, dryRun: true }, openFake);
    expect(report.ok).toBe(true);
    const keys = report.outcomes.map((o) => `${o.action} ${o.resource} ${o.key}`);
    expect(keys).toEqual([
      "create uptime-check prod/service-alie/uptime",
      "create uptime-check prod/service-cloud/uptime",
      "create uptime-check prod/service-playground/uptime",
      "create alert-policy prod/job-ingestion/failed-executions",
      "create alert-policy prod/service-alie/errors",
      "create alert-policy prod/service-alie/latency-p95",
      "create alert-policy prod/service-alie/latency-p99",
      "create alert-policy prod/service-alie/uptime-failure",
      "create alert-policy prod/service-cloud/errors",
      "create alert-policy prod/service-cloud/latency-p99",
      "create alert-policy prod/service-cloud/uptime-failure",
      "create alert-policy prod/service-playground/errors",
      "create alert-policy prod/service-playground/latency-p99",
      "create alert-policy prod/service-playground/uptime-failure",
    ]);
    expect(mutations(fake)).toEqual([]);
  });

  it("syncs staging into Cloud Monitoring, routed to the on-call channel, and a rerun changes nothing", async () => {
    const channel = fake.addChannel("Dataface on-call", "email", "dataface-staging");
    const report = await releaseMonitoring(contextFor("staging"), { prune: false, dryRun: false }, openFake);
    expect(report.ok).toBe(true);
    expect(fake.store.uptimeChecks.size).toBe(3);
    for (const p of fake.store.alertPolicies.values()) expect(p.notificationChannels).toEqual([channel.name]);
    fake.clearCalls();
    const rerun = await releaseMonitoring(contextFor("staging"), { prune: true, dryRun: false }, openFake);
    expect(new Set(Object.values(actions(rerun)))).toEqual(new Set(["unchanged"]));
    expect(mutations(fake)).toEqual([]);
    const text = formatMonitoringReport(rerun);
    expect(text.split("\n")[0]).toBe("monitoring (staging, dataface-staging): OK");
    expect(text).toMatch(/UNCHANGED uptime check staging\/service-alie\/uptime "alie \(service, staging\) uptime \/health" projects\/dataface-staging\/uptimeCheckConfigs\//);
  });

  it("fails on prod without the on-call channel, naming the project file and the channels that exist", async () => {
    fake.addChannel("Someone else", "email", "dataface-prod");
    const err = await releaseMonitoring(contextFor("prod"), { prune: false, dryRun: false }, openFake).catch((e: Error) => e);
    expect((err as Error).message).toContain('"Dataface on-call" (pipelines/project.yaml: monitoring.notificationChannels) is not a notification channel of project dataface-prod');
    expect((err as Error).message).toContain('Existing channels in dataface-prod: "Someone else".');
    expect(mutations(fake)).toEqual([]);
  });
});
