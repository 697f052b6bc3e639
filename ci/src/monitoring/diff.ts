/**
 * Which fields of a live uptime check or alert policy differ from the rendered one, as update-mask
 * paths. Fields the API fills in (names, condition ids, mutation records, validity) and defaults
 * the API reports for unset fields never count; nor do user labels: the identity labels matched
 * already, and labels other people add are theirs (updates never name user_labels). Pure.
 */
import { type AggregationValue, type AlertPolicyResource, type MetricThresholdValue, secondsOf, type UptimeCheckResource } from "../gcp/monitoring-resources.js";

/** Uptime check fields UpdateUptimeCheckConfig can change (uptime_service.proto); the others need a new check. */
export const UPDATABLE_UPTIME_FIELDS = new Set(["display_name", "http_check", "timeout", "selected_regions"]);

const sortedLabels = (labels: Record<string, string> | null | undefined): [string, string][] => Object.entries(labels ?? {}).sort(([a], [b]) => a.localeCompare(b));
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const httpCheckOf = (c: UptimeCheckResource): unknown => {
  const h = c.httpCheck ?? {};
  return [h.requestMethod ?? "GET", Boolean(h.useSsl), h.path || "/", h.port ?? (h.useSsl ? 443 : 80), Boolean(h.validateSsl), h.serviceAgentAuthentication?.type ?? null];
};

export function uptimeChanges(live: UptimeCheckResource, want: UptimeCheckResource): string[] {
  const fields: string[] = [];
  if ((live.displayName ?? "") !== (want.displayName ?? "")) fields.push("display_name");
  const resource = (c: UptimeCheckResource) => [c.monitoredResource?.type ?? "", sortedLabels(c.monitoredResource?.labels)];
  if (!same(resource(live), resource(want))) fields.push("monitored_resource");
  if (!same(httpCheckOf(live), httpCheckOf(want))) fields.push("http_check");
  if ((secondsOf(live.period) || 60) !== (secondsOf(want.period) || 60)) fields.push("period");
  if (secondsOf(live.timeout) !== secondsOf(want.timeout)) fields.push("timeout");
  if ((live.checkerType || "STATIC_IP_CHECKERS") !== (want.checkerType || "STATIC_IP_CHECKERS")) fields.push("checker_type");
  if (!same([...(live.selectedRegions ?? [])].sort(), [...(want.selectedRegions ?? [])].sort())) fields.push("selected_regions");
  return fields;
}

const aggregationsOf = (list: AggregationValue[] | null | undefined): unknown =>
  (list ?? []).map((a) => [secondsOf(a.alignmentPeriod), a.perSeriesAligner ?? "ALIGN_NONE", a.crossSeriesReducer ?? "REDUCE_NONE", [...(a.groupByFields ?? [])]]);

const thresholdOf = (t: MetricThresholdValue | null | undefined): unknown =>
  t
    ? [t.filter ?? "", aggregationsOf(t.aggregations), t.denominatorFilter ?? "", aggregationsOf(t.denominatorAggregations), t.comparison ?? "", Number(t.thresholdValue ?? 0), secondsOf(t.duration), t.trigger?.count ?? 0, t.trigger?.percent ?? 0]
    : null;

const conditionsOf = (p: AlertPolicyResource): unknown => (p.conditions ?? []).map((c) => [c.displayName ?? "", thresholdOf(c.conditionThreshold)]);

export function alertChanges(live: AlertPolicyResource, want: AlertPolicyResource): string[] {
  const fields: string[] = [];
  if ((live.displayName ?? "") !== (want.displayName ?? "")) fields.push("display_name");
  const doc = (p: AlertPolicyResource) => [p.documentation?.content ?? "", p.documentation?.mimeType || "text/markdown"];
  if (!same(doc(live), doc(want))) fields.push("documentation");
  if (!same(conditionsOf(live), conditionsOf(want))) fields.push("conditions");
  if ((live.combiner ?? "COMBINE_UNSPECIFIED") !== (want.combiner ?? "COMBINE_UNSPECIFIED")) fields.push("combiner");
  if ((live.enabled?.value ?? true) !== (want.enabled?.value ?? true)) fields.push("enabled");
  if (!same([...(live.notificationChannels ?? [])].sort(), [...(want.notificationChannels ?? [])].sort())) fields.push("notification_channels");
  return fields;
}
