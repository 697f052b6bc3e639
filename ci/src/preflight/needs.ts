/**
 * What a release of (part of) the catalog needs to exist in one environment, read from the catalog
 * alone: the APIs, the Artifact Registry repository, the site buckets, the secrets each target
 * reads and as whom, the service accounts, the Cloud SQL instances and the deployer's project
 * permissions. Pure: no Google client, no Dagger.
 */
import type { ResolvedEnvironment } from "../catalog/lookup.js";
import { catalogHasMonitoring } from "../catalog/monitoring.js";
import { siteTargetOf } from "../catalog/naming.js";
import { mergeRun } from "../catalog/overrides.js";
import type { Catalog } from "../catalog/parse.js";
import type { JobSpec, ServiceSpec, SiteSpec } from "../catalog/schema.js";
import { serviceAccountEmail } from "../gcp/run-template.js";

/** Which targets a preflight covers: the whole catalog by default; `deploy --preflight` covers its one service. */
export interface PreflightScope {
  services: readonly ServiceSpec[];
  jobs: readonly JobSpec[];
  sites: readonly SiteSpec[];
  /** Cloud Scheduler jobs are synced (deploy-all): their accounts and permissions are needed. */
  schedules: boolean;
  /** Monitoring is synced (deploy-all, when the catalog has monitoring settings): the API and permissions are needed. */
  monitoring?: boolean;
}

export const wholeCatalog = (catalog: Catalog): PreflightScope => ({ services: catalog.services, jobs: catalog.jobs, sites: catalog.sites, schedules: true, monitoring: catalogHasMonitoring(catalog) });

export interface ApiNeed {
  /** e.g. run.googleapis.com */
  api: string;
  why: string;
}

export interface SecretNeed {
  /** "service alie", "job ingestion (sidecar proxy)" */
  usedBy: string;
  /** The catalog file to edit. */
  file: string;
  project: string;
  secret: string;
  version: string;
  /** The runtime service account (email); undefined when the target sets none. */
  account?: string;
}

export interface AccountNeed {
  email: string;
  /** "runtime of service alie", "scheduler of ingestion-nightly" */
  usedBy: string[];
}

export interface CloudSqlNeed {
  usedBy: string;
  file: string;
  /** PROJECT:REGION:INSTANCE as the catalog writes it. */
  connection: string;
  project: string;
  region: string;
  instance: string;
  account?: string;
}

export interface BucketNeed {
  bucket: string;
  sites: string[];
  /** Some site sets the bucket's website configuration (storage.buckets.get/update). */
  website: boolean;
}

export interface RegistryNeed {
  project: string;
  location: string;
  repository: string;
}

export interface ReleaseNeeds {
  environment: string;
  project: string;
  region: string;
  apis: ApiNeed[];
  registry?: RegistryNeed;
  buckets: BucketNeed[];
  secrets: SecretNeed[];
  accounts: AccountNeed[];
  cloudSql: CloudSqlNeed[];
  /** Project permissions the deployer must hold (projects.testIamPermissions). */
  permissions: string[];
  /** Private services (their health checks need ID tokens). */
  privateServices: string[];
}

/** Permissions every service release uses: read, create or update, and read the IAM policy (services/deploy-service.ts). */
export const SERVICE_PERMISSIONS = ["run.services.get", "run.services.create", "run.services.update", "run.services.getIamPolicy"] as const;
/** Making a service public (allUsers -> roles/run.invoker) writes its IAM policy. */
export const PUBLIC_SERVICE_PERMISSION = "run.services.setIamPolicy";
export const JOB_PERMISSIONS = ["run.jobs.get", "run.jobs.create", "run.jobs.update"] as const;
/** schedules/sync.ts lists, creates, updates, pauses and resumes (enable) Scheduler jobs; --prune also deletes. */
/** services/canary.ts reads request_count and request_latencies (MetricService.ListTimeSeries). */
export const CANARY_PERMISSION = "monitoring.timeSeries.list";

/** monitoring/sync.ts lists notification channels, lists, creates and updates uptime checks and alert policies; --prune also deletes. */
export const MONITORING_PERMISSIONS = [
  "monitoring.notificationChannels.list", "monitoring.uptimeCheckConfigs.list", "monitoring.uptimeCheckConfigs.create", "monitoring.uptimeCheckConfigs.update",
  "monitoring.alertPolicies.list", "monitoring.alertPolicies.create", "monitoring.alertPolicies.update",
] as const;
export const SCHEDULER_PERMISSIONS = ["cloudscheduler.jobs.get", "cloudscheduler.jobs.list", "cloudscheduler.jobs.create", "cloudscheduler.jobs.update", "cloudscheduler.jobs.pause", "cloudscheduler.jobs.enable"] as const;

type Runtime = ServiceSpec["run"] | JobSpec["run"];

/** The target's run settings in `env` (its environment override applied, as deploys apply it). */
function runIn(target: ServiceSpec | JobSpec, env: ResolvedEnvironment): Runtime {
  const override = Object.hasOwn(target.environments, env.name) ? (target.environments as Record<string, { run?: Partial<Runtime> }>)[env.name]?.run : undefined;
  return mergeRun<Runtime>(target.run, override);
}

