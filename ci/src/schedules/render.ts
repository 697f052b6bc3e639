/**
 * Cloud Scheduler jobs from the catalog. A job's schedule POSTs to the job's v2 `:run` URL with an
 * OAuth token (the target is a Google API); a service's schedule calls its endpoint with an OIDC
 * token whose audience is the service URL.
 */
import type { ResolvedEnvironment } from "../catalog/lookup.js";
import { cloudRunLocationOf, schedulerJobPathOf } from "../catalog/naming.js";
import { mergeRun } from "../catalog/overrides.js";
import type { Catalog } from "../catalog/parse.js";
import type { JobSpec, ServiceSpec } from "../catalog/schema.js";
import { durationSecondsOf, serviceAccountEmail } from "../gcp/run-template.js";
import type { SchedulerJobResource } from "../gcp/scheduler.js";

export const MANAGED_DESCRIPTION_PREFIX = "managed by cloud-run-pipeline:";
export const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";

export interface DesiredSchedule {
  /** projects/P/locations/R/jobs/NAME */
  name: string;
  parent: string;
  target: string;
  paused: boolean;
  resource: SchedulerJobResource;
  /** Set for service endpoints: the live service URL is needed to build the target. */
  servicePath?: string;
  serviceName?: string;
  /** A risk in the schedule the report must name (e.g. a deadline shorter than the endpoint's timeout). */
  warning?: string;
}

/** Scheduler's attempt deadline when none is given (Job.attempt_deadline: 3 minutes for HTTP targets). */
export const DEFAULT_ATTEMPT_DEADLINE_SECONDS = 180;

const withDescription = (own: string, extra: string | undefined): string => (extra ? `${own}; ${extra}` : own);
const deadline = (s: { attemptDeadline?: string }) => (s.attemptDeadline ? { seconds: durationSecondsOf(s.attemptDeadline) } : undefined);

function retry(spec: JobSpec["schedules"][number]): SchedulerJobResource["retryConfig"] {
  if (!spec.retry) return undefined;
  return {
    retryCount: spec.retry.count,
    minBackoffDuration: { seconds: durationSecondsOf(spec.retry.minBackoff) },
    maxBackoffDuration: { seconds: durationSecondsOf(spec.retry.maxBackoff) },
    maxDoublings: spec.retry.maxDoublings,
  };
}

/**
 * The pipeline's own part of a schedule's description: the managed marker, then the environment it
 * was made for (so environments sharing a location never take each other's schedules for orphans:
 * sync.ts), then what it calls.
 */
export const managedDescription = (env: Pick<ResolvedEnvironment, "name">, calls: string): string => `${MANAGED_DESCRIPTION_PREFIX} environment ${env.name}; ${calls}`;

/** The environment a managed description names; undefined for one written before environments were recorded, or not by the pipeline. */
export function environmentOfDescription(description: string | null | undefined): string | undefined {
  return new RegExp(`^${MANAGED_DESCRIPTION_PREFIX} environment ([a-z][a-z0-9-]*);`).exec(description ?? "")?.[1];
}

/** "job ingestion", with its Cloud Run id when the naming rule gives it another one. */
export const scheduleTargetOf = (kind: "job" | "service", catalogName: string, cloudRunId: string): string =>
  `${kind} ${catalogName}${cloudRunId === catalogName ? "" : ` (Cloud Run ${kind} ${cloudRunId})`}`;

export function jobSchedules(spec: JobSpec, env: ResolvedEnvironment): DesiredSchedule[] {
  const { parent, name: jobName, id } = cloudRunLocationOf(spec, env);
  return spec.schedules.map((s) => ({
    name: schedulerJobPathOf(parent, s, env),
    parent,
    target: scheduleTargetOf("job", spec.name, id),
    paused: s.paused,
    resource: {
      name: schedulerJobPathOf(parent, s, env),
      description: withDescription(managedDescription(env, `runs Cloud Run job ${id}`), s.description),
      schedule: s.schedule,
      timeZone: s.timeZone,
      attemptDeadline: deadline(s),
      retryConfig: retry(s),
      httpTarget: {
        uri: `https://run.googleapis.com/v2/${jobName}:run`,
        httpMethod: "POST",
        oauthToken: { serviceAccountEmail: serviceAccountEmail(s.serviceAccount, env.project), scope: CLOUD_PLATFORM_SCOPE },
      },
    },
  }));
}

