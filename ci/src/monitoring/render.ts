/**
 * The uptime checks and alert policies the catalog wants in one environment, rendered exactly as
 * they are sent to Cloud Monitoring. Pure.
 *
 * - Uptime checks watch the service as a `cloud_run_revision` monitored resource (project_id,
 *   service_name, location), over HTTPS on 443, GET of the health path. Private services
 *   (run.public false) are checked with the Cloud Monitoring service agent's OIDC token
 *   (HttpCheck.service_agent_authentication OIDC_TOKEN); the agent needs roles/run.invoker on
 *   the service. They are never made public for it.
 * - Alerts are metric-threshold policies on Cloud Run's metrics: uptime failure
 *   (monitoring.googleapis.com/uptime_check/check_passed of the check), 5xx ratio
 *   (run.googleapis.com/request_count with response_code_class "5xx" over all responses), p95/p99
 *   latency (run.googleapis.com/request_latencies, in ms), and for jobs failed executions
 *   (run.googleapis.com/job/completed_execution_count with result "failed").
 */
import type { AggregationValue, AlertPolicyResource, UptimeCheckResource } from "../gcp/monitoring-resources.js";
import { type CheckKind, identityKey, identityLabels, type MonitoringIdentity } from "./identity.js";
import type { JobMonitoring, ServiceMonitoring, TargetMonitoring } from "./settings.js";

export interface DesiredUptimeCheck {
  identity: MonitoringIdentity;
  key: string;
  check: UptimeCheckResource;
}

export interface DesiredAlertPolicy {
  identity: MonitoringIdentity;
  key: string;
  /** Display names of the channels; resolved to channel names by the sync. */
  channels: string[];
  /** Where the catalog gives the channels ("FILE: FIELD"), for errors. */
  channelsFrom: string;
  /** The uptime check this alert watches (its key), whose id goes in the filter. */
  uptimeCheck?: string;
  /** Renders the policy once the uptime check's id and the channels' names are known. */
  policy(resolved: { checkId?: string; channels: string[] }): AlertPolicyResource;
}

/** The check-id the uptime alert filters on: the last segment of projects/P/uptimeCheckConfigs/ID. */
export const checkIdOf = (name: string): string => name.split("/").pop() ?? name;

const targetLabel = (t: TargetMonitoring): string => `${t.kind}-${t.target}`;
const identity = (env: string, t: TargetMonitoring, check: CheckKind): MonitoringIdentity => ({ env, target: targetLabel(t), check });
const title = (env: string, t: TargetMonitoring): string => `${t.cloudRunId} (${t.kind}, ${env})`;

export function renderUptimeCheck(env: string, t: ServiceMonitoring): DesiredUptimeCheck | undefined {
  if (!t.uptime) return undefined;
  const id = identity(env, t, "uptime");
  const check: UptimeCheckResource = {
    // Cloud Monitoring allows 100 characters (uptime.proto display_name).
    displayName: `${title(env, t)} uptime ${t.uptime.path}`.slice(0, 100),
    monitoredResource: { type: "cloud_run_revision", labels: { project_id: t.project, service_name: t.cloudRunId, location: t.region } },
    httpCheck: {
      requestMethod: "GET",
      useSsl: true,
      path: t.uptime.path,
      port: 443,
      validateSsl: true,
      ...(t.public ? {} : { serviceAgentAuthentication: { type: "OIDC_TOKEN" } }),
    },
    period: { seconds: t.uptime.periodSeconds },
    timeout: { seconds: t.uptime.timeoutSeconds },
    checkerType: "STATIC_IP_CHECKERS",
    selectedRegions: [...t.uptime.regions],
    userLabels: identityLabels(id),
  };
  return { identity: id, key: identityKey(id), check };
}

const aggregation = (seconds: number, perSeriesAligner: string, crossSeriesReducer: string, groupByFields: string[]): AggregationValue => ({
  alignmentPeriod: { seconds },
  perSeriesAligner,
  crossSeriesReducer,
  groupByFields,
});

function policyOf(env: string, t: TargetMonitoring, check: CheckKind, what: string, doc: string, condition: NonNullable<AlertPolicyResource["conditions"]>[number], channels: string[]): AlertPolicyResource {
  return {
    displayName: `${title(env, t)}: ${what}`,
    documentation: { content: `${doc}\n\nManaged by cloud-run-pipeline (\`dagger call monitoring --env=${env}\`); edit the catalog, not this policy.`, mimeType: "text/markdown" },
    userLabels: identityLabels(identity(env, t, check)),
    conditions: [condition],
    combiner: "OR",
    enabled: { value: true },
    notificationChannels: [...channels].sort(),
  };
}

const serviceFilter = (t: TargetMonitoring, metric: string, extra = ""): string =>
  `metric.type="${metric}" AND resource.type="cloud_run_revision" AND resource.label.service_name="${t.cloudRunId}" AND resource.label.location="${t.region}"${extra}`;

const percent = (ratio: number): string => `${Number((ratio * 100).toPrecision(12))}%`;