/** projects/P/secrets/S or a bare id (in the environment's project). */
function secretLocation(ref: string, project: string): { project: string; secret: string } {
  const full = /^projects\/([^/]+)\/secrets\/([^/]+)$/.exec(ref);
  return full ? { project: full[1]!, secret: full[2]! } : { project, secret: ref };
}

export function releaseNeeds(catalog: Catalog, env: ResolvedEnvironment, scope: PreflightScope = wholeCatalog(catalog)): ReleaseNeeds {
  const targets: Array<ServiceSpec | JobSpec> = [...scope.services, ...scope.jobs];
  const secrets: SecretNeed[] = [];
  const cloudSql: CloudSqlNeed[] = [];
  const accounts = new Map<string, string[]>();
  const addAccount = (email: string, use: string) => accounts.set(email, [...(accounts.get(email) ?? []), use]);
  let schedules = 0;

  for (const target of targets) {
    const run = runIn(target, env);
    const label = `${target.kind} ${target.name}`;
    const file = catalog.files[`${target.kind}:${target.name}`] ?? `${catalog.dir}/${target.kind}s/${target.name}.yaml`;
    const account = run.serviceAccount ? serviceAccountEmail(run.serviceAccount, env.project) : undefined;
    if (account) addAccount(account, `runtime of ${label}`);
    const refs: Array<{ usedBy: string; secret: string; version: string }> = [
      ...Object.values(run.secrets).map((r) => ({ usedBy: label, ...r })),
      ...run.sidecars.flatMap((s) => Object.values(s.secrets).map((r) => ({ usedBy: `${label} (sidecar ${s.name})`, ...r }))),
      ...run.volumes.flatMap((v) => (v.secret ? [{ usedBy: `${label} (volume ${v.name})`, secret: v.secret.secret, version: v.secret.version }] : [])),
    ];
    const seen = new Set<string>();
    for (const ref of refs) {
      const where = secretLocation(ref.secret, env.project);
      const key = `${where.project}/${where.secret}/${ref.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      secrets.push({ usedBy: ref.usedBy, file, ...where, version: ref.version, account });
    }
    for (const connection of run.cloudSqlInstances) {
      const [project, region, instance] = connection.split(":") as [string, string, string];
      cloudSql.push({ usedBy: label, file, connection, project, region, instance, account });
    }
    if (scope.schedules) {
      for (const s of target.schedules) {
        schedules++;
        addAccount(serviceAccountEmail(s.serviceAccount, env.project), `scheduler of ${s.name}`);
      }
    }
  }

  const buckets = new Map<string, BucketNeed>();
  for (const site of scope.sites) {
    const { bucket } = siteTargetOf(site, env);
    const need = buckets.get(bucket) ?? { bucket, sites: [], website: false };
    need.sites.push(site.name);
    need.website ||= site.website !== false;
    buckets.set(bucket, need);
  }

  const publicServices = scope.services.filter((s) => (runIn(s, env) as ServiceSpec["run"]).public);
  const apis: ApiNeed[] = [];
  if (targets.length) {
    apis.push({ api: "run.googleapis.com", why: "Cloud Run services and jobs" });
    apis.push({ api: "artifactregistry.googleapis.com", why: "pushing images" });
  }
  if (secrets.length) apis.push({ api: "secretmanager.googleapis.com", why: "secrets the targets read" });
  if (schedules) apis.push({ api: "cloudscheduler.googleapis.com", why: "schedules" });
  if (cloudSql.length) apis.push({ api: "sqladmin.googleapis.com", why: "Cloud SQL connections" });
  // deploy.canary reads Cloud Run's request metrics of the candidate and the stable revision.
  const canary = Boolean(catalog.project.deploy.canary) && catalog.project.deploy.strategy === "blue-green" && scope.services.length > 0;
  if ((scope.monitoring && targets.length) || canary) {
    apis.push({ api: "monitoring.googleapis.com", why: [scope.monitoring && targets.length ? "uptime checks and alert policies" : "", canary ? "the canary's request metrics" : ""].filter(Boolean).join(", ") });
  }

  const permissions: string[] = [];
  if (scope.services.length) permissions.push(...SERVICE_PERMISSIONS);
  if (publicServices.length) permissions.push(PUBLIC_SERVICE_PERMISSION);
  if (scope.jobs.length) permissions.push(...JOB_PERMISSIONS);
  if (schedules) permissions.push(...SCHEDULER_PERMISSIONS);
  if (scope.monitoring && targets.length) permissions.push(...MONITORING_PERMISSIONS);
  if (canary) permissions.push(CANARY_PERMISSION);

  const ar = catalog.project.artifactRegistry;
  return {
    environment: env.name,
    project: env.project,
    region: env.region,
    apis,
    registry: targets.length ? { project: env.project, location: ar.location ?? env.region, repository: ar.repository } : undefined,
    buckets: [...buckets.values()],
    secrets,
    accounts: [...accounts].map(([email, usedBy]) => ({ email, usedBy })),
    cloudSql,
    permissions,
    privateServices: scope.services.filter((s) => !(runIn(s, env) as ServiceSpec["run"]).public).map((s) => s.name),
  };
}
