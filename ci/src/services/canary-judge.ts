/**
 * The canary's verdict on one step: the candidate's 5xx ratio and latency against the stable
 * revision's over the same window, from Cloud Monitoring (pure: numbers in, verdict out).
 */
import type { CanaryLimitsSpec } from "../catalog/canary.js";
import type { RevisionMetrics } from "../gcp/monitoring-metrics.js";

export type { RevisionMetrics };

export interface CanaryVerdict {
  ok: boolean;
  /** Why the step failed, with the numbers. */
  reason?: string;
}

const ratio = (m: RevisionMetrics): number => (m.requests > 0 ? m.errors / m.requests : 0);
export const percentText = (r: number): string => `${(r * 100).toFixed(2)}%`;

/** "1.20% 5xx, p95 120ms, p99 300ms (1234 requests)" */
export function describeMetrics(m: RevisionMetrics): string {
  const latency = [m.p95Ms === undefined ? undefined : `p95 ${Math.round(m.p95Ms)}ms`, m.p99Ms === undefined ? undefined : `p99 ${Math.round(m.p99Ms)}ms`].filter(Boolean);
  return `${percentText(ratio(m))} 5xx${latency.length ? `, ${latency.join(", ")}` : ""} (${m.requests} request${m.requests === 1 ? "" : "s"})`;
}

/**
 * The candidate passes when enough requests reached it, its 5xx ratio is at most
 * errorRatioIncrease above the stable revision's, and its p95/p99 are at most their ratios times
 * the stable revision's (compared only where both have a value).
 */
export function judgeCanary(candidate: RevisionMetrics, stable: RevisionMetrics, limits: CanaryLimitsSpec): CanaryVerdict {
  if (candidate.requests < limits.minRequests) {
    return { ok: false, reason: `only ${candidate.requests} request(s) reached the candidate, fewer than canaryLimits.minRequests (${limits.minRequests}), so it cannot be judged; give the step more time or a higher percent` };
  }
  const failures: string[] = [];
  const increase = ratio(candidate) - ratio(stable);
  if (increase > limits.errorRatioIncrease) {
    failures.push(`its 5xx ratio ${percentText(ratio(candidate))} is ${percentText(increase)} above the stable revision's ${percentText(ratio(stable))} (allowed: ${percentText(limits.errorRatioIncrease)})`);
  }
  for (const [name, allowed] of [["p95Ms", limits.latencyP95Ratio], ["p99Ms", limits.latencyP99Ratio]] as const) {
    const c = candidate[name];
    const s = stable[name];
    if (c === undefined || s === undefined || s <= 0) continue;
    if (c > s * allowed) failures.push(`its ${name.slice(0, 3)} latency ${Math.round(c)}ms is ${(c / s).toFixed(2)}x the stable revision's ${Math.round(s)}ms (allowed: ${allowed}x)`);
  }
  return failures.length ? { ok: false, reason: failures.join("; ") } : { ok: true };
}

/** Several stable revisions (a split served before) as one: requests and errors summed, the worst percentile. */
export function combineMetrics(all: RevisionMetrics[]): RevisionMetrics {
  const worst = (key: "p95Ms" | "p99Ms") => {
    const values = all.map((m) => m[key]).filter((v): v is number => v !== undefined);
    return values.length ? Math.max(...values) : undefined;
  };
  const p95Ms = worst("p95Ms");
  const p99Ms = worst("p99Ms");
  return {
    requests: all.reduce((n, m) => n + m.requests, 0),
    errors: all.reduce((n, m) => n + m.errors, 0),
    ...(p95Ms === undefined ? {} : { p95Ms }),
    ...(p99Ms === undefined ? {} : { p99Ms }),
  };
}
