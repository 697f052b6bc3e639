/**
 * cloud-run-pipeline: verify, build and release a monorepo of Dockerized Python services, Cloud
 * Run jobs and MkDocs sites, described by the YAML catalog in pipelines/.
 *
 *   dagger call verify                      # the pre-merge check, every target
 *   dagger call list                        # what the catalog holds
 *   dagger call build --service=alie        # the service's image, as a Container
 */
import { argument, type Container, type Directory, func, object, type Secret, type Service } from "@dagger.io/dagger";
import { findBuildable, findSite } from "./catalog/lookup.js";
import type { Catalog } from "./catalog/parse.js";
import { DEFAULT_CATALOG_DIR, loadCatalog } from "./catalog/read.js";
import { localServiceSettings, servableService } from "./catalog/serve-env.js";
import { catalogJson, summarizeCatalog } from "./catalog/summary.js";
import { Checks, type ChecksInput, runChecks } from "./commands/checks.js";
import { DeployStrategy, Format, ReleaseFormat } from "./commands/choices.js";
import { type CommandInput, parseFormat, suggestCallFor } from "./commands/context.js";
import {
  deployAllCommand, deployCommand, deployJobCommand, planCommand, planJobCommand, preflightCommand, promoteCommand, publishCommand,
  publishSiteCommand, rollbackCommand, rollbackJobCommand, schedulesCommand, statusCommand,
  previewCleanupCommand, previewCommand, previewSiteCommand, pruneRevisionsCommand,
} from "./commands/on-first-use.js";
import { monitoringCommand } from "./commands/on-first-use.js";
import { buildSite } from "./containers/docs.js";
import { localService } from "./containers/serve.js";
import { initCatalog } from "./init/inspect.js";
import { BUNDLED_EXAMPLE_NOTICE, isModuleRepository, reportOn, withNote } from "./source/bundled.js";
import { resolveCheckCommit, resolveGitSha } from "./source/git.js";
import { runAll } from "./verify/run.js";
import { newRunId, targetImage, type TargetRun, type TargetStepKind, targetSteps } from "./verify/target-steps.js";
import { reportDirectory } from "./verify/verify-report.js";
import { catalogFailure, verifyAll } from "./verify/verify.js";

@object()
export class CloudRunPipeline {
  /** The repository: pipelines/ (the catalog) and everything it points at. */
  @func()
  source: Directory;

  /** Commit SHA used for image tags and build args; read from .git when empty. */
  @func()
  gitSha: string;

  /** The catalog folder inside source (project.yaml, services/, jobs/, sites/). */
  @func()
  catalog: string;

  /** `ID=value` lines for the build secrets the catalog's build.secrets names. */
  buildSecrets?: Secret;

  constructor(
    /** The repository root (defaults to the folder holding dagger.json). */
    @argument({
      // gha-creds-*.json: google-github-actions/auth writes it into the workspace; it must not be
      // uploaded with the source. .tools: local tool installs (test servers, Python venv).
      // .git: only what the commit lookup reads (source/git.ts): HEAD, refs/, packed-refs; a
      // worktree's or submodule's .git file is kept too (`.git/*` does not match it).
      defaultPath: "/",
      ignore: [
        "**/node_modules", "**/.venv", "**/__pycache__", "**/.pytest_cache", "**/.ruff_cache", "ci/sdk",
        ".git/*", "!.git/HEAD", "!.git/refs", "!.git/packed-refs", ".tools", "gha-creds-*.json",
      ],
    })
    source: Directory,
    /** Commit SHA (e.g. $GITHUB_SHA); read from the source's .git when omitted. */
    gitSha = "",
    /** The catalog folder, relative to source (e.g. deploy/catalog). */
    catalog = DEFAULT_CATALOG_DIR,
    /** Build secrets for private package indexes: `ID=value` lines (file://build-secrets.env, env://VAR, cmd://...). */
    buildSecrets?: Secret,
  ) {
    this.source = source;
    this.gitSha = gitSha;
    this.catalog = catalog;
    this.buildSecrets = buildSecrets;
  }

  /**
   * What the catalog holds: project, environments, services, jobs and sites.
   *
   * Example: dagger call list
   * Example: dagger call list --format=json
   */
  @func()
  async list(
    /** text (default) or json: --format=json. */
    format: Format = Format.Text,
  ): Promise<string> {
    const out = parseFormat(format);
    return this.report(async () => {
      const catalog = await this.readCatalog();
      return out === "json" ? catalogJson(catalog) : summarizeCatalog(catalog);
    }, out);
  }

