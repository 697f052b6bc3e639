/**
 * promote staging -> prod through the real clients against the in-repo Cloud Run fake (one fake
 * holds both projects): staging is released the way deploy releases it (deployService /
 * deployJob with a digest), then commands/promote.ts ships what staging serves into prod with
 * prod's catalog settings, behind deploy's health gate and rollback, without building (the source
 * Directory is never touched) and proves the digest from both environments read back.
 */
import type { Directory } from "@dagger.io/dagger";
import { OAuth2Client } from "google-auth-library";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import { type Catalog, parseCatalog } from "../../ci/src/catalog/parse.js";
import type { JobSpec, ServiceSpec } from "../../ci/src/catalog/schema.js";
import { formatPromotionReport, promote, type PromotionContext } from "../../ci/src/commands/promote.js";
import { GoogleJobsGateway } from "../../ci/src/gcp/cloud-run-jobs.js";
import type { ClientOptions } from "../../ci/src/gcp/cloud-run.js";
import type { CloudAuth } from "../../ci/src/gcp/credentials-auth.js";
import { deployJob } from "../../ci/src/jobs/deploy-job.js";
import { renderJob } from "../../ci/src/jobs/render.js";
import { deployService } from "../../ci/src/services/deploy-service.js";
import { renderService } from "../../ci/src/services/render.js";
import type { ServiceReleaseReport } from "../../ci/src/services/report.js";
import { useFakeCloud } from "../services/support/harness.js";
import { editProject, layoutFiles, LAYOUTS } from "../support/catalog-layouts.js";
import { cloudWith } from "./support.js";
import { useFakeScheduler } from "../schedules/support/harness.js";
import { testCall } from "../support/suggested-call.js";

const cloud = useFakeCloud({ readinessDelayMs: 5 });
const scheduler = useFakeScheduler();
let jobs: GoogleJobsGateway;
beforeEach(() => {
  jobs = new GoogleJobsGateway(cloud.fake.clientOptions(new OAuth2Client()) as ClientOptions, { baseDelayMs: 5, maxDelayMs: 20, pollIntervalMs: 10 });
});
afterEach(async () => {
  await jobs.close();
});

const auth = {
  description: "test credentials",
  kind: "access-token",
  authClient: new OAuth2Client(),
  accessToken: async () => "ya29.promote-tests",
  idToken: async (audience: string) => `id-token-for-${audience}`,
  idTokenUnavailable: undefined,
} as unknown as CloudAuth;

/** The bundled catalog (staging: dataface-staging, prod: dataface-prod, protected), with a short health budget. */
const catalog = (): Catalog => parseCatalog(editProject(LAYOUTS.bundled, layoutFiles(LAYOUTS.bundled), (p) => void (p.deploy.healthTimeout = "2s")), LAYOUTS.bundled.dir);

/** promote must not build: reading the source Directory at all fails the test. */
const noSource = new Proxy({}, { get: (_t, p) => { throw new Error(`promote read source.${String(p)}`); } }) as Directory;

function context(c = catalog()): PromotionContext {
  const side = (name: string) => ({ env: resolveEnvironment(c, name), cloud: cloudWith({ auth, cloudRun: cloud.gateway, jobs, scheduler: scheduler.gateway }) });
  return { source: noSource, catalog: c, from: side("staging"), to: side("prod"), call: testCall };
}

const hex = (n: number) => n.toString(16).padStart(64, "0");
const stagingImage = (name: string, n: number) => `europe-west1-docker.pkg.dev/dataface-staging/dataface/${name}@sha256:${hex(n)}`;
const STAGING = (kind: "services" | "jobs", id: string) => `projects/dataface-staging/locations/europe-west1/${kind}/${id}`;
const PROD = (kind: "services" | "jobs", id: string) => `projects/dataface-prod/locations/europe-west1/${kind}/${id}`;
const service = (c: Catalog, name: string): ServiceSpec => c.services.find((s) => s.name === name)!;
const job = (c: Catalog, name: string): JobSpec => c.jobs.find((j) => j.name === name)!;

/** A staging release of build `n` the way deploy does it, without the build. */
async function deployStaging(name: string, n: number, commit: string): Promise<ServiceReleaseReport> {
  const c = catalog();
  const env = resolveEnvironment(c, "staging");
  const report = await deployService(cloud.gateway, renderService(service(c, name), env, stagingImage(name, n), commit), {
    strategy: "blue-green",
    environment: "staging",
    project: env.project,
    region: env.region,
    commit,
    healthTimeoutMs: 5000,
    idToken: auth.idToken,
    call: testCall,
  });
  expect(["created", "deployed"]).toContain(report.status);
  return report;
}

/** The image and revision the fake routes 100% of a service's traffic to. */
function servingIn(name: string): { revision: string; image: string } {
  const record = cloud.fake.service(name);
  expect(record.serving.filter((s) => s.percent > 0)).toHaveLength(1);
  const revision = record.serving.find((s) => s.percent > 0)!.revision;
  return { revision, image: record.revisions.get(revision)!.resource.containers![0]!.image! };
}

