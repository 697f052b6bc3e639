// startFakeMetrics: Cloud Monitoring v3 MetricService.ListTimeSeries over real gRPC, from the
// protos @google-cloud/monitoring ships, serving Cloud Run's request metrics of revisions
// (run.googleapis.com/request_count, DELTA INT64 by response_code_class; request_latencies,
// DELTA DISTRIBUTION in ms) from requests the test records. It answers only what the documented
// API answers for the queries the pipeline makes, and rejects the rest:
// - the filter: `metric.type = "..."` (required, exactly one), `resource.type = "..."` and
//   `resource.labels.X = "v"` / `= one_of("a", ...)`, joined by AND; anything else is INVALID_ARGUMENT;
// - interval.endTime is required and must not be before startTime;
// - an aggregation with a crossSeriesReducer needs a perSeriesAligner other than ALIGN_NONE and
//   an alignmentPeriod of at least 60s; ALIGN_DELTA only on DELTA/CUMULATIVE metrics;
//   REDUCE_PERCENTILE_* only on distributions and numbers; REDUCE_SUM on INT64 (and distributions);
// - monitoring.timeSeries.list can be denied, and faults fail the next calls.
// Simplification (documented, not hidden): the percentile of a distribution is computed from the
// exact samples (Monitoring interpolates within the distribution's buckets, so real values differ
// slightly); the pipeline compares ratios between revisions, not exact values.
import * as grpc from "@grpc/grpc-js";
import { bearerAuth, type AuthOptions } from "../grpc/auth.js";
import { CallLog, type RecordedCall } from "../grpc/calls.js";
import { loadClientProtos } from "../grpc/proto.js";
import { bindService, listen, type GrpcClientOptions } from "../grpc/serve.js";
import { invalidArgument, RpcError } from "../grpc/status.js";
import type { HeaderSource } from "../grpc/tls.js";

export const METRIC_SERVICE = "google.monitoring.v3.MetricService";
const definition = loadClientProtos("@google-cloud/monitoring").service(METRIC_SERVICE);

export const REQUEST_COUNT = "run.googleapis.com/request_count";
export const REQUEST_LATENCIES = "run.googleapis.com/request_latencies";

/** Requests a revision answered at one moment, as Cloud Run would report them. */
export interface RecordedRequests {
  service: string;
  revision: string;
  location: string;
  /** When they were answered (ms since the epoch). */
  atMs: number;
  /** "2xx", "4xx", "5xx"... */
  codeClass: string;
  count: number;
  /** Each request's latency in ms (default: 100 ms each). */
  latenciesMs?: number[];
}

export interface FakeMetrics {
  clientOptions<A extends HeaderSource>(authClient?: A): GrpcClientOptions<A>;
  record(r: RecordedRequests): void;
  /** Forgets every recorded request, call, fault and denial (between tests). */
  reset(): void;
  calls: RecordedCall[];
  /** The next `n` ListTimeSeries calls fail with `code`. */
  failNext(code: number, message: string, n?: number): void;
  deniedPermissions: Set<string>;
  close(): Promise<void>;
}

interface Timestamp { seconds?: string | number; nanos?: number }
const ms = (t: Timestamp | undefined): number | undefined => (t?.seconds === undefined ? undefined : Number(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6));
const ts = (msValue: number) => ({ seconds: String(Math.floor(msValue / 1000)), nanos: (msValue % 1000) * 1e6 });

interface Clause { key: string; values: string[] }