  /**
   * Build a service's (or job's) image from its own Dockerfile and context (its .dockerignore
   * applies), for linux/amd64, with the catalog's build args, the commit under build.commitArg
   * (GIT_SHA by default) and the build secrets it names.
   *
   * Example: dagger call build --service=alie
   * Example: dagger call build --service=playground as-service --use-entrypoint up --ports=8080:8080
   */
  @func()
  async build(
    /** Service or job name from the catalog. */
    service: string,
  ): Promise<Container> {
    const run = await this.targetRun();
    return targetImage(run, findBuildable(run.catalog, service));
  }

  /**
   * Run a service's built image locally as a Dagger service: the catalog's test databases bound
   * by alias (as its tests reach them), its environment (run.env with the default environment's
   * overrides, then test.env over it, then PORT), run.port exposed, and the image's ENTRYPOINT
   * (or run.command / run.args). Secrets are NOT provided: nothing from run.secrets (Secret
   * Manager) is read, so a name only a secret sets is missing unless test.env gives it a value.
   *
   * Example: dagger call serve --service=cloud up --ports=8080:8080
   */
  @func()
  async serve(
    /** Service name from the catalog. */
    service: string,
  ): Promise<Service> {
    const run = await this.targetRun();
    const spec = servableService(run.catalog, service);
    return localService(await targetImage(run, spec), spec, localServiceSettings(run.catalog, spec), newRunId());
  }

  /**
   * Lint a service or job with its own lint commands (ruff check and ruff format --check by default).
   *
   * Example: dagger call lint --service=cloud
   */
  @func()
  async lint(
    /** Service or job name from the catalog. */
    service: string,
  ): Promise<string> {
    return this.targetChecks(service, "lint");
  }

  /**
   * Run a service's or job's tests in a container, with its declared databases (postgres, redis,
   * mysql) started as services and reachable by their alias.
   *
   * Example: dagger call test --service=cloud
   */
  @func()
  async test(
    /** Service or job name from the catalog. */
    service: string,
  ): Promise<string> {
    return this.targetChecks(service, "test");
  }

  /**
   * Security scans of a service or job: bandit (code), pip-audit (locked dependencies), trivy
   * (the built image), hadolint (Dockerfile) and gitleaks (leaked secrets). Fails with every
   * scanner's findings at or above the catalog's severity threshold.
   *
   * Results are kept for the session only, and the vulnerability data is refreshed daily.
   *
   * Example: dagger call scan --service=alie
   */
  @func({ cache: "session" })
  async scan(
    /** Service or job name from the catalog. */
    service: string,
  ): Promise<string> {
    return this.targetChecks(service, "scan");
  }

  /**
   * Build an MkDocs site with `mkdocs build --strict`; returns the built site.
   *
   * Example: dagger call docs --site=docs export --path=./site
   */
  @func()
  async docs(
    /** Site name from the catalog. */
    site: string,
  ): Promise<Directory> {
    const catalog = await this.readCatalog();
    return buildSite(this.source, findSite(catalog, site), catalog.files[`site:${site}`]);
  }

  /**
   * The pre-merge check: validate the catalog, then build, lint, test and scan every service and
   * job, build every site, and scan the repository for secrets, all in parallel. Fails with ONE
   * error listing every failed step with its command, exit code and the tail of its output.
   *
   * Results are kept for the session only, and the vulnerability data is refreshed daily. Without
   * a readable .git (a tarball, a git worktree) images build with the placeholder commit 0000000
   * and the report starts by saying so; pass --git-sha for the real one.
   *
   * Example: dagger call verify
   * Example: dagger call --git-sha=$GITHUB_SHA verify
   */
  @func({ cache: "session" })
  async verify(): Promise<string> {
    return runChecks(this.checksInput());
  }

  /**
   * verify's steps, reported where people look instead of failing: SARIF per scanner and target
   * (trivy, bandit, hadolint, gitleaks: sarif/<tool>-<target>.sarif, for code scanning), pytest's
   * JUnit XML (junit/<target>.xml) and summary.md (each step OK / FAIL with the first lines of
   * each failure). Findings do not fail it: the report is the output; verify still fails.
   *
   * Example: dagger call verify-report export --path=reports
   */
  @func({ cache: "session" })
  async verifyReport(): Promise<Directory> {
    const notice = (await isModuleRepository(this.source)) ? BUNDLED_EXAMPLE_NOTICE : undefined;
    let catalog: Catalog;
    try {
      catalog = await this.readCatalog();
    } catch (err) {
      return reportDirectory(catalogFailure(err), notice);
    }
    const commit = await resolveCheckCommit(this.source, this.gitSha);
    const notes = [notice, commit.note].filter(Boolean).join("\n\n") || undefined;
    return reportDirectory(await verifyAll({ ...this.run(catalog), gitSha: commit.sha, reports: true }), notes);
  }