/** Every service a mutating call of the fake named (create: parent + serviceId; others: the service or resource). */
const mutatedServices = (): string[] =>
  cloud.fake.mutatingCalls().map((c) => {
    const r = c.request as { parent?: string; serviceId?: string; service?: { name?: string }; resource?: string };
    return r.serviceId ? `${r.parent}/services/${r.serviceId}` : (r.service?.name ?? r.resource ?? "?");
  });

describe("promote staging -> prod: services", () => {
  it("releases exactly the digest staging serves, with prod's settings, and proves it from both environments read back", async () => {
    const staged = await deployStaging("alie", 1, "89abcde");
    cloud.fake.clearRecords();

    const report = await promote(context(), { services: [service(catalog(), "alie")], jobs: [] });

    expect(report).toMatchObject({ kind: "promotion", from: "staging", to: "prod", ok: true });
    const [t] = report.targets;
    expect(t).toMatchObject({ kind: "service", target: "alie", status: "created", ok: true, digestsEqual: true });
    expect(t!.source).toEqual({ cloudRunName: "alie", revision: staged.revision, image: stagingImage("alie", 1), digest: `sha256:${hex(1)}`, commit: "89abcde", gate: "not recorded" });
    // The proof is what prod serves now, read back; the fake's routing agrees.
    const prod = servingIn(PROD("services", "alie"));
    expect(t!.now).toEqual({ cloudRunName: "alie", revision: prod.revision, image: stagingImage("alie", 1), digest: `sha256:${hex(1)}` });
    expect(prod.image).toBe(stagingImage("alie", 1));
    expect(prod.revision).toMatch(/^alie-89abcde-/);
    // prod's catalog settings, the image still pulled from staging's registry.
    const template = cloud.fake.service(PROD("services", "alie")).resource.template!;
    expect(template.serviceAccount).toBe("alie-runtime@dataface-prod.iam.gserviceaccount.com");
    expect(cloud.fake.service(PROD("services", "alie")).resource.labels).toMatchObject({ "managed-by": "cloud-run-pipeline", commit: "89abcde" });
    // Every write named prod's service: nothing was written in staging.
    expect(new Set(mutatedServices())).toEqual(new Set([PROD("services", "alie")]));

    const text = formatPromotionReport(report);
    expect(text).toContain(`digest: sha256:${hex(1)} in both environments (EQUAL)`);
    expect(text).toContain(`staging serves: ${staged.revision}  ${stagingImage("alie", 1)}`);
  });

  it("releases the next staging digest over the previous one, blue-green", async () => {
    await deployStaging("alie", 1, "89abcde");
    await promote(context(), { services: [service(catalog(), "alie")], jobs: [] });
    await deployStaging("alie", 2, "bbbbbbb");

    const report = await promote(context(), { services: [service(catalog(), "alie")], jobs: [] });

    expect(report.targets[0]).toMatchObject({ status: "deployed", ok: true, digestsEqual: true, now: { digest: `sha256:${hex(2)}` } });
    expect(servingIn(PROD("services", "alie")).image).toBe(stagingImage("alie", 2));
    expect((report.targets[0]!.release as ServiceReleaseReport).strategy).toBe("blue-green");
  });

  it("changes nothing when prod already serves staging's digest with prod's settings, and still proves it", async () => {
    await deployStaging("alie", 1, "89abcde");
    await promote(context(), { services: [service(catalog(), "alie")], jobs: [] });
    cloud.fake.clearRecords();

    const report = await promote(context(), { services: [service(catalog(), "alie")], jobs: [] });

    expect(report.targets[0]).toMatchObject({ status: "unchanged", ok: true, digestsEqual: true, now: { digest: `sha256:${hex(1)}` } });
    expect(cloud.fake.mutatingCalls()).toEqual([]);
  });

  it("refuses a service whose traffic is split in staging, and changes nothing in prod", async () => {
    const first = await deployStaging("alie", 1, "89abcde");
    const second = await deployStaging("alie", 2, "bbbbbbb");
    cloud.fake.writeAsOtherClient(STAGING("services", "alie"), () => ({
      traffic: [
        { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: first.revision, percent: 50 },
        { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: second.revision, percent: 50 },
      ],
    }));
    await cloud.fake.settle();
    cloud.fake.clearRecords();

    const report = await promote(context(), { services: [service(catalog(), "alie")], jobs: [] });

    expect(report.ok).toBe(false);
    expect(report.targets[0]).toMatchObject({ status: "refused", ok: false });
    expect(report.targets[0]!.reason).toContain(`splits its traffic (${first.revision} 50%, ${second.revision} 50%)`);
    expect(cloud.fake.mutatingCalls()).toEqual([]);
    expect(cloud.fake.services.has(PROD("services", "alie"))).toBe(false);
  });

  it("refuses a staging service deployed outside the pipeline", async () => {
    cloud.fake.seedService({ project: "dataface-staging", region: "europe-west1", id: "alie", revisions: [{ name: "alie-byhand", image: stagingImage("alie", 7) }] });
    const report = await promote(context(), { services: [service(catalog(), "alie")], jobs: [] });
    expect(report.targets[0]).toMatchObject({ status: "refused" });
    expect(report.targets[0]!.reason).toContain("was not deployed by cloud-run-pipeline");
    expect(cloud.fake.mutatingCalls()).toEqual([]);
  });

  it("rolls prod back when the promoted revision fails prod's health gate, and reports both digests", async () => {
    await deployStaging("alie", 1, "89abcde");
    await promote(context(), { services: [service(catalog(), "alie")], jobs: [] });
    const healthy = servingIn(PROD("services", "alie"));
    await deployStaging("alie", 2, "bbbbbbb");
    cloud.fake.faults.probe({ service: "alie", image: stagingImage("alie", 2) }, { status: 500 });

    const report = await promote(context(), { services: [service(catalog(), "alie")], jobs: [] });

    const [t] = report.targets;
    expect(report.ok).toBe(false);
    expect(t).toMatchObject({ status: "rolled-back", ok: false, digestsEqual: false, source: { digest: `sha256:${hex(2)}` }, now: { revision: healthy.revision, digest: `sha256:${hex(1)}` } });
    expect(t!.reason).toMatch(/health check .*\/health answered HTTP 500/);
    expect(servingIn(PROD("services", "alie"))).toEqual(healthy);
    const text = formatPromotionReport(report);
    expect(text).toContain("service alie: ROLLED-BACK");
    expect(text).toContain(`digest: DIFFERENT: staging sha256:${hex(2)}, prod sha256:${hex(1)}`);
    expect(text).toContain("Traffic restored to its state before the deploy.");
  }, 20_000);

  it("promotes the others when one service is refused (--all)", async () => {
    await deployStaging("alie", 1, "89abcde");
    const c = catalog();
    const report = await promote(context(c), { services: c.services, jobs: [] });
    expect(report.targets.map((t) => [t.target, t.status])).toEqual([
      ["alie", "created"],
      ["cloud", "refused"],
      ["playground", "refused"],
    ]);
    expect(report.targets[1]!.reason).toContain("dagger call deploy --service=cloud --env=staging --credentials=env://GCP_CREDENTIALS");
    expect(report.ok).toBe(false);
  });
});