function desired(env: string, t: TargetMonitoring, check: CheckKind, render: (resolved: { checkId?: string; channels: string[] }) => AlertPolicyResource, uptimeCheck?: string): DesiredAlertPolicy {
  const id = identity(env, t, check);
  return { identity: id, key: identityKey(id), channels: t.channels, channelsFrom: t.channelsFrom, uptimeCheck, policy: render };
}

export function renderServiceAlerts(env: string, t: ServiceMonitoring, uptimeKey?: string): DesiredAlertPolicy[] {
  const out: DesiredAlertPolicy[] = [];
  if (t.uptimeAlert && uptimeKey) {
    out.push(desired(env, t, "uptime-failure", ({ checkId, channels }) =>
      policyOf(env, t, "uptime-failure", `uptime check of ${t.uptime!.path} failing`, `The uptime check of ${t.uptime!.path} fails from more than one checker location.`, {
        displayName: `uptime check ${t.uptime!.path} failing`,
        conditionThreshold: {
          filter: `metric.type="monitoring.googleapis.com/uptime_check/check_passed" AND resource.type="cloud_run_revision" AND metric.label.check_id="${checkId ?? ""}"`,
          aggregations: [aggregation(1200, "ALIGN_NEXT_OLDER", "REDUCE_COUNT_FALSE", ["resource.label.service_name"])],
          comparison: "COMPARISON_GT",
          thresholdValue: 1,
          duration: { seconds: 60 },
          trigger: { count: 1 },
        },
      }, channels), uptimeKey));
  }
  if (t.errors) {
    const { ratio, windowSeconds } = t.errors;
    const agg = [aggregation(windowSeconds, "ALIGN_RATE", "REDUCE_SUM", ["resource.label.service_name"])];
    out.push(desired(env, t, "errors", ({ channels }) =>
      policyOf(env, t, "errors", `5xx ratio above ${percent(ratio)} over ${windowSeconds}s`, `More than ${percent(ratio)} of the responses over ${windowSeconds}s were 5xx.`, {
        displayName: `5xx ratio > ${percent(ratio)}`,
        conditionThreshold: {
          filter: serviceFilter(t, "run.googleapis.com/request_count", ' AND metric.label.response_code_class="5xx"'),
          aggregations: agg,
          denominatorFilter: serviceFilter(t, "run.googleapis.com/request_count"),
          denominatorAggregations: agg,
          comparison: "COMPARISON_GT",
          thresholdValue: ratio,
          duration: { seconds: 0 },
          trigger: { count: 1 },
        },
      }, channels)));
  }
  for (const p of ["p95", "p99"] as const) {
    const ms = t.latency?.[p];
    if (ms === undefined) continue;
    const windowSeconds = t.latency!.windowSeconds;
    out.push(desired(env, t, `latency-${p}`, ({ channels }) =>
      policyOf(env, t, `latency-${p}`, `${p} latency above ${ms} ms over ${windowSeconds}s`, `The ${p} request latency over ${windowSeconds}s was above ${ms} ms.`, {
        displayName: `${p} latency > ${ms} ms`,
        conditionThreshold: {
          filter: serviceFilter(t, "run.googleapis.com/request_latencies"),
          aggregations: [aggregation(windowSeconds, "ALIGN_DELTA", `REDUCE_PERCENTILE_${p.slice(1)}`, ["resource.label.service_name"])],
          comparison: "COMPARISON_GT",
          thresholdValue: ms,
          duration: { seconds: 0 },
          trigger: { count: 1 },
        },
      }, channels)));
  }
  return out;
}

export function renderJobAlerts(env: string, t: JobMonitoring): DesiredAlertPolicy[] {
  if (!t.failedExecutions) return [];
  return [desired(env, t, "failed-executions", ({ channels }) =>
    policyOf(env, t, "failed-executions", "failed executions", "An execution of the job failed.", {
      displayName: "failed executions > 0",
      conditionThreshold: {
        filter: `metric.type="run.googleapis.com/job/completed_execution_count" AND resource.type="cloud_run_job" AND resource.label.job_name="${t.cloudRunId}" AND resource.label.location="${t.region}" AND metric.label.result="failed"`,
        aggregations: [aggregation(60, "ALIGN_DELTA", "REDUCE_SUM", ["resource.label.job_name"])],
        comparison: "COMPARISON_GT",
        thresholdValue: 0,
        duration: { seconds: 0 },
        trigger: { count: 1 },
      },
    }, channels))];
}

export interface DesiredMonitoring {
  checks: DesiredUptimeCheck[];
  alerts: DesiredAlertPolicy[];
}

/** Everything `targets` want in `env`. */
export function renderMonitoring(env: string, targets: readonly TargetMonitoring[]): DesiredMonitoring {
  const checks: DesiredUptimeCheck[] = [];
  const alerts: DesiredAlertPolicy[] = [];
  for (const t of targets) {
    if (t.kind === "job") {
      alerts.push(...renderJobAlerts(env, t));
      continue;
    }
    const check = renderUptimeCheck(env, t);
    if (check) checks.push(check);
    alerts.push(...renderServiceAlerts(env, t, check?.key));
  }
  return { checks, alerts };
}