  /**
   * A starting catalog for a repository that has none: one service or job per Dockerfile (saying which it guessed and why), one site per mkdocs.yml, project.yaml with REPLACE placeholders, and schema.json for editor completion. Never overwrites an existing catalog.
   *
   * Example: dagger call --source=. init export --path=.
   */
  @func()
  async init(): Promise<Directory> {
    return initCatalog(this.source, this.catalog);
  }

  /**
   * The checks `dagger check` runs, one kind each over the whole catalog: catalog, builds, lint,
   * tests, scans, docs, secrets (verify runs them all at once). Without a readable .git they build
   * with the placeholder commit 0000000 and say so; pass --git-sha for the real one.
   *
   * Example: dagger check -l                                (lists cloud-run-pipeline:checks:lint ...)
   * Example: dagger check cloud-run-pipeline:checks:lint
   * Example: dagger call checks scans
   */
  @func()
  checks(): Checks {
    return new Checks(this.source, this.gitSha, this.catalog, this.buildSecrets);
  }

  /**
   * Build a service and push it to Artifact Registry as
   * REGION-docker.pkg.dev/PROJECT/REPO/SERVICE:<short-sha> (plus the catalog's extra tags), with a
   * fresh access token per push. Returns the digest reference deploys use.
   *
   * Example: dagger call publish --service=alie --credentials=env://GCP_CREDENTIALS --env=staging
   */
  @func({ cache: "never" })
  async publish(
    /** Service or job name from the catalog. */
    service: string,
    /** Service-account key JSON, Workload Identity Federation JSON, or an access token. */
    credentials: Secret,
    /** Environment from pipelines/project.yaml (default: its defaultEnvironment). */
    env = "",
  ): Promise<string> {
    return this.report(async () => publishCommand(await this.input(credentials, env), service));
  }

  /**
   * Release a service: lint, tests and scans, then publish by digest, then create or update the
   * Cloud Run service behind a health gate. blue-green (default; typed --strategy=blue_green): new
   * revision at 0% with a tag, probe its tag URL, then 100% to it, or restore the exact previous
   * traffic and fail with why. --strategy=direct: 100% to the new revision once it is ready.
   * Unchanged image and configuration: nothing is changed. Live template settings the catalog does
   * not manage (a sidecar, a volume, args...) make it refuse, naming them, unless --drop-unmanaged.
   *
   * Example: dagger call deploy --service=alie --credentials=env://GCP_CREDENTIALS
   * Example: dagger call deploy --service=cloud --env=prod --strategy=direct --credentials=env://GCP_CREDENTIALS
   * Example: dagger call deploy --service=alie --drop-unmanaged --credentials=env://GCP_CREDENTIALS
   * Example: dagger call deploy --service=alie --strategy=blue_green --format=markdown --credentials=env://GCP_CREDENTIALS
   */
  @func({ cache: "never" })
  async deploy(
    /** Service name from the catalog. */
    service: string,
    /** Service-account key JSON, Workload Identity Federation JSON, or an access token. */
    credentials: Secret,
    /** Environment from pipelines/project.yaml (default: its defaultEnvironment). */
    env = "",
    /** --strategy=blue_green or --strategy=direct (default: the project's deploy.strategy). blue-green is typed with an underscore: a hyphen cannot be in an enum name. */
    strategy?: DeployStrategy,
    /** Print what would change (plan) and change nothing: no push, no mutating call. */
    dryRun = false,
    /** Emergencies only: release without lint, tests and scans (reported loudly). */
    skipChecks = false,
    /** text (default), json or markdown (e.g. for $GITHUB_STEP_SUMMARY): --format=markdown. */
    format: ReleaseFormat = ReleaseFormat.Text,
    /** Deploy even though the live template has settings the catalog does not manage (a sidecar, a volume, args...): they are removed, and the report says which. */
    dropUnmanaged = false,
    /** Run preflight for this service first (APIs, registry, service account, secrets, Cloud SQL, permissions) and stop, changing nothing, on any FAIL. */
    preflight = false,
  ): Promise<string> {
    return this.report(async () => {
      const input = await this.input(credentials, env);
      // Left out, --strategy arrives undefined: "" means the project's deploy.strategy.
      const chosen = strategy ?? "";
      return dryRun ? planCommand(input, service, format, chosen, true) : deployCommand(input, service, { strategy: chosen, skipChecks, format, dropUnmanaged, preflight });
    }, format);
  }