describe("promote staging -> prod: jobs", () => {
  it("deploys the digest of staging's job template into prod, without running it", async () => {
    const c = catalog();
    const env = resolveEnvironment(c, "staging");
    const staged = await deployJob(jobs, renderJob(job(c, "ingestion"), env, stagingImage("ingestion", 3), "89abcde"), { environment: "staging", project: env.project, commit: "89abcde", execute: false, wait: false, executionTimeoutMs: 0, call: testCall });
    expect(staged.status).toBe("created");
    cloud.fake.clearRecords();

    const report = await promote(context(c), { services: [], jobs: [job(c, "ingestion")] });

    expect(report.ok).toBe(true);
    expect(report.targets[0]).toMatchObject({
      kind: "job",
      target: "ingestion",
      status: "created",
      digestsEqual: true,
      source: { cloudRunName: "ingestion", image: stagingImage("ingestion", 3), commit: "89abcde" },
      now: { cloudRunName: "ingestion", image: stagingImage("ingestion", 3), digest: `sha256:${hex(3)}` },
    });
    const prodJob = cloud.fake.state.jobs.get(PROD("jobs", "ingestion"))!.resource;
    expect(prodJob.template?.template?.containers?.[0]?.image).toBe(stagingImage("ingestion", 3));
    expect(prodJob.template?.template?.serviceAccount).toBe("ingestion-runtime@dataface-prod.iam.gserviceaccount.com");
    expect(cloud.fake.mutatingCalls().map((m) => m.method)).toEqual(["CreateJob"]);
    // Its schedule is created in prod, as deploy-job would: the job is triggered there as in staging.
    const prodSchedule = scheduler.fake.jobs.get("projects/dataface-prod/locations/europe-west1/jobs/ingestion-nightly");
    expect(prodSchedule?.httpTarget?.uri).toBe("https://run.googleapis.com/v2/projects/dataface-prod/locations/europe-west1/jobs/ingestion:run");
    expect(report.schedules).toEqual([{ job: "ingestion", report: expect.objectContaining({ ok: true }) }]);
    expect(formatPromotionReport(report)).toContain("schedules of job ingestion in prod:");
  });

  it("refuses a job that staging does not have", async () => {
    const c = catalog();
    const report = await promote(context(c), { services: [], jobs: [job(c, "ingestion")] });
    expect(report.targets[0]).toMatchObject({ status: "refused" });
    expect(report.targets[0]!.reason).toContain("dagger call deploy-job --job=ingestion --env=staging --credentials=env://GCP_CREDENTIALS");
    expect(scheduler.fake.mutatingCalls()).toEqual([]); // a job not promoted gets no schedule in prod
    expect(report.schedules).toBeUndefined();
  });
});
