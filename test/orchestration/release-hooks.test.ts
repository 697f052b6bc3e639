/**
 * Release hooks through the release path the module runs (commands/pipeline.ts releaseService,
 * commands/hooks.ts, jobs/hook-job.ts, services/deploy-service.ts) against the in-repo Cloud Run
 * fake (services and jobs, real clients): a migration runs as the job alie-migrate with the NEW
 * image before the service is written; a failed migration stops the release with the execution
 * and its logs command, the service untouched; a failed smoke test restores the exact traffic.
 */
import { OAuth2Client } from "google-auth-library";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HookSpec } from "../../ci/src/catalog/hooks.js";
import { resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import type { ServiceSpec } from "../../ci/src/catalog/schema.js";
import { type ReleaseContext, releaseService } from "../../ci/src/commands/pipeline.js";
import { GoogleJobsGateway } from "../../ci/src/gcp/cloud-run-jobs.js";
import type { ClientOptions } from "../../ci/src/gcp/cloud-run.js";
import type { CloudAuth } from "../../ci/src/gcp/credentials-auth.js";
import { useFakeCloud } from "../services/support/harness.js";
import { layoutFiles, LAYOUTS } from "../support/catalog-layouts.js";
import { useFakeDaggerSession } from "../support/dagger/index.js";
import { cloudWith, repoSource } from "./support.js";
import { testCall } from "../support/suggested-call.js";

useFakeDaggerSession();
const cloud = useFakeCloud({ readinessDelayMs: 5, executionDelayMs: 10 });

const auth = {
  description: "test credentials",
  kind: "access-token",
  authClient: new OAuth2Client(),
  accessToken: async () => "ya29.hooks-tests",
  idToken: async (audience: string) => `id-token-for-${audience}`,
  idTokenUnavailable: undefined,
} as unknown as CloudAuth;

const PROJECT = "dataface-dev";
const REGION = "europe-west1";
const ALIE = `projects/${PROJECT}/locations/${REGION}/services/alie`;
const MIGRATE = `projects/${PROJECT}/locations/${REGION}/jobs/alie-migrate`;

let jobs: GoogleJobsGateway;
beforeEach(() => {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: "ya29.hooks-tests", expiry_date: Date.now() + 3_600_000 });
  jobs = new GoogleJobsGateway(cloud.fake.clientOptions(client) as ClientOptions, { baseDelayMs: 5, maxDelayMs: 20, pollIntervalMs: 10 });
});
afterEach(async () => jobs.close());

function release(hooks: { beforeTraffic?: object[]; afterCandidate?: object[] }, options: { strategy?: "blue-green" | "direct" } = {}) {
  const catalog = parseCatalog(layoutFiles(LAYOUTS.bundled), LAYOUTS.bundled.dir);
  const spec = catalog.services.find((s) => s.name === "alie")! as ServiceSpec;
  spec.hooks = { beforeTraffic: (hooks.beforeTraffic ?? []).map((h) => HookSpec.parse(h)), afterCandidate: (hooks.afterCandidate ?? []).map((h) => HookSpec.parse(h)) };
  const ctx: ReleaseContext = { source: repoSource(), catalog, env: resolveEnvironment(catalog, "dev"), gitSha: "89abcde", cloud: cloudWith({ auth, cloudRun: cloud.gateway, jobs }), call: testCall };
  return releaseService(ctx, spec, { skipChecks: true, strategy: options.strategy });
}

const seed = () => cloud.fake.seedService({ project: PROJECT, region: REGION, id: "alie", revisions: [{ name: "alie-old", image: `${REGION}-docker.pkg.dev/${PROJECT}/dataface/alie@sha256:${"1".repeat(64)}` }] });
const serving = () => cloud.fake.service(ALIE).serving.map((t) => ({ revision: t.revision, percent: t.percent, tag: t.tag }));
const methods = () => cloud.fake.mutatingCalls().map((c) => c.method);
const runJobEnv = () =>
  cloud.fake
    .mutatingCalls()
    .filter((c) => c.method === "RunJob")
    .map((c) => (c.request as { overrides?: { containerOverrides?: Array<{ env?: Array<{ name?: string; value?: string }> }> } }).overrides?.containerOverrides?.[0]?.env ?? []);

const MIGRATE_HOOK = { name: "migrate", command: ["python", "manage.py", "migrate", "--noinput"] };
const SMOKE_HOOK = { name: "smoke", command: ["pytest", "-q", "tests/smoke"] };