/** Parses the filter subset the pipeline sends; refuses anything else as the API does a malformed filter. */
export function parseFilter(filter: string): Clause[] {
  if (!filter.trim()) throw invalidArgument("Field filter had an invalid value: a filter with a metric.type is required.");
  const clauses: Clause[] = [];
  for (const part of filter.split(/\s+AND\s+/)) {
    const one = /^\s*([a-z_.]+)\s*=\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(part);
    const many = /^\s*([a-z_.]+)\s*=\s*one_of\(\s*((?:"(?:[^"\\]|\\.)*"\s*,?\s*)+)\)\s*$/.exec(part);
    if (one) clauses.push({ key: one[1]!, values: [one[2]!.replace(/\\(.)/g, "$1")] });
    else if (many) clauses.push({ key: many[1]!, values: [...many[2]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\(.)/g, "$1")) });
    else throw invalidArgument(`Field filter had an invalid value of "${filter}": could not parse "${part.trim()}".`);
    const key = clauses[clauses.length - 1]!.key;
    if (key !== "metric.type" && key !== "resource.type" && !key.startsWith("resource.labels.") && !key.startsWith("metric.labels.")) {
      throw invalidArgument(`Field filter had an invalid value of "${filter}": unknown field "${key}".`);
    }
  }
  if (clauses.filter((c) => c.key === "metric.type").length !== 1 || clauses.find((c) => c.key === "metric.type")!.values.length !== 1) {
    throw invalidArgument(`Field filter had an invalid value of "${filter}": exactly one metric.type = "..." is required.`);
  }
  return clauses;
}

const percentileOf = (samples: number[], p: number): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(0, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[rank]!;
};

