/**
 * The catalog's file formats. Every catalog file (project.yaml, services/*, jobs/*, sites/* of the
 * catalog folder) is one of these documents, told apart by `kind`. pipelines/schema.json is
 * generated from here (npm run schema).
 */
import { z } from "zod";
import {
  artifactRegistryLocation,
  bucketName,
  cloudRunEnvMap,
  command,
  cpu,
  durationSeconds,
  envMap,
  envVarName,
  fileInside,
  gcpProjectId,
  httpPath,
  labelKey,
  labelValue,
  memory,
  nameSuffix,
  pinnedImage,
  region,
  repoPath,
  resourceName,
  schedule,
  serviceAccount,
  severity,
  timeZone,
} from "./fields.js";
import { CanaryLimits, CanarySteps } from "./canary.js";
import { HooksSpec } from "./hooks.js";
import { JobMonitoringSpec, ProjectMonitoringSpec, ServiceMonitoringSpec } from "./monitoring.js";
import { MAX_REQUEST_TIMEOUT_SECONDS, MAX_TASK_TIMEOUT_SECONDS } from "./limits.js";
import {
  containerArgs,
  dnsLabel,
  executionEnvironment,
  GpuSpec,
  LivenessProbeSpec,
  ReadinessProbeSpec,
  SecretRef,
  ServiceScalingSpec,
  SidecarSpec,
  StartupProbeSpec,
  VolumeSpec,
  workingDir,
} from "./run-fields.js";

const environmentName = z.string().regex(/^[a-z][a-z0-9-]{0,19}$/, {
  error: 'must be a short lowercase name such as "dev", "staging" or "prod"',
});

export const BuildSpec = z.strictObject({
  /** Docker build context, relative to the repository root. Only this folder is sent to the build. */
  context: repoPath,
  /** Dockerfile path relative to the context (it must be inside it, as for `docker build`). */
  dockerfile: fileInside("the build context", '"Dockerfile" or "docker/Dockerfile"').default("Dockerfile"),
  /** Multi-stage target to build. */
  target: z.string().regex(/^[A-Za-z0-9_.-]+$/, { error: "must be a Dockerfile stage name" }).optional(),
  /** Build arguments, passed as written. */
  args: z.record(envVarName, z.string()).default({}),
  /** Build argument that receives the commit's short SHA (e.g. COMMIT); false sends none. */
  commitArg: z.union([envVarName, z.literal(false)], { error: "must be a build argument name such as GIT_SHA or COMMIT, or false" }).default("GIT_SHA"),
  /**
   * BuildKit secret ids the Dockerfile mounts (`RUN --mount=type=secret,id=ID`), e.g. a private
   * package index token. Values come from --build-secrets (`ID=value` lines); never in the image.
   */
  secrets: z.array(z.string().regex(/^[A-Za-z0-9_.-]+$/, { error: "secret ids are letters, digits, '.', '_' and '-'" })).default([]),
});

export const pythonManagers = ["uv", "poetry", "pdm", "pip", "pyproject"] as const;
export const PYTHON_VERSIONS = ["3.10", "3.11", "3.12", "3.13"] as const;

export const PythonSpec = z.strictObject({
  /** Folder lint, tests and scans run in, relative to the repository root (default: the Dockerfile's folder when it holds a Python project, else the build context). */
  project: repoPath.optional(),
  /** Package manager (default: detected from uv.lock, poetry.lock, pdm.lock, requirements*.txt, pyproject.toml). */
  manager: z.enum(pythonManagers, { error: `must be one of ${pythonManagers.join(", ")}` }).optional(),
  /** Python version (default: .python-version, else requires-python, else the Dockerfile's FROM python:X.Y, else 3.12). */
  version: z.enum(PYTHON_VERSIONS, { error: `must be a supported Python version: ${PYTHON_VERSIONS.join(", ")} (quote it: "3.12")` }).optional(),
  /** pip: requirements files to install, relative to the project folder (default: every requirements*.txt there). */
  requirements: z.array(fileInside("the project folder", '"requirements.txt"')).min(1).optional(),
  /** pyproject: optional-dependency extras installed for lint and tests (default: those of dev, test, tests, testing, lint the project declares). */
  extras: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: "must be an extra name" })).optional(),
});

