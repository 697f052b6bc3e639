// What Cloud Monitoring v3 rejects in uptime checks and alert policies (INVALID_ARGUMENT), from
// the field comments of uptime.proto, alert.proto and common.proto that @google-cloud/monitoring
// ships, and https://cloud.google.com/monitoring/api/ref_v3/rest/v3/projects.uptimeCheckConfigs,
// .../projects.alertPolicies. Messages name the field, as the API's do.
import { invalidArgument } from "../grpc/status.js";
import type { IAlertPolicy, ICondition, IDuration, IUptimeCheckConfig } from "./types.js";

/** uptime.proto UptimeCheckConfig.period: "the only supported values are 60s, 300s, 600s, and 900s". */
export const UPTIME_PERIODS = [60, 300, 600, 900];

/** Checker locations per region (uptime.proto UptimeCheckRegion; USA holds Oregon, Iowa and Virginia). */
const REGION_LOCATIONS: Record<string, number> = { USA: 3, EUROPE: 1, SOUTH_AMERICA: 1, ASIA_PACIFIC: 1, USA_OREGON: 1, USA_IOWA: 1, USA_VIRGINIA: 1 };

/** Monitored resource types an uptime check may watch (UptimeCheckConfig.monitored_resource). */
export const UPTIME_RESOURCE_TYPES = ["uptime_url", "gce_instance", "gae_app", "aws_ec2_instance", "aws_elb_load_balancer", "k8s_service", "servicedirectory_service", "cloud_run_revision"];

/** Required labels of the types the pipeline uses. */
const RESOURCE_LABELS: Record<string, string[]> = { uptime_url: ["host"], cloud_run_revision: ["project_id", "service_name", "location"] };

export const seconds = (d: IDuration | null | undefined): number => Number(String(d?.seconds ?? 0)) + (d?.nanos ?? 0) / 1e9;

/** uptime.proto / alert.proto user_labels: up to 64 entries, keys and values <= 63 characters of lowercase letters, digits, "_" and "-"; keys start with a letter. */
export function checkUserLabels(labels: Record<string, string> | null | undefined, field: string): void {
  const entries = Object.entries(labels ?? {});
  if (entries.length > 64) throw invalidArgument(`${field} may hold at most 64 entries (got ${entries.length}).`);
  for (const [key, value] of entries) {
    if (!/^[a-z][a-z0-9_-]{0,62}$/.test(key)) throw invalidArgument(`${field} key "${key}" must start with a lowercase letter and hold at most 63 lowercase letters, digits, underscores and dashes.`);
    if (!/^[a-z0-9_-]{0,63}$/.test(value)) throw invalidArgument(`${field}.${key} value "${value}" may hold at most 63 lowercase letters, digits, underscores and dashes.`);
  }
}

export function validateUptimeCheck(c: IUptimeCheckConfig): void {
  if (!c.displayName) throw invalidArgument("UptimeCheckConfig.display_name is required.");
  if (c.displayName.length > 100) throw invalidArgument("UptimeCheckConfig.display_name must be at most 100 characters.");
  const resources = [c.monitoredResource, c.resourceGroup, c.syntheticMonitor].filter(Boolean);
  if (resources.length !== 1) throw invalidArgument("UptimeCheckConfig must set exactly one of monitored_resource, resource_group, synthetic_monitor.");
  if (c.monitoredResource) {
    const type = c.monitoredResource.type ?? "";
    if (!UPTIME_RESOURCE_TYPES.includes(type)) throw invalidArgument(`UptimeCheckConfig.monitored_resource.type "${type}" is not supported for uptime checks; use one of ${UPTIME_RESOURCE_TYPES.join(", ")}.`);
    for (const label of RESOURCE_LABELS[type] ?? []) {
      if (!c.monitoredResource.labels?.[label]) throw invalidArgument(`UptimeCheckConfig.monitored_resource.labels.${label} is required for type ${type}.`);
    }
  }
  if (!c.syntheticMonitor && Boolean(c.httpCheck) === Boolean(c.tcpCheck)) throw invalidArgument("UptimeCheckConfig must set exactly one of http_check, tcp_check.");
  const period = c.period ? seconds(c.period) : 60;
  if (!UPTIME_PERIODS.includes(period)) throw invalidArgument(`UptimeCheckConfig.period must be one of 60s, 300s, 600s, 900s (got ${period}s).`);
  if (!c.timeout) throw invalidArgument("UptimeCheckConfig.timeout is required.");
  const timeout = seconds(c.timeout);
  if (timeout < 1 || timeout > 60) throw invalidArgument(`UptimeCheckConfig.timeout must be between 1s and 60s (got ${timeout}s).`);
  const regions = c.selectedRegions ?? [];
  for (const r of regions) if (!(r in REGION_LOCATIONS)) throw invalidArgument(`UptimeCheckConfig.selected_regions: "${r}" is not a checker region.`);
  const locations = [...new Set(regions)].reduce((n, r) => n + REGION_LOCATIONS[r]!, 0);
  if (regions.length && locations < 3) throw invalidArgument(`UptimeCheckConfig.selected_regions must include a minimum of 3 locations (got ${locations}: ${regions.join(", ")}).`);
  const h = c.httpCheck;
  if (h) {
    if (h.port !== undefined && h.port !== null && (h.port < 1 || h.port > 65535)) throw invalidArgument(`UptimeCheckConfig.http_check.port must be 1..65535 (got ${h.port}).`);
    if (h.authInfo && h.serviceAgentAuthentication) throw invalidArgument("UptimeCheckConfig.http_check may set at most one of auth_info, service_agent_authentication.");
    const saType = h.serviceAgentAuthentication?.type;
    if (h.serviceAgentAuthentication && saType !== "OIDC_TOKEN") throw invalidArgument(`UptimeCheckConfig.http_check.service_agent_authentication.type must be OIDC_TOKEN (got ${saType ?? "unset"}).`);
  }
  checkUserLabels(c.userLabels, "UptimeCheckConfig.user_labels");
}