  /**
   * Release the whole catalog with one report: every service (health-gated), every job, every
   * site in parallel (at most deploy.concurrency of each at once), then every schedule. One
   * failure neither stops nor rolls back the others.
   *
   * Example: dagger call deploy-all --env=staging --credentials=env://GCP_CREDENTIALS
   */
  @func({ cache: "never" })
  async deployAll(
    /** Service-account key JSON, Workload Identity Federation JSON, or an access token. */
    credentials: Secret,
    /** Environment from pipelines/project.yaml (default: its defaultEnvironment). */
    env = "",
    /** --strategy=blue_green or --strategy=direct (default: the project's deploy.strategy). blue-green is typed with an underscore: a hyphen cannot be in an enum name. */
    strategy?: DeployStrategy,
    /** Emergencies only: release without lint, tests and scans (reported loudly). */
    skipChecks = false,
    /** Delete Cloud Scheduler jobs this pipeline created that the catalog no longer lists. */
    prune = false,
    /** text (default), json or markdown (e.g. for $GITHUB_STEP_SUMMARY): --format=markdown. */
    format: ReleaseFormat = ReleaseFormat.Text,
    /** Deploy services and jobs even though their live templates have settings the catalog does not manage (removing them). */
    dropUnmanaged = false,
    /** Run preflight for the whole catalog first and stop, changing nothing, on any FAIL. */
    preflight = false,
  ): Promise<string> {
    return this.report(async () => deployAllCommand(await this.input(credentials, env), { strategy: strategy ?? "", skipChecks, prune, format, dropUnmanaged, preflight }), format);
  }

  /**
   * Check everything a release of the catalog needs in one environment, before any build: APIs
   * enabled, the Artifact Registry repository (exists, DOCKER, the deployer can push), site buckets
   * (exist, writable), secrets (exist, enabled, readable by each runtime account), runtime and
   * scheduler service accounts (exist, the deployer can act as them), Cloud SQL instances (exist,
   * runtime account has roles/cloudsql.client), the deployer's Cloud Run and Scheduler permissions,
   * and that the credentials (Workload Identity Federation impersonation included) mint tokens.
   * Read-only: permissions are asked with testIamPermissions, never tried. A table with the gcloud
   * fix of each problem; fails on any FAIL (warnings do not fail).
   *
   * Example: dagger call preflight --env=prod --credentials=env://GCP_CREDENTIALS
   * Example: dagger call preflight --env=staging --format=json --credentials=env://GCP_CREDENTIALS
   */
  @func({ cache: "never" })
  async preflight(
    /** Service-account key JSON, Workload Identity Federation JSON, or an access token. */
    credentials: Secret,
    /** Environment from pipelines/project.yaml (default: its defaultEnvironment). */
    env = "",
    /** text (default) or json: --format=json. */
    format: Format = Format.Text,
  ): Promise<string> {
    return this.report(async () => preflightCommand(await this.input(credentials, env), format), format);
  }

  /**
   * Release a Cloud Run job: checks, publish by digest, create or update the job from the catalog
   * (unchanged: no call), sync its schedules; --execute runs it, --wait waits and fails when the
   * execution fails, with the execution name and where its logs are. With --execute, --args,
   * --clear-args, --execution-env, --tasks and --task-timeout change that one execution (never the
   * job); the report shows them as the execution read back has them (env: names only).
   *
   * Example: dagger call deploy-job --job=ingestion --credentials=env://GCP_CREDENTIALS
   * Example: dagger call deploy-job --job=ingestion --execute --wait --env=staging --credentials=env://GCP_CREDENTIALS
   * Example: dagger call deploy-job --job=ingestion --env=staging --execute --wait --args=--full-refresh --execution-env=RUN_MODE=backfill --tasks=4 --task-timeout=3600s --credentials=env://GCP_CREDENTIALS
   */
  @func({ cache: "never" })
  async deployJob(
    /** Job name from the catalog. */
    job: string,
    /** Service-account key JSON, Workload Identity Federation JSON, or an access token. */
    credentials: Secret,
    /** Environment from pipelines/project.yaml (default: its defaultEnvironment). */
    env = "",
    /** Run the job once after deploying it. */
    execute = false,
    /** With --execute: wait for the execution and fail if it fails. */
    wait = false,
    /** Emergencies only: release without lint, tests and scans (reported loudly). */
    skipChecks = false,
    /** text (default) or json: --format=json. */
    format: Format = Format.Text,
    /** Deploy even though the live job template has settings the catalog does not manage: they are removed, and the report says which. */
    dropUnmanaged = false,
    /** With --execute: the container's arguments for this execution, replacing the job's (comma-separated, or repeat the flag; an argument cannot contain a comma or quotes). */
    args: string[] = [],
    /** With --execute: run this execution with no arguments at all (not with --args). */
    clearArgs = false,
    /** With --execute: NAME=value variables merged over the job's env for this execution only (not a name from the job's run.secrets; values are never printed). */
    executionEnv: string[] = [],
    /** With --execute: the number of tasks of this execution, 1 to 10000 (default: the job's). */
    tasks?: number,
    /** With --execute: the timeout of each task of this execution, e.g. "3600s", at most "604800s" (168 hours; default: the job's). */
    taskTimeout = "",
  ): Promise<string> {
    const overrides = { args, clearArgs, executionEnv, tasks, taskTimeout };
    return this.report(async () => deployJobCommand(await this.input(credentials, env), job, { execute, wait, skipChecks, format, dropUnmanaged, overrides }), format);
  }

