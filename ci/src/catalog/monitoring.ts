/**
 * The catalog's `monitoring` blocks: project-wide defaults (project.yaml `monitoring`, and
 * `environments.ENV.monitoring`), per-target settings (a service's or job's `monitoring`) and
 * per-environment overrides (its `environments.ENV.monitoring`). Every field is optional and has
 * NO schema default, so a layer only replaces what it names; monitoring/settings.ts merges the
 * layers in that order and fills the built-in defaults.
 */
import { z } from "zod";
import { durationSeconds, httpPath } from "./fields.js";
import type { Catalog } from "./parse.js";

/** Cloud Monitoring's uptime check periods (uptime.proto UptimeCheckConfig.period). */
export const UPTIME_PERIODS = ["60s", "300s", "600s", "900s"] as const;

/** Checker regions (uptime.proto UptimeCheckRegion) and how many checker locations each holds. */
export const UPTIME_REGION_LOCATIONS = { USA: 3, EUROPE: 1, SOUTH_AMERICA: 1, ASIA_PACIFIC: 1, USA_OREGON: 1, USA_IOWA: 1, USA_VIRGINIA: 1 } as const;
export type UptimeRegion = keyof typeof UPTIME_REGION_LOCATIONS;
const REGION_NAMES = Object.keys(UPTIME_REGION_LOCATIONS) as [UptimeRegion, ...UptimeRegion[]];

/** "selected_regions ... must include a minimum of 3 locations" (uptime.proto). */
export const MIN_UPTIME_LOCATIONS = 3;
export const locationsOf = (regions: readonly UptimeRegion[]): number => [...new Set(regions)].reduce((n, r) => n + UPTIME_REGION_LOCATIONS[r], 0);

const window = durationSeconds(86_400, "one day").refine((v) => Number(v.slice(0, -1)) >= 60, { error: "must be at least 60s (Cloud Monitoring's shortest alignment period for alert conditions)" });

const UptimeSpec = z.strictObject({
  /** false: no uptime check (and no uptime alert) for this target. */
  enabled: z.boolean({ error: "must be true or false" }).optional(),
  /** Path checked (default: the service's run.healthPath). */
  path: httpPath.optional(),
  /** How often: 60s, 300s, 600s or 900s (default 60s). */
  period: z.enum(UPTIME_PERIODS, { error: `must be one of ${UPTIME_PERIODS.join(", ")} (Cloud Monitoring's uptime check periods)` }).optional(),
  /** How long a check waits for the answer: 1s to 60s (default 10s). */
  timeout: durationSeconds(60, "Cloud Monitoring allows 1s to 60s").optional(),
  /** Checker regions (default: all). At least 3 locations: USA counts 3, each other region 1. */
  regions: z
    .array(z.enum(REGION_NAMES, { error: `must be one of ${REGION_NAMES.join(", ")}` }))
    .refine((r) => locationsOf(r) >= MIN_UPTIME_LOCATIONS, { error: `must include at least ${MIN_UPTIME_LOCATIONS} checker locations (USA counts 3, every other region 1), e.g. [EUROPE, USA, ASIA_PACIFIC]; leave it out for all regions` })
    .optional(),
});

const ErrorRatioSpec = z.strictObject({
  /** false: no 5xx-ratio alert (default true). */
  enabled: z.boolean({ error: "must be true or false" }).optional(),
  /** Alert when 5xx responses / all responses exceed this ratio, 0 to 1 (e.g. 0.05 = 5%). */
  ratio: z.number({ error: "must be a number between 0 and 1, e.g. 0.05 for 5%" }).gt(0, { error: "must be more than 0" }).max(1, { error: "must be at most 1 (1 = 100%)" }).optional(),
  /** The window the ratio is computed over (default 300s). */
  window: window.optional(),
});

const latencyMs = z.number({ error: "must be a number of milliseconds, e.g. 1500" }).int({ error: "must be a whole number of milliseconds" }).min(1).max(3_600_000);

const LatencySpec = z.strictObject({
  /** false: no latency alerts (default: on when p95 or p99 is given). */
  enabled: z.boolean({ error: "must be true or false" }).optional(),
  /** Alert when the 95th percentile of request latency exceeds this many milliseconds. */
  p95: latencyMs.optional(),
  /** Alert when the 99th percentile of request latency exceeds this many milliseconds. */
  p99: latencyMs.optional(),
  /** The window the percentiles are computed over (default 300s). */
  window: window.optional(),
});

const serviceAlerts = {
  /** Alert when the uptime check fails (default true when the uptime check is on). */
  uptime: z.boolean({ error: "must be true or false" }).optional(),
  /** 5xx ratio alert (default ratio 0.05 over 300s); `enabled: false` turns it off. */
  errors: ErrorRatioSpec.optional(),
  /** p95 / p99 latency alerts (default none); `enabled: false` turns them off. */
  latency: LatencySpec.optional(),
};

const jobAlerts = {
  /** Alert on every failed execution (run.googleapis.com/job/completed_execution_count, result "failed"); default true. */
  failedExecutions: z.boolean({ error: "must be true or false" }).optional(),
};

const common = {
  /** false: no monitoring for this target (or, in project.yaml, none unless a target turns it on). */
  enabled: z.boolean({ error: "must be true or false" }).optional(),
  /** Notification channels alerts go to, by display name (as shown in Cloud Monitoring > Alerting > Notification channels). */
  notificationChannels: z.array(z.string().min(1, { error: "must be a channel's display name" })).optional(),
};

/** A service's `monitoring` (and its environments' overrides). */
export const ServiceMonitoringSpec = z.strictObject({ ...common, uptime: UptimeSpec.optional(), alerts: z.strictObject(serviceAlerts).optional() });

/** A job's `monitoring`: jobs serve no requests, so only the failed-execution alert. */
export const JobMonitoringSpec = z.strictObject({ ...common, alerts: z.strictObject(jobAlerts).optional() });

/** project.yaml `monitoring` (and `environments.ENV.monitoring`): defaults for every service and job. */
export const ProjectMonitoringSpec = z.strictObject({ ...common, uptime: UptimeSpec.optional(), alerts: z.strictObject({ ...serviceAlerts, ...jobAlerts }).optional() });

export type ServiceMonitoringLayer = z.output<typeof ServiceMonitoringSpec>;
export type JobMonitoringLayer = z.output<typeof JobMonitoringSpec>;
export type ProjectMonitoringLayer = z.output<typeof ProjectMonitoringSpec>;

/** Whether any catalog layer has a `monitoring` block (deploy-all syncs and preflight checks monitoring only then). */
export const catalogHasMonitoring = (catalog: Catalog): boolean =>
  Boolean(catalog.project.monitoring) ||
  Object.values(catalog.project.environments).some((e) => e.monitoring) ||
  [...catalog.services, ...catalog.jobs].some((t) => t.monitoring || Object.values(t.environments).some((e) => e.monitoring));
