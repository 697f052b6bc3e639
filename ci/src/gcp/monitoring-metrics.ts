/**
 * The canary's numbers from Cloud Monitoring (MetricService.ListTimeSeries through
 * @google-cloud/monitoring, loaded on first use): per revision of one Cloud Run service over a
 * window, the requests and 5xx answers (`run.googleapis.com/request_count`, summed by
 * response_code_class) and the p95/p99 of `run.googleapis.com/request_latencies` (the
 * distribution's percentile across the revision's series). One aligned bucket covers the window.
 */
import type { MetricServiceClient } from "@google-cloud/monitoring";
import type { ClientOptions } from "./cloud-run.js";
import { withRetry } from "./retry.js";

/** One revision's requests over a window (Cloud Run's request_count and request_latencies). */
export interface RevisionMetrics {
  requests: number;
  /** Requests answered with a 5xx status. */
  errors: number;
  /** Latency percentiles in milliseconds; absent when there were no requests to measure. */
  p95Ms?: number;
  p99Ms?: number;
}

/** Reads Cloud Run's request metrics of revisions of one service over a window. */
export interface CanaryMetrics {
  read(service: { project: string; region: string; serviceId: string }, revisions: string[], startMs: number, endMs: number): Promise<Record<string, RevisionMetrics>>;
}

/** The least alignment period Cloud Monitoring accepts. */
const MIN_ALIGNMENT_SECONDS = 60;

const timestamp = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });
const quote = (v: string) => `"${v.replace(/["\\]/g, "\\$&")}"`;

/** The filter of one metric over one service's revisions. */
export function revisionFilter(metricType: string, service: { project: string; region: string; serviceId: string }, revisions: string[]): string {
  return [
    `metric.type = ${quote(metricType)}`,
    `resource.type = "cloud_run_revision"`,
    `resource.labels.service_name = ${quote(service.serviceId)}`,
    `resource.labels.location = ${quote(service.region)}`,
    `resource.labels.revision_name = one_of(${revisions.map(quote).join(", ")})`,
  ].join(" AND ");
}

interface Point { value?: { int64Value?: string | number | null; doubleValue?: number | null } | null }
interface Series { resource?: { labels?: Record<string, string> | null } | null; metric?: { labels?: Record<string, string> | null } | null; points?: Point[] | null }

const num = (v: string | number | null | undefined): number => (v === null || v === undefined ? 0 : Number(v));

export class GoogleCanaryMetrics implements CanaryMetrics {
  private client?: Promise<MetricServiceClient>;

  constructor(private readonly options: ClientOptions) {}

  private metricClient(): Promise<MetricServiceClient> {
    this.client ??= import("@google-cloud/monitoring").then((m) => new m.MetricServiceClient(this.options as never));
    return this.client;
  }

  async read(service: { project: string; region: string; serviceId: string }, revisions: string[], startMs: number, endMs: number): Promise<Record<string, RevisionMetrics>> {
    const client = await this.metricClient();
    const seconds = Math.max(MIN_ALIGNMENT_SECONDS, Math.ceil((endMs - startMs) / 1000));
    const interval = { startTime: timestamp(endMs - seconds * 1000), endTime: timestamp(endMs) };
    const list = (metricType: string, reducer: string, groupBy: string[]) =>
      withRetry(async () => {
        const [series] = await client.listTimeSeries(
          {
            name: `projects/${service.project}`,
            filter: revisionFilter(metricType, service, revisions),
            interval,
            aggregation: { alignmentPeriod: { seconds }, perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: reducer, groupByFields: groupBy },
            view: "FULL",
          } as never,
          { autoPaginate: true },
        );
        return series as Series[];
      });
    const [counts, p95, p99] = await Promise.all([
      list("run.googleapis.com/request_count", "REDUCE_SUM", ["resource.labels.revision_name", "metric.labels.response_code_class"]),
      list("run.googleapis.com/request_latencies", "REDUCE_PERCENTILE_95", ["resource.labels.revision_name"]),
      list("run.googleapis.com/request_latencies", "REDUCE_PERCENTILE_99", ["resource.labels.revision_name"]),
    ]);
    const out: Record<string, RevisionMetrics> = Object.fromEntries(revisions.map((r) => [r, { requests: 0, errors: 0 }]));
    for (const s of counts) {
      const m = out[s.resource?.labels?.["revision_name"] ?? ""];
      if (!m) continue;
      const n = (s.points ?? []).reduce((sum, p) => sum + num(p.value?.int64Value), 0);
      m.requests += n;
      if (s.metric?.labels?.["response_code_class"] === "5xx") m.errors += n;
    }
    for (const [series, key] of [[p95, "p95Ms"], [p99, "p99Ms"]] as const) {
      for (const s of series) {
        const m = out[s.resource?.labels?.["revision_name"] ?? ""];
        const values = (s.points ?? []).map((p) => p.value?.doubleValue).filter((v): v is number => typeof v === "number");
        if (m && values.length) m[key] = Math.max(...values);
      }
    }
    return out;
  }

  async close(): Promise<void> {
    if (this.client) await (await this.client).close();
  }
}