  /**
   * Redeploy the job's previous image digest (recorded on every update); jobs have no traffic.
   *
   * Example: dagger call rollback-job --job=ingestion --credentials=env://GCP_CREDENTIALS
   */
  @func({ cache: "never" })
  async rollbackJob(
    /** Job name from the catalog. */
    job: string,
    /** Service-account key JSON, Workload Identity Federation JSON, or an access token. */
    credentials: Secret,
    /** Environment from pipelines/project.yaml (default: its defaultEnvironment). */
    env = "",
    /** text (default) or json: --format=json. */
    format: Format = Format.Text,
  ): Promise<string> {
    return this.report(async () => rollbackJobCommand(await this.input(credentials, env), job, format), format);
  }

  /**
   * Make Cloud Scheduler match the catalog: job triggers (POST to the job's :run URL with an OAuth
   * token) and service endpoints (OIDC token for the service URL), created or updated, paused or
   * resumed. Schedules the catalog no longer lists are reported; --prune deletes them.
   *
   * Example: dagger call schedules --env=prod --credentials=env://GCP_CREDENTIALS
   */
  @func({ cache: "never" })
  async schedules(
    /** Service-account key JSON, Workload Identity Federation JSON, or an access token. */
    credentials: Secret,
    /** Environment from pipelines/project.yaml (default: its defaultEnvironment). */
    env = "",
    /** Delete schedules this pipeline created that the catalog no longer lists. */
    prune = false,
    /** text (default) or json: --format=json. */
    format: Format = Format.Text,
  ): Promise<string> {
    return this.report(async () => schedulesCommand(await this.input(credentials, env), prune, format), format);
  }

  /**
   * Make Cloud Monitoring match the catalog's `monitoring` settings: per service an uptime check of
   * its health path (private services checked with the Monitoring service agent's OIDC token) and
   * alert policies for uptime failure, 5xx ratio and p95/p99 latency; per job an alert on failed
   * executions; routed to notification channels by display name. Resources are found by the
   * labels the pipeline owns; ones it made that the catalog dropped are reported, --prune deletes
   * them; --dry-run shows the diff and changes nothing.
   *
   * Example: dagger call monitoring --env=prod --dry-run --credentials=env://GCP_CREDENTIALS
   */
  @func({ cache: "never" })
  async monitoring(
    /** Service-account key JSON, Workload Identity Federation JSON, or an access token. */
    credentials: Secret,
    /** Environment from pipelines/project.yaml (default: its defaultEnvironment). */
    env = "",
    /** Delete uptime checks and alert policies this pipeline created that the catalog no longer lists. */
    prune = false,
    /** Show what would change and change nothing. */
    dryRun = false,
    /** text (default) or json: --format=json. */
    format: Format = Format.Text,
  ): Promise<string> {
    return this.report(async () => monitoringCommand(await this.input(credentials, env), prune, dryRun, format), format);
  }