export const TestDatabase = z.strictObject({
  /** Host name the tests reach it by (service binding alias). */
  alias: z.string().regex(/^[a-z][a-z0-9-]*$/, { error: "must be a lowercase host name such as \"postgres\"" }),
  /** Known engine whose pinned image the pipeline provides. */
  engine: z.enum(["postgres", "redis", "mysql"], { error: "must be one of postgres, redis, mysql (or give `image` pinned by digest)" }),
  /** Override the pinned image (must be pinned by tag and digest). */
  image: pinnedImage.optional(),
  /** Environment of the database container, e.g. POSTGRES_PASSWORD. */
  env: envMap.default({}),
  /** Port the tests connect to; defaults to the engine's port. */
  port: z.number().int().min(1).max(65535).optional(),
});

export const TestSpec = z.strictObject({
  /** Command run in the project folder, with the project's environment first on PATH. */
  command: command.default(["pytest", "-q"]),
  /** Environment for the tests; may refer to database aliases (postgres://...@postgres:5432/db). */
  env: envMap.default({}),
  /** Database / cache containers started for the tests and bound by alias. */
  databases: z.array(TestDatabase).default([]),
});

export const LintSpec = z.strictObject({
  /** Each command runs in the project folder (the project's environment first on PATH, then a pinned ruff); all must pass. */
  commands: z
    .array(command)
    .default([
      ["ruff", "check", "."],
      ["ruff", "format", "--check", "."],
    ]),
});

export const scannerNames = ["bandit", "pip-audit", "trivy", "hadolint", "gitleaks"] as const;

export const ScanSpec = z.strictObject({
  /** Findings at or above this severity fail the scan (bandit, trivy). Defaults to the project's. */
  severity: severity.optional(),
  /** Scanners not to run for this target (each skip is printed in the report). */
  skip: z.array(z.enum(scannerNames, { error: `must be one of ${scannerNames.join(", ")}` })).default([]),
  /** Paths bandit ignores, relative to the context (tests use assert freely). */
  banditExclude: z.array(z.string()).default(["tests", ".venv"]),
  /** Trivy: ignore vulnerabilities that have no fixed version yet. */
  ignoreUnfixed: z.boolean().default(true),
  /** pip-audit: advisory ids accepted for now (keep a comment with the reason in the YAML). */
  ignoreVulns: z.array(z.string().regex(/^[A-Z]+-[A-Za-z0-9-]+$/, { error: 'must be an advisory id such as "PYSEC-2024-48" or "GHSA-xxxx-xxxx-xxxx"' })).default([]),
});

export { SecretRef, StartupProbeSpec, LivenessProbeSpec, ReadinessProbeSpec } from "./run-fields.js";

export const VpcSpec = z
  .strictObject({
    connector: z.string().optional(),
    network: z.string().optional(),
    subnetwork: z.string().optional(),
    egress: z.enum(["all-traffic", "private-ranges-only"], { error: 'must be "all-traffic" or "private-ranges-only"' }).default("private-ranges-only"),
  })
  .refine((v) => Boolean(v.connector) !== Boolean(v.network ?? v.subnetwork), {
    error: "give either `connector` (Serverless VPC Access) or `network`/`subnetwork` (Direct VPC egress), not both and not neither",
  });

const cloudSqlInstance = z.string().regex(/^[a-z][a-z0-9-]+:[a-z]+-[a-z]+[0-9]+:[a-z][a-z0-9-]*$/, {
  error: 'must be a Cloud SQL connection name "PROJECT:REGION:INSTANCE"',
});

