/**
 * The live end-to-end test: releases the example to a throwaway pair of environments in a scratch
 * Google Cloud project, checks what users would see, rolls back, promotes, and deletes everything
 * it created. Run by .github/workflows/live-e2e.yml (manual dispatch, Workload Identity
 * Federation); it cannot run on the development machines (no Dagger engine, no Google Cloud).
 *
 *   dagger call -m test/live run --project=SCRATCH --region=europe-west1 --run-id=42 \
 *     --git-sha=$(git rev-parse HEAD) --credentials=file://creds.json
 *   dagger call -m test/live cleanup --project=SCRATCH --region=europe-west1 --run-id=42 --credentials=file://creds.json
 *
 * The catalog of the run is built by ./overlay.ts and the gcloud commands by ./gcloud.ts (both
 * pure and tested in test/live-tests on the development machines).
 */
import {
  argument, CloudRunPipelineFormat, CloudRunPipelineReleaseFormat, type Container, dag, type Directory, func, object, ReturnType, type Secret,
} from "@dagger.io/dagger";
import { cleanupCommands, type Command, leftoverQueries, leftoverReport, setupCommands, shellLine } from "./gcloud.js";
import { LIVE_ENVIRONMENTS, liveCatalog, type LivePlan, markRelease } from "./overlay.js";

/** gcloud, pinned by tag and digest (the tag's digest as two public Dockerfiles pin it). */
const GCLOUD_IMAGE = "gcr.io/google.com/cloudsdktool/google-cloud-cli:562.0.0-slim@sha256:0da2de42ae51cd6092b5caf7c96d25003659fd15548760eb4c50c2623e7bf9c2";
const CATALOG = "pipelines";
const CREDENTIALS_PATH = "/run/secrets/gcp-credentials.json";

interface Outcome { exitCode: number; stdout: string; stderr: string }
interface ServiceStatus { service: string; exists: boolean; url?: string; serving?: { revision: string; image?: string } }

/** One line of the report: what was checked and whether it held. */
class Checks {
  readonly lines: string[] = [];
  failed = 0;
  pass(what: string): void {
    this.lines.push(`PASS ${what}`);
  }
  fail(what: string, why: string): void {
    this.failed++;
    this.lines.push(`FAIL ${what}: ${why}`);
  }
  async step(what: string, run: () => Promise<void>): Promise<boolean> {
    try {
      await run();
      this.pass(what);
      return true;
    } catch (err) {
      this.fail(what, err instanceof Error ? err.message : String(err));
      return false;
    }
  }
}

@object()
export class CloudRunPipelineLive {
  /** This repository: its example catalog and apps are what the run releases. */
  @func()
  repo: Directory;

  constructor(
    /** The repository root: "/" is the root of the git repository test/live is loaded from. */
    @argument({ defaultPath: "/", ignore: ["**/node_modules", "**/.venv", "**/__pycache__", "ci/sdk", "test/e2e/sdk", "test/live/sdk", ".git", ".tools"] })
    repo: Directory,
  ) {
    this.repo = repo;
  }

  /**
   * Releases the example (services playground and alie, the ingestion job and its schedule, the
   * three sites) to environments e2e-a and e2e-b of the scratch project, checks URLs, health, a
   * rollback and a promotion, then deletes everything it created (unless --keep). Fails after
   * cleanup when a check failed or anything is left, with the delete command of each leftover.
   *
   * Example: dagger call -m test/live run --project=my-scratch --region=europe-west1 --run-id=42 --git-sha=$(git rev-parse HEAD) --credentials=file://creds.json
   */
  @func({ cache: "never" })
  async run(
    /** The scratch project: everything is created and deleted there. */
    project: string,
    /** Credentials of a deployer allowed to create and delete in the scratch project (WIF credential file). */
    credentials: Secret,
    /** Unique per run, 1-8 lowercase letters/digits (the workflow passes its run number). */
    runId: string,
    /** The commit being tested (image tags and the commit label). */
    gitSha: string,
    region = "europe-west1",
    /** Keep what the run created (to look at it); delete it later with `cleanup`. */
    keep = false,
  ): Promise<string> {
    const { source, plan } = await this.prepare(project, region, runId);
    const checks = new Checks();
    const gcloud = this.gcloud(credentials);
    try {
      if (await checks.step("setup: APIs, repository, runtime account, buckets, secrets", () => this.setup(gcloud, plan))) {
        await this.release(checks, gcloud, plan, source, credentials, gitSha);
      }
    } finally {
      if (keep) checks.lines.push(`KEPT everything of run ${runId}; delete it with: dagger call -m test/live cleanup --project=${project} --region=${region} --run-id=${runId} --credentials=...`);
      else checks.lines.push(await this.deleteAll(gcloud, plan, checks));
    }
    const report = [`live e2e run ${runId} in ${project} (${region}), environments ${LIVE_ENVIRONMENTS.join(", ")}`, ...checks.lines].join("\n");
    if (checks.failed) throw new Error(`${checks.failed} check(s) failed:\n${report}`);
    return report;
  }