/** Service schedules need the service's URL (read from the live service, never built by hand). */
export function serviceSchedules(spec: ServiceSpec, env: ResolvedEnvironment, serviceUrl: string): DesiredSchedule[] {
  const { parent, name: serviceName, id } = cloudRunLocationOf(spec, env);
  const base = serviceUrl.replace(/\/+$/, "");
  const requestTimeout = durationSecondsOf(mergeRun(spec.run, spec.environments[env.name]?.run).timeout);
  return spec.schedules.map((s) => {
    const headers = { ...(s.body ? { "Content-Type": "application/json" } : {}), ...s.headers };
    const deadlineSeconds = s.attemptDeadline ? durationSecondsOf(s.attemptDeadline) : DEFAULT_ATTEMPT_DEADLINE_SECONDS;
    return {
    name: schedulerJobPathOf(parent, s, env),
    parent,
    target: `${scheduleTargetOf("service", spec.name, id)} ${s.method} ${s.path}`,
    paused: s.paused,
    servicePath: s.path,
    serviceName,
    ...(requestTimeout > deadlineSeconds
      ? {
          warning: `${s.method} ${s.path} may run up to the service's request timeout (${requestTimeout}s) but Scheduler gives each attempt ${deadlineSeconds}s${s.attemptDeadline ? "" : " (its default)"}: a longer call is marked DEADLINE_EXCEEDED and retried${s.retry ? ` (up to ${s.retry.count} times)` : ""} while the first one still runs. Set attemptDeadline (at most 1800s), make the endpoint return at once and work asynchronously, or move the work to a Cloud Run job.`,
        }
      : {}),
    resource: {
      name: schedulerJobPathOf(parent, s, env),
      description: withDescription(managedDescription(env, `calls ${s.method} ${s.path} on Cloud Run service ${id}`), s.description),
      schedule: s.schedule,
      timeZone: s.timeZone,
      attemptDeadline: deadline(s),
      retryConfig: retry(s),
      httpTarget: {
        uri: `${base}${s.path}`,
        httpMethod: s.method,
        headers: Object.keys(headers).length ? headers : undefined,
        body: s.body ? Buffer.from(JSON.stringify(s.body)) : undefined,
        oidcToken: { serviceAccountEmail: serviceAccountEmail(s.serviceAccount, env.project), audience: base },
      },
    },
  };
  });
}

/** Every location the catalog schedules in (to look for schedules it no longer lists). */
export function scheduleParents(catalog: Catalog, env: ResolvedEnvironment): string[] {
  const parents = new Set<string>();
  for (const spec of catalog.jobs) if (spec.schedules.length) parents.add(cloudRunLocationOf(spec, env).parent);
  for (const spec of catalog.services) if (spec.schedules.length) parents.add(cloudRunLocationOf(spec, env).parent);
  parents.add(`projects/${env.project}/locations/${env.region}`);
  return [...parents].sort();
}

/** The full Scheduler name of every schedule the catalog declares in `env` (no live URL needed). */
export function scheduleNames(catalog: Catalog, env: ResolvedEnvironment): string[] {
  const names: string[] = [];
  for (const spec of [...catalog.jobs, ...catalog.services]) {
    if (!spec.schedules.length) continue;
    const { parent } = cloudRunLocationOf(spec, env);
    for (const s of spec.schedules) names.push(schedulerJobPathOf(parent, s, env));
  }
  return names;
}