const runtimeCommon = {
  /** Region override for this target; defaults to the environment's region. */
  region: region.optional(),
  /** Runtime service account (least privilege; needs secretAccessor for secrets). */
  serviceAccount: serviceAccount.optional(),
  env: cloudRunEnvMap.default({}),
  /** Environment variables from Secret Manager. */
  secrets: z.record(envVarName, SecretRef).default({}),
  cpu: cpu.default("1"),
  memory: memory.default("512Mi"),
  /** Labels added to the Cloud Run resource (commit and managed-by are added by the pipeline). */
  labels: z.record(labelKey, labelValue).default({}),
  cloudSqlInstances: z.array(cloudSqlInstance).default([]),
  vpc: VpcSpec.optional(),
  /** Replaces the image's ENTRYPOINT, e.g. ["python", "-m", "app"]. */
  command: containerArgs.optional(),
  /** Replaces the image's CMD, e.g. ["--workers", "2"]. */
  args: containerArgs.optional(),
  /** Working directory of the main container (default: the image's WORKDIR). */
  workingDir: workingDir.optional(),
  /** Secrets as files, Cloud Storage buckets, NFS shares, in-memory folders. */
  volumes: z.array(VolumeSpec).default([]),
  /** Containers started beside the main one (at most 9); only the main one takes requests. */
  sidecars: z.array(SidecarSpec).default([]),
  /** Sidecars the main container starts after (each must pass its startup probe first). */
  dependsOn: z.array(dnsLabel).default([]),
  /** More CPU while an instance starts. */
  startupCpuBoost: z.boolean().optional(),
  /** gen1 or gen2 (default: Cloud Run's choice). */
  executionEnvironment: executionEnvironment.optional(),
  /** One GPU per instance (needs at least 4 CPU and 16Gi; services also cpuAlwaysAllocated). */
  gpu: GpuSpec.optional(),
};

export const ServiceRunSpec = z.strictObject({
  ...runtimeCommon,
  /** true: allUsers get roles/run.invoker; false: IAM-gated (callers need an ID token). */
  public: z.boolean({ error: "must be true or false" }),
  port: z.number().int().min(1).max(65535).default(8080),
  minInstances: z.number().int().min(0).max(1000).default(0),
  maxInstances: z.number().int().min(1).max(1000).default(10),
  concurrency: z.number().int().min(1).max(1000).default(80),
  timeout: durationSeconds(MAX_REQUEST_TIMEOUT_SECONDS, "Cloud Run's maximum request timeout").default("300s"),
  ingress: z.enum(["all", "internal", "internal-and-cloud-load-balancing"], { error: 'must be "all", "internal" or "internal-and-cloud-load-balancing"' }).default("all"),
  /** Path probed on the new revision's tag URL before traffic moves. */
  healthPath: httpPath.default("/health"),
  startupProbe: StartupProbeSpec.optional(),
  livenessProbe: LivenessProbeSpec.optional(),
  /** Cloud Run stops sending requests to an instance while this fails. */
  readinessProbe: ReadinessProbeSpec.optional(),
  /** true: CPU stays allocated between requests (instance-based billing); default false (request-based). */
  cpuAlwaysAllocated: z.boolean().default(false),
  /** Send a client's requests to the same instance when possible. */
  sessionAffinity: z.boolean().optional(),
  /** Serve end-to-end HTTP/2 (cleartext h2c) instead of HTTP/1. */
  http2: z.boolean().default(false),
  /** Service-level scaling, across every revision that serves traffic. Left out: the live setting is kept. */
  serviceScaling: ServiceScalingSpec.optional(),
  /** Identity-Aware Proxy in front of the service. Left out: the live setting is kept. */
  iap: z.boolean().optional(),
  /** false: anyone reaching the URL may invoke it, without an IAM check. Left out: the live setting is kept. */
  invokerIamCheck: z.boolean().optional(),
  /** Extra audiences ID tokens may be minted for (e.g. a custom domain). Left out: the live setting is kept. */
  customAudiences: z.array(z.string().min(1).max(512)).optional(),
  /** false: the run.app URLs are disabled (reach it through a load balancer). Left out: the live setting is kept. */
  defaultUrl: z.boolean().optional(),
});

export const JobRunSpec = z.strictObject({
  ...runtimeCommon,
  tasks: z.number().int().min(1).max(10000).default(1),
  parallelism: z.number().int().min(0).max(10000).default(0),
  maxRetries: z.number().int().min(0).max(10).default(3),
  /** Per attempt of a task; up to 168 hours. */
  taskTimeout: durationSeconds(MAX_TASK_TIMEOUT_SECONDS, "168 hours, Cloud Run's maximum task timeout").default("600s"),
});

export const RetrySpec = z.strictObject({
  count: z.number().int().min(0).max(5).default(0),
  minBackoff: durationSeconds(3600).default("5s"),
  maxBackoff: durationSeconds(3600).default("3600s"),
  maxDoublings: z.number().int().min(0).max(16).default(5),
});