const CONDITION_TYPES = ["conditionThreshold", "conditionAbsent", "conditionMatchedLog", "conditionMonitoringQueryLanguage", "conditionPrometheusQueryLanguage", "conditionSql"] as const;

function validateCondition(c: ICondition, i: number): void {
  const field = `AlertPolicy.conditions[${i}]`;
  if (!c.displayName) throw invalidArgument(`${field}.display_name is required.`);
  const set = CONDITION_TYPES.filter((t) => c[t]);
  if (set.length !== 1) throw invalidArgument(`${field} must set exactly one condition type (condition_threshold, condition_absent, ...).`);
  const t = c.conditionThreshold;
  if (!t) return;
  if (!t.filter) throw invalidArgument(`${field}.condition_threshold.filter is required.`);
  if (!/metric\.type\s*=/.test(t.filter)) throw invalidArgument(`${field}.condition_threshold.filter must name a metric.type.`);
  if (!t.comparison || t.comparison === "COMPARISON_UNSPECIFIED") throw invalidArgument(`${field}.condition_threshold.comparison is required.`);
  if (!t.duration) throw invalidArgument(`${field}.condition_threshold.duration is required.`);
  for (const [list, name] of [[t.aggregations, "aggregations"], [t.denominatorAggregations, "denominator_aggregations"]] as const) {
    (list ?? []).forEach((a, j) => {
      const aligned = a.perSeriesAligner && a.perSeriesAligner !== "ALIGN_NONE";
      if (aligned && !a.alignmentPeriod) throw invalidArgument(`${field}.condition_threshold.${name}[${j}].alignment_period is required with a per_series_aligner.`);
      if (a.alignmentPeriod && seconds(a.alignmentPeriod) < 60) throw invalidArgument(`${field}.condition_threshold.${name}[${j}].alignment_period must be at least 60 seconds.`);
      if (a.crossSeriesReducer && a.crossSeriesReducer !== "REDUCE_NONE" && !aligned) throw invalidArgument(`${field}.condition_threshold.${name}[${j}]: a cross_series_reducer needs a per_series_aligner.`);
    });
  }
  if (t.denominatorFilter && !(t.denominatorAggregations ?? []).length && (t.aggregations ?? []).length) throw invalidArgument(`${field}.condition_threshold.denominator_aggregations are required with denominator_filter when aggregations are given.`);
}

/** `channelExists` answers whether a notification channel name exists in the project. */
export function validateAlertPolicy(p: IAlertPolicy, channelExists: (name: string) => boolean): void {
  if (!p.displayName) throw invalidArgument("AlertPolicy.display_name is required.");
  if (p.displayName.length > 512) throw invalidArgument("AlertPolicy.display_name must be at most 512 characters.");
  const conditions = p.conditions ?? [];
  if (conditions.length < 1 || conditions.length > 6) throw invalidArgument(`AlertPolicy.conditions must hold from one to six conditions (got ${conditions.length}).`);
  conditions.forEach(validateCondition);
  const mql = conditions.some((c) => c.conditionMonitoringQueryLanguage);
  if (!mql && (!p.combiner || p.combiner === "COMBINE_UNSPECIFIED")) throw invalidArgument("AlertPolicy.combiner is required: AND, OR or AND_WITH_MATCHING_RESOURCE.");
  for (const name of p.notificationChannels ?? []) {
    if (!channelExists(name)) throw invalidArgument(`AlertPolicy.notification_channels: "${name}" does not exist; use the name of an existing notification channel (projects/[PROJECT_ID]/notificationChannels/[CHANNEL_ID]).`);
  }
  checkUserLabels(p.userLabels, "AlertPolicy.user_labels");
}