  /**
   * Deletes what run `--run-id` created in the scratch project (after a run with --keep, or when a
   * run's own cleanup failed) and lists what is still there. Fails when anything is left.
   *
   * Example: dagger call -m test/live cleanup --project=my-scratch --region=europe-west1 --run-id=42 --credentials=file://creds.json
   */
  @func({ cache: "never" })
  async cleanup(project: string, credentials: Secret, runId: string, region = "europe-west1"): Promise<string> {
    const { plan } = await this.prepare(project, region, runId);
    const checks = new Checks();
    const report = await this.deleteAll(this.gcloud(credentials), plan, checks);
    if (checks.failed) throw new Error(report);
    return report;
  }

  /** The run's catalog written into a copy of the repository (without dagger.json: this is a user's repository now). */
  private async prepare(project: string, region: string, runId: string): Promise<{ source: Directory; plan: LivePlan }> {
    const catalog = this.repo.directory(CATALOG);
    const paths = (await Promise.all(["project.yaml", "services/*.yaml", "jobs/*.yaml", "sites/*.yaml"].map((p) => catalog.glob(p)))).flat();
    const files = Object.fromEntries(await Promise.all(paths.map(async (p) => [p, await catalog.file(p).contents()] as const)));
    const { files: live, plan } = liveCatalog(files, { project, region, runId });
    let dir = dag.directory();
    for (const [path, text] of Object.entries(live)) dir = dir.withNewFile(path, text);
    return { source: this.repo.withoutFile("dagger.json").withoutDirectory(CATALOG).withDirectory(CATALOG, dir), plan };
  }

  /** A gcloud container logged in with the credentials; each exec runs anew (never a cached result). */
  private gcloud(credentials: Secret): (command: Command, stdin?: string) => Promise<Outcome> {
    const base: Container = dag
      .container()
      .from(GCLOUD_IMAGE)
      .withMountedSecret(CREDENTIALS_PATH, credentials)
      .withEnvVariable("CLOUDSDK_CORE_DISABLE_PROMPTS", "1")
      .withEnvVariable("RUN_STARTED", new Date().toISOString())
      .withExec(["gcloud", "auth", "login", `--cred-file=${CREDENTIALS_PATH}`, "--quiet"]);
    let n = 0;
    return async (command, stdin) => {
      const ran = base.withEnvVariable("COMMAND_NUMBER", String(++n)).withExec(command, { expect: ReturnType.Any, ...(stdin !== undefined ? { stdin } : {}) });
      return { exitCode: await ran.exitCode(), stdout: await ran.stdout(), stderr: await ran.stderr() };
    };
  }

  private async setup(gcloud: (c: Command, stdin?: string) => Promise<Outcome>, plan: LivePlan): Promise<void> {
    for (const command of setupCommands(plan)) {
      const stdin = command.includes("--data-file=-") ? `throwaway value of live e2e run ${plan.runId}` : undefined;
      const out = await gcloud(command, stdin);
      // A rerun after a failed setup finds what the first attempt created.
      if (out.exitCode !== 0 && !/already exists|ALREADY_EXISTS/i.test(out.stderr)) throw new Error(`${shellLine(command)} exited ${out.exitCode}: ${out.stderr.trim()}`);
    }
  }

  private async release(checks: Checks, gcloud: (c: Command) => Promise<Outcome>, plan: LivePlan, source: Directory, credentials: Secret, gitSha: string): Promise<void> {
    const [envA, envB] = LIVE_ENVIRONMENTS;
    const pipeline = dag.cloudRunPipeline({ source, gitSha });
    const status = async (env: string): Promise<ServiceStatus[]> => JSON.parse(await pipeline.status(credentials, { env, format: CloudRunPipelineFormat.Json })) as ServiceStatus[];

    const released = await checks.step(`deploy-all --env=${envA} --preflight (services, job, schedule, sites)`, async () => {
      await pipeline.deployAll(credentials, { env: envA, preflight: true, format: CloudRunPipelineReleaseFormat.Json });
    });
    if (!released) return;

    const first = await status(envA);
    for (const service of plan.services) {
      const s = first.find((x) => x.service === service.name);
      await checks.step(`${service.name} serves one revision by digest in ${envA}`, async () => {
        if (!s?.exists || !s.url) throw new Error(`status reports no URL: ${JSON.stringify(s)}`);
        if (!s.serving?.image?.includes("@sha256:")) throw new Error(`not serving one revision by digest: ${JSON.stringify(s.serving)}`);
      });
      if (!s?.url) continue;
      const url = `${s.url}${service.healthPath}`;
      await checks.step(`${service.name} ${service.public ? "answers 200 on" : "refuses an unauthenticated call to"} ${url}`, async () => {
        const out = await gcloud(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "30", url]);
        const code = out.stdout.trim();
        const ok = service.public ? code === "200" : code === "401" || code === "403";
        if (!ok) throw new Error(`HTTP ${code} ${out.stderr.trim()}`);
      });
    }
    for (const job of plan.jobs) {
      const name = job.cloudRunNames[envA]!;
      await checks.step(`job ${name} exists`, () => this.expectListed(gcloud, ["gcloud", "run", "jobs", "describe", name, `--region=${plan.region}`, "--format=value(metadata.name)", `--project=${plan.project}`], name));
    }
    for (const schedule of plan.schedules) {
      const id = schedule.ids[envA]!;
      await checks.step(`schedule ${id} exists`, () => this.expectListed(gcloud, ["gcloud", "scheduler", "jobs", "describe", id, `--location=${plan.region}`, "--format=value(name)", `--project=${plan.project}`], id));
    }
    for (const site of plan.sites) {
      const object = `gs://${site.bucket}/${site.prefixes[envA]}index.html`;
      await checks.step(`site ${site.name} published ${object}`, () => this.expectListed(gcloud, ["gcloud", "storage", "ls", object, `--project=${plan.project}`], object));
    }