const scheduleCommon = {
  /** Cloud Scheduler job id. */
  name: z.string().regex(/^[A-Za-z0-9_-]{1,500}$/, { error: "Cloud Scheduler job names are letters, digits, hyphens and underscores" }),
  /** unix-cron ("0 3 * * *") or Cloud Scheduler's English format ("every 24 hours", "every monday 09:00"). */
  schedule,
  /** A tz database name, e.g. "Europe/Paris", "America/New_York", "EST5EDT". */
  timeZone: timeZone.default("UTC"),
  paused: z.boolean().default(false),
  retry: RetrySpec.optional(),
  /** Service account whose token Scheduler sends (needs roles/run.invoker on the target). */
  serviceAccount,
  /**
   * How long Scheduler waits for the call before marking the attempt DEADLINE_EXCEEDED and
   * retrying: 15s to 1800s for HTTP targets, default 180s
   * (https://cloud.google.com/scheduler/docs/reference/rest/v1/projects.locations.jobs#Job.FIELDS.attempt_deadline).
   */
  attemptDeadline: durationSeconds(1800, "Cloud Scheduler allows 15s to 30 minutes for HTTP targets")
    .refine((v) => Number(v.slice(0, -1)) >= 15, { error: "must be at least 15s (Cloud Scheduler's minimum for HTTP targets)" })
    .optional(),
  /** Added to the job's description after the pipeline's own "managed by cloud-run-pipeline: ..." text. */
  description: z.string().max(300, { error: "must be at most 300 characters (the pipeline's own text also goes in Scheduler's 500-character description)" }).optional(),
};

/**
 * Headers Cloud Scheduler computes, replaces or reserves (Host, Content-Length, User-Agent,
 * X-Google-*, X-AppEngine-*, X-CloudScheduler*) and Authorization, which the OIDC token sets
 * (https://cloud.google.com/scheduler/docs/reference/rest/v1/projects.locations.jobs#HttpTarget.FIELDS.headers).
 */
const RESERVED_HEADER = /^(host|content-length|user-agent|authorization|x-google-.*|x-appengine-.*|x-cloudscheduler.*)$/i;
const headerName = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, { error: "must be an HTTP header name (letters, digits, hyphens)" })
  .refine((name) => !RESERVED_HEADER.test(name), { error: "is set by Cloud Scheduler or by the OIDC token and cannot be given (Host, Content-Length, User-Agent, Authorization, X-Google-*, X-AppEngine-*, X-CloudScheduler*)" });

export const JobScheduleSpec = z.strictObject({ ...scheduleCommon });

export const ServiceScheduleSpec = z.strictObject({
  ...scheduleCommon,
  path: httpPath,
  method: z.enum(["POST", "GET", "PUT", "PATCH", "DELETE"], { error: "must be an HTTP method: POST, GET, PUT, PATCH or DELETE" }).default("POST"),
  /** JSON body sent with the request. */
  body: z.record(z.string(), z.unknown()).optional(),
  /** Extra request headers, e.g. { "X-Job-Kind": "daily" } (Content-Type defaults to JSON with a body). */
  headers: z.record(headerName, z.string().max(8192, { error: "must be at most 8192 characters" })).default({}),
});

export const ImageSpec = z.strictObject({
  /** Extra tags pushed besides the short SHA (e.g. "latest" in dev). Deploys always use the digest. */
  tags: z.array(z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, { error: "must be a valid Docker tag" })).default([]),
});

/**
 * An environment's overrides of `run`: every field optional and WITHOUT its default. zod 4 applies
 * defaults inside `.partial()`, which would reset every base setting an override does not name
 * (memory, env, secrets, ...) to its default.
 */
function overridesOf<T extends z.ZodObject>(run: T): z.ZodType<Partial<z.output<T>>> {
  const shape = Object.fromEntries(Object.entries(run.shape).map(([key, field]) => [key, z.optional((field instanceof z.ZodDefault ? field.unwrap() : field) as z.ZodType)]));
  return z.strictObject(shape) as unknown as z.ZodType<Partial<z.output<T>>>;
}

const serviceEnvOverride = z.strictObject({
  run: overridesOf(ServiceRunSpec).optional(),
  /** This environment's monitoring overrides (merged over the service's `monitoring`). */
  monitoring: ServiceMonitoringSpec.optional(),
});
const jobEnvOverride = z.strictObject({
  run: overridesOf(JobRunSpec).optional(),
  /** This environment's monitoring overrides (merged over the job's `monitoring`). */
  monitoring: JobMonitoringSpec.optional(),
});

