/**
 * Cloud Monitoring v3 resources as the pipeline writes and reads them (google/monitoring/v3
 * uptime.proto, alert.proto, notification.proto; camelCase as the Node client speaks). Reads may
 * carry int64 seconds as strings or Long objects, and enums as names: compare through `secondsOf`.
 */
export interface DurationValue {
  seconds?: number | string | { toString(): string } | null;
  nanos?: number | null;
}

export interface UptimeCheckResource {
  /** projects/P/uptimeCheckConfigs/ID (set by the API). */
  name?: string | null;
  displayName?: string | null;
  monitoredResource?: { type?: string | null; labels?: Record<string, string> | null } | null;
  httpCheck?: {
    requestMethod?: string | null;
    useSsl?: boolean | null;
    path?: string | null;
    port?: number | null;
    validateSsl?: boolean | null;
    serviceAgentAuthentication?: { type?: string | null } | null;
  } | null;
  period?: DurationValue | null;
  timeout?: DurationValue | null;
  checkerType?: string | null;
  selectedRegions?: string[] | null;
  userLabels?: Record<string, string> | null;
}

export interface AggregationValue {
  alignmentPeriod?: DurationValue | null;
  perSeriesAligner?: string | null;
  crossSeriesReducer?: string | null;
  groupByFields?: string[] | null;
}

export interface MetricThresholdValue {
  filter?: string | null;
  aggregations?: AggregationValue[] | null;
  denominatorFilter?: string | null;
  denominatorAggregations?: AggregationValue[] | null;
  comparison?: string | null;
  thresholdValue?: number | null;
  duration?: DurationValue | null;
  trigger?: { count?: number | null; percent?: number | null } | null;
}

export interface AlertConditionValue {
  /** projects/P/alertPolicies/ID/conditions/CID (set by the API). */
  name?: string | null;
  displayName?: string | null;
  conditionThreshold?: MetricThresholdValue | null;
}

export interface AlertPolicyResource {
  /** projects/P/alertPolicies/ID (set by the API). */
  name?: string | null;
  displayName?: string | null;
  documentation?: { content?: string | null; mimeType?: string | null } | null;
  userLabels?: Record<string, string> | null;
  conditions?: AlertConditionValue[] | null;
  combiner?: string | null;
  enabled?: { value?: boolean | null } | null;
  notificationChannels?: string[] | null;
}

export interface NotificationChannelResource {
  /** projects/P/notificationChannels/ID */
  name?: string | null;
  displayName?: string | null;
  type?: string | null;
}

/** Seconds of a protobuf Duration, whatever form the client gave it in (0 when unset). */
export const secondsOf = (d: DurationValue | null | undefined): number => Number(String(d?.seconds ?? 0));
