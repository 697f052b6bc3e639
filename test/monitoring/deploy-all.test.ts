/**
 * deploy-all and monitoring: the plan syncs monitoring after the releases only when the catalog
 * has monitoring settings; the sync (here against the Cloud Monitoring fake) lands in the one
 * report, and its failure fails deploy-all without stopping the releases.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import type { Catalog } from "../../ci/src/catalog/parse.js";
import type { GoogleCloud } from "../../ci/src/commands/cloud.js";
import { releaseMonitoring } from "../../ci/src/commands/monitoring.js";
import type { ReleaseContext } from "../../ci/src/commands/pipeline.js";
import { deployAllPlan, formatReleaseAll, releaseAll, type ReleaseAllPlan } from "../../ci/src/commands/release-all.js";
import type { ClientOptions } from "../../ci/src/gcp/cloud-run.js";
import { GoogleMonitoringGateway } from "../../ci/src/gcp/monitoring.js";
import { startFakeMonitoring, type FakeMonitoring } from "../fakes/monitoring/index.js";
import { catalogOf, PROJECT, project, service } from "./support.js";
import { testCall } from "../support/suggested-call.js";

let fake: FakeMonitoring;
beforeEach(async () => {
  fake = await startFakeMonitoring();
});
afterEach(() => fake.close());

const context = (catalog: Catalog): ReleaseContext => ({ source: undefined as never, catalog, env: resolveEnvironment(catalog, "prod"), gitSha: "0".repeat(40), cloud: {} as GoogleCloud, call: testCall });
const openFake = () => new GoogleMonitoringGateway(fake.clientOptions() as ClientOptions, { sleep: async () => {} });
const schedulesOk = async () => ({ kind: "schedules" as const, ok: true, outcomes: [] });

function plan(ctx: ReleaseContext, events: string[]): ReleaseAllPlan {
  return {
    environment: "prod",
    concurrency: 2,
    services: ["alie"],
    jobs: [],
    sites: [],
    releaseService: async () => {
      events.push("service alie");
      throw new Error("deploy of alie failed");
    },
    releaseJob: async () => { throw new Error("no jobs"); },
    releaseSite: async () => { throw new Error("no sites"); },
    releaseSchedules: async () => {
      events.push("schedules");
      return schedulesOk();
    },
    releaseMonitoring: async () => {
      events.push("monitoring");
      return releaseMonitoring(ctx, { prune: false, dryRun: false }, openFake);
    },
  };
}

describe("deploy-all syncs monitoring", () => {
  it("plans a monitoring sync only for a catalog with monitoring settings", () => {
    expect(deployAllPlan(context(catalogOf(project(), service("alie"))), { skipChecks: false, prune: false }).releaseMonitoring).toBeUndefined();
    expect(deployAllPlan(context(catalogOf(project({ monitoring: {} }), service("alie"))), { skipChecks: false, prune: false }).releaseMonitoring).toBeTypeOf("function");
  });

  it("syncs after the releases and schedules, even when a release failed, and reports it in the one report", async () => {
    const events: string[] = [];
    const report = await releaseAll(plan(context(catalogOf(project({ monitoring: {} }), service("alie"))), events));
    expect(events).toEqual(["service alie", "schedules", "monitoring"]);
    expect(report.monitoring).toMatchObject({ ok: true, project: PROJECT });
    expect(fake.store.uptimeChecks.size).toBe(1);
    expect(report.ok).toBe(false);
    expect(formatReleaseAll(report)).toContain("== monitoring\nmonitoring (prod, test-project): OK");
  });

  it("fails deploy-all when the monitoring sync fails, saying why", async () => {
    const p0 = project({ monitoring: { notificationChannels: ["Ops"] } });
    (p0.environments as Record<string, Record<string, unknown>>).prod!.monitoring = { notificationChannels: ["Nobody"] };
    const catalog = catalogOf(p0, service("alie"));
    const p = { ...plan(context(catalog), []), releaseService: async () => { throw new Error("skip"); }, services: [] };
    const report = await releaseAll(p);
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([{ target: "monitoring", error: expect.stringContaining('"Nobody" (pipelines/project.yaml: environments.prod.monitoring.notificationChannels) is not a notification channel of project test-project') }]);
  });
});