/** What services and jobs share: a Dockerfile build, its image tags, tests, lint and scans. */
const buildableCommon = {
  name: resourceName,
  /**
   * The service's or job's id in Cloud Run when it differs from `name` (default: `name`); each
   * environment's nameSuffix is added to it (catalog/naming.ts). `name` stays what --service and
   * --job take, what the image is named and the main container's name.
   */
  cloudRunName: resourceName.optional(),
  description: z.string().optional(),
  build: BuildSpec,
  /** How lint, tests and scans find the Python project (all detected when left out). */
  python: PythonSpec.default({}),
  image: ImageSpec.default({ tags: [] }),
  test: TestSpec.default(TestSpec.parse({})),
  lint: LintSpec.default(LintSpec.parse({})),
  scan: ScanSpec.default(ScanSpec.parse({})),
};

export const ServiceDoc = z.strictObject({
  $schema: z.string().optional(),
  kind: z.literal("service"),
  ...buildableCommon,
  run: ServiceRunSpec,
  /** Jobs run with the new image before traffic moves (migrations) and after the candidate is healthy (smoke tests). */
  hooks: HooksSpec.default({ beforeTraffic: [], afterCandidate: [] }),
  schedules: z.array(ServiceScheduleSpec).default([]),
  /** Uptime check and alert policies (merged over project.yaml's `monitoring`); `dagger call monitoring` syncs them. */
  monitoring: ServiceMonitoringSpec.optional(),
  /** Per-environment overrides of `run`, e.g. more instances in prod. */
  environments: z.record(environmentName, serviceEnvOverride).default({}),
});

export const JobDoc = z.strictObject({
  $schema: z.string().optional(),
  kind: z.literal("job"),
  ...buildableCommon,
  run: JobRunSpec.default(JobRunSpec.parse({})),
  schedules: z.array(JobScheduleSpec).default([]),
  /** The failed-execution alert (merged over project.yaml's `monitoring`); `dagger call monitoring` syncs it. */
  monitoring: JobMonitoringSpec.optional(),
  environments: z.record(environmentName, jobEnvOverride).default({}),
});

export const CacheRule = z.strictObject({
  glob: z.string().min(1),
  value: z.string().regex(/^[a-z-]+(=\d+)?(,\s*[a-z-]+(=\d+)?)*$/, { error: 'must be a Cache-Control value such as "no-cache" or "public, max-age=3600"' }),
});

const objectPrefix = z.string().regex(/^([A-Za-z0-9._-]+\/)*$/, { error: 'must be empty or end with "/", e.g. "docs/"' });

export const SiteDoc = z.strictObject({
  $schema: z.string().optional(),
  kind: z.literal("site"),
  name: resourceName,
  description: z.string().optional(),
  /** Folder holding the MkDocs config, relative to the repository root ("." for the root). */
  mkdocs: repoPath,
  /** The config file in that folder (default: mkdocs.yml, else mkdocs.yaml). */
  config: z.string().regex(/^[^/]+\.ya?ml$/, { error: 'must be a YAML file name in the mkdocs folder, such as "mkdocs.yml"' }).optional(),
  /** Requirements file, relative to the mkdocs folder (default: requirements.txt beside the config, else docs/requirements*.txt, else pinned mkdocs and the theme the config names). */
  requirements: fileInside("the mkdocs folder", '"docs/requirements.txt"').optional(),
  bucket: bucketName,
  /** Object prefix inside the bucket ("" for the bucket root). */
  prefix: objectPrefix.default(""),
  /** Cache-Control rules checked before the defaults; first match wins. */
  cacheControl: z.array(CacheRule).default([]),
  /** Content-Type overrides by extension, e.g. { ".map": "application/json" }. */
  contentTypes: z.record(z.string().regex(/^\.[A-Za-z0-9]+$/, { error: 'keys are extensions such as ".map"' }), z.string().regex(/^[a-z]+\/[A-Za-z0-9.+-]+/, { error: "must be a MIME type" })).default({}),
  /**
   * The bucket's website configuration, set when it differs (needs storage.buckets.get/update,
   * e.g. roles/storage.admin). `false` leaves it alone, so roles/storage.objectAdmin is enough.
   */
  website: z
    .union(
      [z.literal(false), z.strictObject({ mainPageSuffix: z.string().default("index.html"), notFoundPage: z.string().default("404.html") })],
      { error: "must be false (leave the bucket's website config alone) or { mainPageSuffix, notFoundPage }" },
    )
    .default({ mainPageSuffix: "index.html", notFoundPage: "404.html" }),
  environments: z.record(environmentName, z.strictObject({ bucket: bucketName.optional(), prefix: objectPrefix.optional() })).default({}),
  /**
   * Pull-request previews (preview-site): PR N is published under `PREFIX/pr-N/` of `bucket`
   * (default: the site's own bucket in the environment, under the site's prefix).
   */
  preview: z.strictObject({ bucket: bucketName.optional() }).optional(),
});