  /**
   * Build an MkDocs site and sync it to its bucket: only new or changed files are uploaded (md5
   * against the listing), with Cache-Control per glob and explicit Content-Types; objects the build
   * no longer has are deleted only with --delete-stale (`delete` is a reserved word in TypeScript,
   * so the flag is spelled out) and only after every upload succeeded.
   *
   * Example: dagger call publish-site --site=docs --credentials=env://GCP_CREDENTIALS
   * Example: dagger call publish-site --site=docs --env=prod --delete-stale --dry-run --credentials=env://GCP_CREDENTIALS
   */
  @func({ cache: "never" })
  async publishSite(
    /** Site name from the catalog. */
    site: string,
    /** Service-account key JSON, Workload Identity Federation JSON, or an access token. */
    credentials: Secret,
    /** Environment from pipelines/project.yaml (default: its defaultEnvironment). */
    env = "",
    /** Delete objects the build no longer has (after all uploads succeeded). */
    deleteStale = false,
    /** List what would change and change nothing. */
    dryRun = false,
    /** text (default), json or markdown (e.g. for $GITHUB_STEP_SUMMARY): --format=markdown. */
    format: ReleaseFormat = ReleaseFormat.Text,
  ): Promise<string> {
    return this.report(async () => publishSiteCommand(await this.input(credentials, env), site, { delete: deleteStale, dryRun, format }), format);
  }

  /**
   * Move 100% of traffic back to the revision that served healthily before the current one (from
   * the history deploys record on the service), or --to-revision, instantly and without a new
   * revision; tags stay where they are. Never picks a candidate that failed the health gate;
   * refuses a revision that is not ready or belongs to another service.
   *
   * Example: dagger call rollback --service=alie --credentials=env://GCP_CREDENTIALS
   * Example: dagger call rollback --service=alie --to-revision=alie-1a2b3c4-k3x9p --credentials=env://GCP_CREDENTIALS
   */
  @func({ cache: "never" })
  async rollback(
    /** Service name from the catalog. */
    service: string,
    /** Service-account key JSON, Workload Identity Federation JSON, or an access token. */
    credentials: Secret,
    /** Environment from pipelines/project.yaml (default: its defaultEnvironment). */
    env = "",
    /** Revision to restore (default: the one that served healthily before the current one). */
    toRevision = "",
    /** text (default) or json: --format=json. */
    format: Format = Format.Text,
  ): Promise<string> {
    return this.report(async () => rollbackCommand(await this.input(credentials, env), service, toRevision, format), format);
  }

  /**
   * Preview a pull request's change of a service: lint, tests and scans, the image published by
   * digest, then a new revision tagged pr-N that takes NO traffic (every revision keeps its exact
   * share; a service that does not exist yet is refused: first deploys go through deploy), probed
   * on its tag URL, which the report returns. A later preview of the same PR moves the tag.
   *
   * Example: dagger call preview --service=alie --pr=42 --credentials=env://GCP_CREDENTIALS
   * Example: dagger call preview --service=alie --pr=42 --env=dev --format=json --credentials=env://GCP_CREDENTIALS
   */
  @func({ cache: "never" })
  async preview(
    /** Service name from the catalog. */
    service: string,
    /** The pull request's number: the revision is tagged pr-N. */
    pr: number,
    /** Service-account key JSON, Workload Identity Federation JSON, or an access token. */
    credentials: Secret,
    /** Environment from pipelines/project.yaml (default: its defaultEnvironment). */
    env = "",
    /** Emergencies only: preview without lint, tests and scans (reported loudly). */
    skipChecks = false,
    /** Preview even though the live template has settings the catalog does not manage: the preview revision lacks them. */
    dropUnmanaged = false,
    /** text (default), json or markdown (e.g. for a pull-request comment): --format=markdown. */
    format: ReleaseFormat = ReleaseFormat.Text,
  ): Promise<string> {
    return this.report(async () => previewCommand(await this.input(credentials, env), service, { pr, skipChecks, dropUnmanaged, format }), format);
  }

  /**
   * Preview a pull request's change of a site: built and synced under PREFIX/pr-N/ of its bucket
   * (or of the catalog's preview.bucket); stale files are deleted inside that prefix only, and the
   * bucket's website configuration is left alone. The report gives the preview's URL.
   *
   * Example: dagger call preview-site --site=asql-docs --pr=42 --credentials=env://GCP_CREDENTIALS
   */
  @func({ cache: "never" })
  async previewSite(
    /** Site name from the catalog. */
    site: string,
    /** The pull request's number: the site is published under pr-N/. */
    pr: number,
    /** Service-account key JSON, Workload Identity Federation JSON, or an access token. */
    credentials: Secret,
    /** Environment from pipelines/project.yaml (default: its defaultEnvironment). */
    env = "",
    /** text (default), json or markdown: --format=markdown. */
    format: ReleaseFormat = ReleaseFormat.Text,
  ): Promise<string> {
    return this.report(async () => previewSiteCommand(await this.input(credentials, env), site, { pr, format }), format);
  }