describe("release hooks", () => {
  it("runs the migration as alie-migrate with the new image before the service is written, then releases", async () => {
    seed();
    cloud.fake.clearRecords();
    const report = await release({ beforeTraffic: [MIGRATE_HOOK] });
    expect(report.status, report.reason).toBe("deployed");
    const job = cloud.fake.state.jobs.get(MIGRATE)!.resource;
    const container = job.template!.template!.containers![0]!;
    expect(container.image).toBe(report.image);
    expect(container.command).toEqual(["python", "manage.py", "migrate", "--noinput"]);
    expect(job.template!.taskCount).toBe(1);
    const calls = methods();
    expect(calls.indexOf("RunJob")).toBeGreaterThanOrEqual(0);
    expect(calls.indexOf("RunJob")).toBeLessThan(calls.indexOf("UpdateService"));
    expect(report.notes?.join("\n")).toMatch(/release hook beforeTraffic "migrate" \(Cloud Run job alie-migrate\): execution alie-migrate-\S+ succeeded/);
  });

  it("stops on a failed migration, naming the execution and its logs command, with the service untouched", async () => {
    seed();
    const before = JSON.stringify(cloud.fake.service(ALIE).resource);
    cloud.fake.faults.failExecutions("alie-migrate", {}, 1);
    cloud.fake.clearRecords();
    const report = await release({ beforeTraffic: [MIGRATE_HOOK] });
    expect(report.status).toBe("failed");
    expect(report.reason).toMatch(/release hook beforeTraffic "migrate" \(Cloud Run job alie-migrate\) failed in execution alie-migrate-\S+: .*; logs: gcloud logging read .*job_name="alie-migrate"/);
    expect(report.reason).toContain("The release stopped before changing the service: it still serves");
    expect(methods()).not.toContain("UpdateService");
    expect(JSON.stringify(cloud.fake.service(ALIE).resource)).toBe(before);
  });

  it("gives the smoke test the candidate's tag URL and restores the exact traffic when it fails", async () => {
    seed();
    const before = serving();
    cloud.fake.faults.failExecutions("alie-smoke", {}, 1);
    const report = await release({ afterCandidate: [SMOKE_HOOK] });
    await cloud.fake.settle();
    expect(report.status).toBe("rolled-back");
    expect(report.reason).toMatch(/release hook afterCandidate "smoke" \(Cloud Run job alie-smoke\) failed/);
    const env = runJobEnv()[0]!;
    expect(env).toMatchObject([{ name: "CANDIDATE_URL", value: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/t\/rc-89abcde---alie$/) }]);
    expect(serving()).toEqual(before);
  });

  it("promotes after a passing smoke test", async () => {
    seed();
    const report = await release({ afterCandidate: [SMOKE_HOOK] });
    expect(report.status, report.reason).toBe("deployed");
    expect(serving().map((s) => s.percent)).toEqual([100]);
  });

  it("refuses afterCandidate hooks with --strategy=direct before any write", async () => {
    seed();
    cloud.fake.clearRecords();
    await expect(release({ afterCandidate: [SMOKE_HOOK] }, { strategy: "direct" })).rejects.toThrow(/hooks\.afterCandidate test the candidate before it takes traffic, and --strategy=direct moves traffic at once\. Nothing was changed/);
    expect(methods()).toEqual([]);
  });
});

describe("plan lists the hooks a deploy would run", () => {
  it("names each hook with its phase and job, for an existing service and for one to create", async () => {
    const { hookSummary } = await import("../../ci/src/commands/hooks.js");
    const { formatPlan } = await import("../../ci/src/services/plan.js");
    const catalog = parseCatalog(layoutFiles(LAYOUTS.bundled), LAYOUTS.bundled.dir);
    const spec = catalog.services.find((s) => s.name === "alie")!;
    spec.hooks = { beforeTraffic: [HookSpec.parse(MIGRATE_HOOK)], afterCandidate: [HookSpec.parse(SMOKE_HOOK)] };
    const hooks = hookSummary(spec, (hook) => `alie-${hook.name}`);
    expect(hooks).toEqual(["beforeTraffic: migrate (Cloud Run job alie-migrate, with the new image)", "afterCandidate: smoke (Cloud Run job alie-smoke, with the new image)"]);
    const created = formatPlan({ kind: "plan", service: "alie", cloudRunName: "alie", exists: false, commit: "89abcde", changes: [], unmanaged: [], hooks });
    expect(created.split("\n")).toEqual(["alie: would be CREATED from commit 89abcde (0 settings)", `  hook ${hooks[0]}`, `  hook ${hooks[1]}`]);
    const updated = formatPlan({ kind: "plan", service: "alie", cloudRunName: "alie", exists: true, commit: "89abcde", liveCommit: "89abcde", traffic: "LATEST 100%", changes: [], unmanaged: [], hooks });
    expect(updated).toContain("  hook beforeTraffic: migrate (Cloud Run job alie-migrate, with the new image)");
  });
});
