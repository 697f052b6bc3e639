/**
 * `deploy --preflight` and `deploy-all --preflight` (commands/preflight.ts withPreflight, as
 * deployCommand and deployAllCommand call it): a failing preflight stops the release before any
 * build or Cloud Run call (the Cloud Run fake records none); a passing one lets it go on.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import { deployAllPlan, formatReleaseAll, releaseAll } from "../../ci/src/commands/release-all.js";
import { deployAllMarkdown } from "../../ci/src/verify/markdown.js";
import type { ReleaseContext } from "../../ci/src/commands/pipeline.js";
import { releaseService } from "../../ci/src/commands/pipeline.js";
import { serviceScope, withPreflight } from "../../ci/src/commands/preflight.js";
import { cloudWith } from "../orchestration/support.js";
import { type FakeCloud, startFakeCloud } from "../services/support/fake-cloud.js";
import { realCatalog } from "../services/support/specs.js";
import { rejection } from "../support/rejection.js";
import { seedDataface, startWorld, type World } from "./support.js";
import { testCall } from "../support/suggested-call.js";

const catalog = realCatalog();
/** The release must not read the source (no build) before preflight passed. */
const untouchedSource = new Proxy({}, { get: (_t, p) => { throw new Error(`the release touched source.${String(p)}`); } }) as never;

let w: World;
let run: FakeCloud;
beforeEach(async () => {
  w = await startWorld();
  seedDataface(w.fake.state, "staging");
  run = await startFakeCloud();
});
afterEach(async () => {
  await run.close();
  await w.close();
});

const context = (): ReleaseContext => ({
  source: untouchedSource,
  catalog,
  env: resolveEnvironment(catalog, "staging"),
  gitSha: "abc1234",
  cloud: cloudWith({ auth: w.auth as never, cloudRun: run.gateway, googleApis: w.apis }),
  call: testCall,
});

describe("deploy --preflight", () => {
  it("stops before any build or Cloud Run call when preflight fails, with the table", async () => {
    w.fake.state.serviceAccounts.delete("alie-runtime@dataface-staging.iam.gserviceaccount.com");
    const ctx = context();
    const err = await rejection(withPreflight(ctx, true, () => releaseService(ctx, catalog.services.find((s) => s.name === "alie")!, { skipChecks: false }), serviceScope(ctx, "alie")));
    expect(err.message).toMatch(/^the release stopped at --preflight, before anything was built, pushed or changed: 1 check\(s\) failed\.\n\npreflight staging \(project dataface-staging\): FAILED/);
    expect(err.message).toMatch(/service-account +alie-runtime@dataface-staging\.iam\.gserviceaccount\.com +FAIL/);
    expect(run.fake.calls).toEqual([]);
  });

  it("without --preflight the same release goes on to its checks and build (it reads the source): the stop above is preflight's", async () => {
    w.fake.state.serviceAccounts.delete("alie-runtime@dataface-staging.iam.gserviceaccount.com");
    const ctx = context();
    const err = await rejection(withPreflight(ctx, false, () => releaseService(ctx, catalog.services.find((s) => s.name === "alie")!, { skipChecks: false }), serviceScope(ctx, "alie")));
    expect(err.message).toMatch(/touched source\./);
  });

  it("checks only the deployed service: a missing bucket or another service's secret does not stop it", async () => {
    w.fake.state.buckets.delete("dataface-docs-staging");
    w.fake.state.secrets.delete("projects/dataface-staging/secrets/cloud-secret-key");
    const ctx = context();
    let released = false;
    await withPreflight(ctx, true, async () => { released = true; }, serviceScope(ctx, "alie"));
    expect(released).toBe(true);
    expect(w.fake.requests.some((r) => r.path.includes("cloud-secret-key") || r.api === "storage")).toBe(false);
  });

  it("without --preflight calls no preflight API at all", async () => {
    const ctx = context();
    await withPreflight(ctx, false, async () => undefined);
    expect(w.fake.requests).toEqual([]);
  });
});

describe("deploy-all --preflight", () => {
  it("stops before any Cloud Run, Scheduler or Storage call when one prerequisite of the catalog is missing", async () => {
    w.fake.state.disableService("dataface-staging", "cloudscheduler.googleapis.com");
    const ctx = context();
    const err = await rejection(withPreflight(ctx, true, () => releaseAll(deployAllPlan(ctx, { skipChecks: false, prune: false }))));
    expect(err.message).toContain("api                   cloudscheduler.googleapis.com");
    expect(err.message).toContain("fix: gcloud services enable cloudscheduler.googleapis.com --project=dataface-staging");
    expect(run.fake.calls).toEqual([]);
  });

  it("goes on to the release when every check passes", async () => {
    const ctx = context();
    const order: string[] = [];
    await withPreflight(ctx, true, async () => order.push(`release after ${w.fake.requests.length} preflight requests`));
    expect(order).toEqual([expect.stringMatching(/^release after \d+ preflight requests$/)]);
    expect(w.fake.requests.length).toBeGreaterThan(10);
  });
});

describe("preflight's warnings in the release report", () => {
  it("hands the WARN rows to the release, one line each with its fix, and nothing when everything is OK", async () => {
    const ctx = context();
    expect(await withPreflight(ctx, true, async (warnings) => warnings)).toEqual([]);
    w.fake.state.addSqlInstance({ project: "dataface-staging", region: "europe-west1", id: "dataface", state: "SUSPENDED" });
    const warnings = await withPreflight(ctx, true, async (got) => got);
    expect(warnings).toEqual([expect.stringMatching(/^preflight cloud-sql service cloud: dataface-staging:europe-west1:dataface: instance dataface is SUSPENDED, not RUNNABLE/)]);
  });

  it("deploy-all prints them under its first line, and its markdown as warnings", () => {
    const report = { kind: "release-all" as const, environment: "staging", ok: true, services: { services: [], errors: [] } as never, jobs: [], sites: [], errors: [], warnings: ["preflight cloud-sql service cloud: x: instance x is SUSPENDED"], durationMs: 1000 };
    expect(formatReleaseAll(report).split("\n").slice(0, 2)).toEqual(["deploy-all (staging): OK in 1.0s", "  WARNING: preflight cloud-sql service cloud: x: instance x is SUSPENDED"]);
    expect(deployAllMarkdown(report, "")).toContain("> **Warning:** preflight cloud-sql service cloud: x: instance x is SUSPENDED");
  });
});