export async function startFakeMetrics(options: AuthOptions & { tls?: boolean } = {}): Promise<FakeMetrics> {
  const recorded: RecordedRequests[] = [];
  const log = new CallLog(new Set());
  const faults: Array<{ code: number; message: string }> = [];
  const deniedPermissions = new Set<string>();
  const server = new grpc.Server();

  function listTimeSeries(request: {
    name?: string; filter?: string; interval?: { startTime?: Timestamp; endTime?: Timestamp };
    aggregation?: { alignmentPeriod?: Timestamp; perSeriesAligner?: string; crossSeriesReducer?: string; groupByFields?: string[] }; view?: string;
  }) {
    if (!/^projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(request.name ?? "")) throw invalidArgument(`Field name had an invalid value of "${request.name ?? ""}": must be projects/PROJECT_ID.`);
    const clauses = parseFilter(request.filter ?? "");
    const end = ms(request.interval?.endTime);
    if (end === undefined) throw invalidArgument("Field interval.endTime is required.");
    const start = ms(request.interval?.startTime) ?? end;
    if (start > end) throw invalidArgument("Field interval.startTime must not be later than interval.endTime.");
    const metricType = clauses.find((c) => c.key === "metric.type")!.values[0]!;
    const known = metricType === REQUEST_COUNT || metricType === REQUEST_LATENCIES;
    const agg = request.aggregation ?? {};
    const aligner = agg.perSeriesAligner ?? "ALIGN_NONE";
    const reducer = agg.crossSeriesReducer ?? "REDUCE_NONE";
    const period = Number(agg.alignmentPeriod?.seconds ?? 0);
    if (reducer !== "REDUCE_NONE" && aligner === "ALIGN_NONE") throw invalidArgument("The aggregation's cross-series reducer requires a per-series aligner other than ALIGN_NONE.");
    if (aligner !== "ALIGN_NONE" && period < 60) throw invalidArgument("Field aggregation.alignmentPeriod must be at least 60 seconds.");
    if (aligner !== "ALIGN_NONE" && aligner !== "ALIGN_DELTA" && aligner !== "ALIGN_SUM") throw invalidArgument(`The fake supports ALIGN_DELTA and ALIGN_SUM, not ${aligner}.`);
    if (reducer.startsWith("REDUCE_PERCENTILE_") && metricType === REQUEST_COUNT) {
      // request_count is INT64: a percentile across series is allowed on numbers; kept strict to what the pipeline may mean.
      throw invalidArgument(`${reducer} is not supported for metric ${metricType} of value type INT64 in this fake (use REDUCE_SUM).`);
    }
    if (reducer === "REDUCE_NONE" && metricType === REQUEST_LATENCIES && request.view !== "HEADERS") {
      // Raw distributions are allowed by the API; the pipeline always reduces, so the fake refuses what it cannot render.
      throw invalidArgument("The fake renders request_latencies only with a REDUCE_PERCENTILE_* reducer.");
    }
    if (!known) return { timeSeries: [] };
    const match = (r: RecordedRequests) =>
      clauses.every((c) => {
        if (c.key === "metric.type") return true;
        if (c.key === "resource.type") return c.values.includes("cloud_run_revision");
        const labels: Record<string, string> = { "resource.labels.service_name": r.service, "resource.labels.revision_name": r.revision, "resource.labels.location": r.location, "metric.labels.response_code_class": r.codeClass };
        return labels[c.key] !== undefined && c.values.includes(labels[c.key]!);
      });
    // Aligned buckets end at `end` and go back by `period` (Monitoring aligns to the query's end time).
    const periodMs = period * 1000 || end - start || 1;
    const buckets: Array<[number, number]> = [];
    for (let e = end; e > start; e -= periodMs) buckets.push([Math.max(start, e - periodMs), e]);
    if (!buckets.length) buckets.push([start, end]);
    const inside = recorded.filter((r) => match(r) && r.atMs > start && r.atMs <= end);
    const groupBy = agg.groupByFields ?? [];
    const keyOf = (r: RecordedRequests) => groupBy.map((g) => (g === "resource.labels.revision_name" ? r.revision : g === "metric.labels.response_code_class" ? r.codeClass : g === "resource.labels.service_name" ? r.service : "")).join("\u0000");
    const groups = new Map<string, RecordedRequests[]>();
    for (const r of inside) groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), r]);
    const timeSeries = [...groups.values()].map((rs) => {
      const first = rs[0]!;
      const resourceLabels: Record<string, string> = {};
      const metricLabels: Record<string, string> = {};
      for (const g of groupBy) {
        if (g === "resource.labels.revision_name") resourceLabels["revision_name"] = first.revision;
        if (g === "resource.labels.service_name") resourceLabels["service_name"] = first.service;
        if (g === "metric.labels.response_code_class") metricLabels["response_code_class"] = first.codeClass;
      }
      const points = buckets
        .map(([b0, b1]) => ({ rs: rs.filter((r) => r.atMs > b0 && r.atMs <= b1), b0, b1 }))
        .filter((b) => b.rs.length)
        .map(({ rs: inBucket, b0, b1 }) => {
          const value = metricType === REQUEST_COUNT
            ? { int64Value: String(inBucket.reduce((n, r) => n + r.count, 0)) }
            : { doubleValue: percentileOf(inBucket.flatMap((r) => r.latenciesMs ?? Array(r.count).fill(100)), Number(reducer.slice("REDUCE_PERCENTILE_".length))) };
          return { interval: { startTime: ts(b0), endTime: ts(b1) }, value };
        });
      return {
        metric: { type: metricType, labels: metricLabels },
        resource: { type: "cloud_run_revision", labels: resourceLabels },
        metricKind: "DELTA",
        valueType: metricType === REQUEST_COUNT ? "INT64" : "DOUBLE",
        points,
      };
    });
    return { timeSeries };
  }

  server.addService(definition, bindService({
    service: METRIC_SERVICE,
    definition,
    handlers: { ListTimeSeries: listTimeSeries as never },
    log,
    authenticate: bearerAuth(options),
    intercept(method, request) {
      if (method !== "ListTimeSeries") return undefined;
      const fault = faults.shift();
      if (fault) return fault;
      if (deniedPermissions.has("monitoring.timeSeries.list")) {
        const name = (request as { name?: string }).name ?? "";
        const err = new RpcError(grpc.status.PERMISSION_DENIED, `Permission monitoring.timeSeries.list denied (or the resource may not exist) on ${name}.`);
        return { code: err.code, message: err.message };
      }
      return undefined;
    },
    fakeName: "Fake Cloud Monitoring metrics",
  }));
  const { clientOptions } = await listen(server, options.tls);
  return {
    clientOptions,
    record: (r) => void recorded.push({ ...r }),
    reset() {
      recorded.length = 0;
      faults.length = 0;
      deniedPermissions.clear();
      log.calls.length = 0;
    },
    calls: log.calls,
    failNext(code, message, n = 1) {
      for (let i = 0; i < n; i++) faults.push({ code, message });
    },
    deniedPermissions,
    async close() {
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      server.forceShutdown();
    },
  };
}