  /**
   * End a pull request's previews: the pr-N tag removed from every service (or --service) with
   * every share kept, the PR's preview revisions that serve nothing and carry no other tag
   * deleted, and every site's pr-N/ prefix deleted (only objects under it). Reported from state
   * read back; running it again finds nothing left.
   *
   * Example: dagger call preview-cleanup --pr=42 --credentials=env://GCP_CREDENTIALS
   * Example: dagger call preview-cleanup --pr=42 --service=alie --format=json --credentials=env://GCP_CREDENTIALS
   */
  @func({ cache: "never" })
  async previewCleanup(
    /** The pull request's number whose previews are removed. */
    pr: number,
    /** Service-account key JSON, Workload Identity Federation JSON, or an access token. */
    credentials: Secret,
    /** Environment from pipelines/project.yaml (default: its defaultEnvironment). */
    env = "",
    /** One service from the catalog (default: every service and every site). */
    service = "",
    /** text (default) or json: --format=json. */
    format: Format = Format.Text,
  ): Promise<string> {
    return this.report(async () => previewCleanupCommand(await this.input(credentials, env), { pr, service, format }), format);
  }

  /**
   * Delete a service's old revisions (Cloud Run's revision quota): only those that serve no
   * traffic, carry no tag and are neither the latest created nor the latest ready one; the K
   * newest of those are kept. --dry-run lists them and deletes nothing.
   *
   * Example: dagger call prune-revisions --service=alie --keep=10 --dry-run --credentials=env://GCP_CREDENTIALS
   */
  @func({ cache: "never" })
  async pruneRevisions(
    /** Service name from the catalog. */
    service: string,
    /** How many of the unused revisions to keep, newest first. */
    keep: number,
    /** Service-account key JSON, Workload Identity Federation JSON, or an access token. */
    credentials: Secret,
    /** Environment from pipelines/project.yaml (default: its defaultEnvironment). */
    env = "",
    /** List what would be deleted and delete nothing. */
    dryRun = false,
    /** text (default) or json: --format=json. */
    format: Format = Format.Text,
  ): Promise<string> {
    return this.report(async () => pruneRevisionsCommand(await this.input(credentials, env), service, { keep, dryRun, format }), format);
  }

  /**
   * Live state of one or every service: URL, traffic split, image digest, commit, revisions.
   * --all-envs reads every declared environment instead and prints one table (service, env,
   * revision, digest) marking DRIFT where the environments running a service run different digests.
   *
   * Example: dagger call status --credentials=env://GCP_CREDENTIALS
   * Example: dagger call status --service=alie --env=prod --format=json --credentials=env://GCP_CREDENTIALS
   * Example: dagger call status --all-envs --credentials=env://GCP_CREDENTIALS
   */
  @func({ cache: "never" })
  async status(
    /** Service-account key JSON, Workload Identity Federation JSON, or an access token. */
    credentials: Secret,
    /** Service name (default: every service). */
    service = "",
    /** Environment from pipelines/project.yaml (default: its defaultEnvironment). */
    env = "",
    /** text (default) or json: --format=json. */
    format: Format = Format.Text,
    /** Read every declared environment (not with --env): the digest each one serves per service, DRIFT where they differ. */
    allEnvs = false,
  ): Promise<string> {
    return this.report(async () => statusCommand(await this.input(credentials, env), service, format, { allEnvs }), format);
  }

  /**
   * Promote what one environment runs into another without rebuilding: the exact image digest
   * serving 100% of each service in --from (refused, saying why, when its traffic is split, nothing
   * serves, or the revision was not deployed by this pipeline), released into --to with --to's
   * catalog settings behind the same health gate and rollback as deploy; jobs get their current
   * digest (not executed). --to pulls the image from --from's Artifact Registry. The report proves,
   * from both environments read back, that --to now serves the digest --from serves. A protected
   * --to needs --confirm=<its name>, checked before anything is read.
   *
   * Example: dagger call promote --from=staging --to=prod --service=alie --confirm=prod --credentials=env://GCP_CREDENTIALS
   * Example: dagger call promote --from=dev --to=staging --all --credentials=env://GCP_CREDENTIALS
   * Example: dagger call promote --from=staging --to=prod --job=ingestion --confirm=prod --format=json --credentials=env://GCP_CREDENTIALS
   */
  @func({ cache: "never" })
  async promote(
    /** The environment whose running image is promoted (from pipelines/project.yaml). */
    from: string,
    /** The environment that receives it (from pipelines/project.yaml). */
    to: string,
    /** Service-account key JSON, Workload Identity Federation JSON, or an access token. */
    credentials: Secret,
    /** Service name from the catalog (with or without --job). */
    service = "",
    /** Job name from the catalog (with or without --service). */
    job = "",
    /** Every service and job of the catalog (not with --service or --job). */
    all = false,
    /** Required when --to is protected: the target environment's name, exactly (e.g. --confirm=prod). */
    confirm = "",
    /** text (default) or json: --format=json. */
    format: Format = Format.Text,
  ): Promise<string> {
    return this.report(async () => promoteCommand(await this.promotionInput(credentials), { from, to, service, job, all, confirm, format }), format);
  }

