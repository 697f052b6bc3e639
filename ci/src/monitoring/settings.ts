/**
 * The monitoring each service and job gets in one environment: the catalog's four layers merged
 * (project.yaml `monitoring`, its `environments.ENV.monitoring`, the target's `monitoring`, the
 * target's `environments.ENV.monitoring`; a later layer replaces what it names, objects are merged
 * key by key, lists replace whole), then the built-in defaults. A target is monitored
 * when the merged `enabled` is true, or when any layer has a `monitoring` block and none says
 * `enabled: false`. Pure.
 */
import type { ResolvedEnvironment } from "../catalog/lookup.js";
import type { UptimeRegion } from "../catalog/monitoring.js";
import type { Catalog } from "../catalog/parse.js";
import { cloudRunLocationOf } from "../catalog/naming.js";
import { mergeRun } from "../catalog/overrides.js";
import type { JobSpec, ServiceSpec } from "../catalog/schema.js";

export const DEFAULT_UPTIME_PERIOD_SECONDS = 60;
export const DEFAULT_UPTIME_TIMEOUT_SECONDS = 10;
export const DEFAULT_ERROR_RATIO = 0.05;
export const DEFAULT_WINDOW_SECONDS = 300;

export interface UptimeSettings {
  path: string;
  periodSeconds: number;
  timeoutSeconds: number;
  /** Empty: every region. */
  regions: UptimeRegion[];
}

interface TargetMonitoringBase {
  /** The catalog name. */
  target: string;
  /** The Cloud Run id in this environment. */
  cloudRunId: string;
  project: string;
  region: string;
  /** Notification channels by display name. */
  channels: string[];
  /** Where the channels were given, for errors: "pipelines/project.yaml: monitoring.notificationChannels". */
  channelsFrom: string;
}

export interface ServiceMonitoring extends TargetMonitoringBase {
  kind: "service";
  /** run.public: false means the uptime check authenticates with the service agent's OIDC token. */
  public: boolean;
  uptime?: UptimeSettings;
  uptimeAlert: boolean;
  errors?: { ratio: number; windowSeconds: number };
  latency?: { p95?: number; p99?: number; windowSeconds: number };
}

export interface JobMonitoring extends TargetMonitoringBase {
  kind: "job";
  failedExecutions: boolean;
}

export type TargetMonitoring = ServiceMonitoring | JobMonitoring;

type Layer = Record<string, unknown> | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** `over` merged onto `base`: objects key by key, anything else (lists, scalars) replaces. */
export function mergeLayer(base: Layer, over: Layer): Layer {
  if (!over) return base;
  if (!base) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    out[key] = isObject(value) && isObject(out[key]) ? mergeLayer(out[key] as Layer, value) : value;
  }
  return out;
}

const seconds = (d: unknown, fallback: number): number => (typeof d === "string" ? Number(d.slice(0, -1)) : fallback);

interface Layers {
  merged: Layer;
  present: boolean;
  /** Where the merged notificationChannels come from (the last layer that gives them). */
  channelsFrom: string;
}

function layersOf(catalog: Catalog, env: ResolvedEnvironment, target: ServiceSpec | JobSpec): Layers {
  const envSpec = Object.hasOwn(catalog.project.environments, env.name) ? catalog.project.environments[env.name] : undefined;
  const targetEnv = Object.hasOwn(target.environments, env.name) ? target.environments[env.name] : undefined;
  const projectFile = catalog.files.project ?? `${catalog.dir}/project.yaml`;
  const targetFile = catalog.files[`${target.kind}:${target.name}`] ?? `${catalog.dir}/${target.kind}s/${target.name}.yaml`;
  const layers: Array<[Layer, string]> = [
    [catalog.project.monitoring, `${projectFile}: monitoring`],
    [envSpec?.monitoring, `${projectFile}: environments.${env.name}.monitoring`],
    [target.monitoring, `${targetFile}: monitoring`],
    [targetEnv?.monitoring, `${targetFile}: environments.${env.name}.monitoring`],
  ] as Array<[Layer, string]>;
  const giving = layers.filter(([layer]) => layer?.notificationChannels !== undefined).pop();
  return {
    merged: layers.map(([layer]) => layer).reduce(mergeLayer, undefined),
    present: layers.some(([layer]) => Boolean(layer)),
    channelsFrom: `${giving?.[1] ?? `${projectFile}: monitoring`}.notificationChannels`,
  };
}