export const EnvironmentSpec = z.strictObject({
  project: gcpProjectId,
  region: region.optional(),
  /**
   * Added to every Cloud Run service and job name, Cloud Scheduler job id and extra image tag in
   * this environment, and (without "-") to site prefixes, e.g. "-staging": alie -> alie-staging.
   * Lets two environments share one project (catalog/naming.ts). Default: none.
   */
  nameSuffix: nameSuffix.optional(),
  /** Require an explicit --env=NAME (never the default) for this environment. */
  protected: z.boolean().default(false),
  /** Monitoring defaults for this environment (merged over the project's `monitoring`). */
  monitoring: ProjectMonitoringSpec.optional(),
});

export const ProjectDoc = z.strictObject({
  $schema: z.string().optional(),
  kind: z.literal("project"),
  /** Default Google Cloud project and region (used when no --env is given). */
  project: gcpProjectId,
  region,
  artifactRegistry: z.strictObject({
    /** Artifact Registry Docker repository id. */
    repository: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, { error: "must be an Artifact Registry repository id (lowercase letters, digits, hyphens)" }),
    /** Repository location: a region or a multi-region (us, europe, asia); defaults to the region. */
    location: artifactRegistryLocation.optional(),
  }),
  environments: z.record(environmentName, EnvironmentSpec).default({}),
  defaultEnvironment: environmentName.optional(),
  scan: z.strictObject({ severity: severity.default("HIGH") }).default({ severity: "HIGH" }),
  /** Monitoring defaults for every service and job: uptime checks, alert policies, notification channels. */
  monitoring: ProjectMonitoringSpec.optional(),
  deploy: z
    .strictObject({
      /** Max services released at once by deploy-all. */
      concurrency: z.number().int().min(1).max(32).default(4),
      strategy: z.enum(["blue-green", "direct"], { error: 'must be "blue-green" or "direct"' }).default("blue-green"),
      /** How long a new revision may take to become healthy. */
      healthTimeout: durationSeconds(1800).default("300s"),
      /**
       * Blue-green only, off when absent: after the health check, the candidate serves each step's
       * percent for its duration and is compared with the stable revision (Cloud Monitoring) before
       * the next step or the promotion; a worse candidate gets the previous traffic restored.
       */
      canary: CanarySteps.optional(),
      /** The canary's thresholds (defaults: errorRatioIncrease 0.01, latencyP95Ratio 1.5, latencyP99Ratio 2, minRequests 20). */
      canaryLimits: CanaryLimits.optional(),
    })
    .default({ concurrency: 4, strategy: "blue-green", healthTimeout: "300s" }),
});

export const CatalogDocument = z.discriminatedUnion("kind", [ProjectDoc, ServiceDoc, JobDoc, SiteDoc], {
  error: 'every catalog file needs `kind`: one of "project", "service", "job", "site"',
});

export type ProjectSpec = z.output<typeof ProjectDoc>;
export type ServiceSpec = z.output<typeof ServiceDoc>;
export type JobSpec = z.output<typeof JobDoc>;
export type SiteSpec = z.output<typeof SiteDoc>;
export type TestDatabaseSpec = z.output<typeof TestDatabase>;
export type ScanSettings = z.output<typeof ScanSpec>;
export type ServiceRunSettings = z.output<typeof ServiceRunSpec>;
export type JobRunSettings = z.output<typeof JobRunSpec>;
export type ScannerName = (typeof scannerNames)[number];
export type BuildSettings = z.output<typeof BuildSpec>;
export type PythonSettings = z.output<typeof PythonSpec>;
export type PythonManager = (typeof pythonManagers)[number];
export type PythonVersion = (typeof PYTHON_VERSIONS)[number];