  /**
   * What deploy (or deploy-job) would change, field by field (env, secrets, resources, scaling,
   * probes, volumes, sidecars, ...), and the live settings the catalog does not manage, without any
   * mutating call. Give --service or --job.
   *
   * Example: dagger call plan --service=cloud --env=prod --credentials=env://GCP_CREDENTIALS
   * Example: dagger call plan --job=ingestion --env=prod --credentials=env://GCP_CREDENTIALS
   */
  @func({ cache: "never" })
  async plan(
    /** Service name from the catalog. */
    service = "",
    /** Service-account key JSON, Workload Identity Federation JSON, or an access token. */
    credentials: Secret,
    /** Environment from pipelines/project.yaml (default: its defaultEnvironment). */
    env = "",
    /** text (default) or json: --format=json. */
    format: Format = Format.Text,
    /** Job name from the catalog (instead of --service). */
    job = "",
  ): Promise<string> {
    return this.report(async () => {
      if (Boolean(service) === Boolean(job)) {
        throw new Error(`plan takes one target: give --service=NAME or --job=NAME${service ? ` (not both: got --service=${service} and --job=${job})` : ""}; \`dagger call list\` shows the names.`);
      }
      const input = await this.input(credentials, env);
      return job ? planJobCommand(input, job, format) : planCommand(input, service, format);
    }, format);
  }

  private checksInput(): ChecksInput {
    return { source: this.source, gitSha: this.gitSha, catalogDir: this.catalog, buildSecrets: this.buildSecrets };
  }

  /** lint, test or scan of one service or job; scan builds the image, with the placeholder commit when .git is unreadable. */
  private async targetChecks(service: string, kind: TargetStepKind): Promise<string> {
    return this.report(async () => {
      const catalog = await this.readCatalog();
      const commit = kind === "scan" ? await resolveCheckCommit(this.source, this.gitSha) : { sha: "" };
      const run = { ...this.run(catalog), gitSha: commit.sha };
      return withNote(commit.note, () => runAll(targetSteps(run, findBuildable(catalog, service), new Set([kind]))));
    });
  }

  /** build and serve: the image carries the commit, so an unknown one is an error (pass --git-sha), never the placeholder. */
  private async targetRun(): Promise<TargetRun> {
    const catalog = await this.readCatalog();
    return { ...this.run(catalog), gitSha: await this.sha() };
  }

  private run(catalog: Catalog): TargetRun {
    return { source: this.source, catalog, gitSha: "", buildSecrets: this.buildSecrets };
  }

  /**
   * A report, or the error it fails with, whose first line says so when the source is this
   * module's own repository (the bundled example), never a silent pass on the wrong repository.
   */
  private report(make: () => Promise<string>, format = "text"): Promise<string> {
    return reportOn(this.source, make, format);
  }

  private async input(credentials: Secret, env: string): Promise<CommandInput> {
    const catalog = await this.readCatalog();
    return { source: this.source, catalog, gitSha: await this.sha(), credentials, env: env || undefined, buildSecrets: this.buildSecrets, call: await suggestCallFor(credentials, catalog.dir) };
  }

  /** promote's input: no commit of its own (it ships what the source environment runs). */
  private async promotionInput(credentials: Secret): Promise<Omit<CommandInput, "gitSha" | "env">> {
    const catalog = await this.readCatalog();
    return { source: this.source, catalog, credentials, buildSecrets: this.buildSecrets, call: await suggestCallFor(credentials, catalog.dir) };
  }

  private readCatalog(): Promise<Catalog> {
    return loadCatalog(this.source, this.catalog);
  }

  private sha(): Promise<string> {
    return resolveGitSha(this.source, this.gitSha || undefined);
  }
}