    // Rollback: a second release of the first public service (its configuration changed by one
    // environment variable, so a new revision), then rollback must serve the first revision again.
    const service = plan.services.find((s) => s.public) ?? plan.services[0];
    const before = first.find((x) => x.service === service?.name)?.serving?.revision;
    if (service && before) {
      const file = `${CATALOG}/${service.file}`;
      const changed = source.withNewFile(file, markRelease(await source.file(file).contents(), 2));
      const second = dag.cloudRunPipeline({ source: changed, gitSha });
      const redeployed = await checks.step(`second deploy of ${service.name} makes a new revision`, async () => {
        await second.deploy(service.name, credentials, { env: envA, format: CloudRunPipelineReleaseFormat.Json });
        const now = (await status(envA)).find((x) => x.service === service.name)?.serving?.revision;
        if (!now || now === before) throw new Error(`serving ${now ?? "nothing"}, the first revision was ${before}`);
      });
      if (redeployed) {
        await checks.step(`rollback --service=${service.name} serves ${before} again`, async () => {
          await pipeline.rollback(service.name, credentials, { env: envA, format: CloudRunPipelineFormat.Json });
          const now = (await status(envA)).find((x) => x.service === service.name)?.serving?.revision;
          if (now !== before) throw new Error(`serving ${now ?? "nothing"} after rollback`);
        });
      }
    }

    // Promotion: e2e-b gets exactly the digests e2e-a serves.
    await checks.step(`promote --from=${envA} --to=${envB} --all: same digests`, async () => {
      await pipeline.promote(envA, envB, credentials, { all: true, format: CloudRunPipelineFormat.Json });
      const [a, b] = await Promise.all([status(envA), status(envB)]);
      for (const s of plan.services) {
        const from = a.find((x) => x.service === s.name)?.serving?.image;
        const to = b.find((x) => x.service === s.name)?.serving?.image;
        if (!from || from !== to) throw new Error(`${s.name}: ${envA} serves ${from ?? "nothing"}, ${envB} serves ${to ?? "nothing"}`);
      }
    });
  }

  private async expectListed(gcloud: (c: Command) => Promise<Outcome>, command: Command, name: string): Promise<void> {
    const out = await gcloud(command);
    if (out.exitCode !== 0 || !out.stdout.includes(name)) throw new Error(`${shellLine(command)} exited ${out.exitCode}: ${(out.stderr || out.stdout).trim()}`);
  }

  /** Runs every delete (a resource already gone is fine), then lists what carries the run's id. */
  private async deleteAll(gcloud: (c: Command) => Promise<Outcome>, plan: LivePlan, checks: Checks): Promise<string> {
    const errors: string[] = [];
    for (const command of cleanupCommands(plan)) {
      const out = await gcloud(command);
      if (out.exitCode !== 0 && !/not found|NOT_FOUND|does not exist|404/i.test(out.stderr)) errors.push(`  ${shellLine(command)}: ${out.stderr.trim()}`);
    }
    const found = [];
    for (const query of leftoverQueries(plan)) {
      const out = await gcloud(query.command);
      if (out.exitCode !== 0) errors.push(`  could not list ${query.kind}s (${shellLine(query.command)}): ${out.stderr.trim()}`);
      found.push({ kind: query.kind, names: out.exitCode === 0 ? out.stdout.split("\n") : [] });
    }
    const report = leftoverReport(plan, found);
    if (report.includes("LEFT") || errors.length) checks.fail("cleanup", [report, ...errors].join("\n"));
    else checks.pass("cleanup: deleted everything the run created");
    return [report, ...(errors.length ? ["cleanup errors:", ...errors] : [])].join("\n");
  }
}