function base(env: ResolvedEnvironment, target: ServiceSpec | JobSpec, { merged, channelsFrom }: Layers): TargetMonitoringBase {
  const location = cloudRunLocationOf(target, env);
  return {
    target: target.name,
    cloudRunId: location.id,
    project: env.project,
    region: location.region,
    channels: (merged?.notificationChannels as string[] | undefined) ?? [],
    channelsFrom,
  };
}

export function serviceMonitoring(catalog: Catalog, env: ResolvedEnvironment, spec: ServiceSpec): ServiceMonitoring | undefined {
  const layers = layersOf(catalog, env, spec);
  const { merged, present } = layers;
  if (!merged || (merged.enabled ?? present) === false) return undefined;
  const run = mergeRun(spec.run, Object.hasOwn(spec.environments, env.name) ? spec.environments[env.name]?.run : undefined);
  const uptime = (merged.uptime ?? {}) as Record<string, unknown>;
  const alerts = (merged.alerts ?? {}) as Record<string, unknown>;
  const uptimeOn = uptime.enabled !== false;
  const errorsSpec = (alerts.errors ?? {}) as Record<string, unknown>;
  const errors = errorsSpec.enabled === false ? undefined : errorsSpec;
  const latencySpec = (alerts.latency ?? {}) as Record<string, unknown>;
  const latency = latencySpec.enabled === false ? undefined : latencySpec;
  return {
    kind: "service",
    ...base(env, spec, layers),
    public: run.public,
    uptime: uptimeOn
      ? {
          path: (uptime.path as string | undefined) ?? run.healthPath,
          periodSeconds: seconds(uptime.period, DEFAULT_UPTIME_PERIOD_SECONDS),
          timeoutSeconds: seconds(uptime.timeout, DEFAULT_UPTIME_TIMEOUT_SECONDS),
          regions: [...new Set((uptime.regions as UptimeRegion[] | undefined) ?? [])].sort(),
        }
      : undefined,
    uptimeAlert: uptimeOn && alerts.uptime !== false,
    errors: errors ? { ratio: (errors.ratio as number | undefined) ?? DEFAULT_ERROR_RATIO, windowSeconds: seconds(errors.window, DEFAULT_WINDOW_SECONDS) } : undefined,
    latency:
      latency && (latency.p95 !== undefined || latency.p99 !== undefined)
        ? { p95: latency.p95 as number | undefined, p99: latency.p99 as number | undefined, windowSeconds: seconds(latency.window, DEFAULT_WINDOW_SECONDS) }
        : undefined,
  };
}

export function jobMonitoring(catalog: Catalog, env: ResolvedEnvironment, spec: JobSpec): JobMonitoring | undefined {
  const layers = layersOf(catalog, env, spec);
  const { merged, present } = layers;
  if (!merged || (merged.enabled ?? present) === false) return undefined;
  const alerts = (merged.alerts ?? {}) as Record<string, unknown>;
  return { kind: "job", ...base(env, spec, layers), failedExecutions: alerts.failedExecutions !== false };
}

/** Every monitored service and job of `env`. */
export function catalogMonitoring(catalog: Catalog, env: ResolvedEnvironment): TargetMonitoring[] {
  const out: TargetMonitoring[] = [];
  for (const spec of catalog.services) {
    const m = serviceMonitoring(catalog, env, spec);
    if (m) out.push(m);
  }
  for (const spec of catalog.jobs) {
    const m = jobMonitoring(catalog, env, spec);
    if (m) out.push(m);
  }
  return out;
}

/** Whether the catalog has any monitoring settings at all (deploy-all syncs monitoring only then). */
export { catalogHasMonitoring as hasMonitoring } from "../catalog/monitoring.js";
