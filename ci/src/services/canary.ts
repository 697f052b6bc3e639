/**
 * The canary of a blue-green deploy (project.yaml deploy.canary): after the candidate passed its
 * health check, each step moves its percent of traffic to the candidate (the rest keeps the
 * previous split, scaled), waits the step's duration, and compares the candidate's 5xx ratio and
 * latency with the stable revision's over that window, from Cloud Monitoring. A worse candidate,
 * too few requests to judge, or metrics that cannot be read stop the canary; the caller restores
 * the exact previous traffic. Spans: "canary R at P%" > "wait Ns", "compare R with stable".
 */
import type { CanaryLimitsSpec, CanaryStepSpec } from "../catalog/canary.js";
import { canarySeconds } from "../catalog/canary.js";
import type { CanaryMetrics } from "../gcp/monitoring-metrics.js";
import { type CloudRunServiceResource, writable } from "../gcp/run-resource.js";
import { withSpan } from "../lib/spans.js";
import { canaryTraffic, stableRevisions } from "./canary-traffic.js";
import { combineMetrics, describeMetrics, judgeCanary, type RevisionMetrics } from "./canary-judge.js";
import type { WriteOutcome } from "./service-write.js";
import type { TrafficSnapshot } from "./traffic.js";


export type { CanaryMetrics };

export interface CanaryOptions {
  steps: CanaryStepSpec[];
  limits: CanaryLimitsSpec;
  metrics: CanaryMetrics;
  /** Waits a step's duration (tests pass a fake that moves their clock). */
  sleep?: (ms: number) => Promise<void>;
}

/** One step as the report shows it: the numbers read back from Cloud Monitoring and the verdict. */
export interface CanaryStepResult {
  percent: number;
  for: string;
  candidate?: RevisionMetrics;
  stable?: RevisionMetrics;
  ok: boolean;
  reason?: string;
}

export type CanaryOutcome =
  /** Every step passed; `base` is the service as the last step's write left it. */
  | { kind: "passed"; steps: CanaryStepResult[]; base: CloudRunServiceResource }
  /** A step failed its comparison: restore from `base`. */
  | { kind: "stopped"; steps: CanaryStepResult[]; base: CloudRunServiceResource; reason: string }
  /** A step's traffic write did not apply. */
  | { kind: "write"; steps: CanaryStepResult[]; outcome: Exclude<WriteOutcome, { kind: "applied" }>; base: CloudRunServiceResource; percent: number };

export interface CanaryRun {
  revision: string;
  tag: string;
  service: { project: string; region: string; serviceId: string };
  snapshot: TrafficSnapshot;
  now: () => number;
  /** Writes `desired` over `base` (deploy-service's write, with its span and conflict handling). */
  write(what: string, base: CloudRunServiceResource, desired: CloudRunServiceResource): Promise<WriteOutcome>;
}

const sleepReal = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runCanary(run: CanaryRun, start: CloudRunServiceResource, options: CanaryOptions): Promise<CanaryOutcome> {
  const steps: CanaryStepResult[] = [];
  const stable = stableRevisions(run.snapshot);
  let base = start;
  for (const step of options.steps) {
    const desired = { ...writable(base), traffic: canaryTraffic(run.snapshot, run.revision, run.tag, step.percent) };
    const written = await run.write(`canary ${run.revision} at ${step.percent}%`, base, desired);
    if (written.kind !== "applied") return { kind: "write", steps, outcome: written, base, percent: step.percent };
    base = written.service;
    const seconds = canarySeconds(step.for);
    const startMs = run.now();
    await withSpan(`wait ${seconds}s with ${run.revision} at ${step.percent}%`, () => (options.sleep ?? sleepReal)(seconds * 1000));
    const endMs = run.now();
    const result = await withSpan(`compare ${run.revision} with ${stable.join(", ") || "the stable revision"}`, async (span): Promise<CanaryStepResult> => {
      let read: Record<string, RevisionMetrics>;
      try {
        read = await options.metrics.read(run.service, [run.revision, ...stable], startMs, endMs);
      } catch (err) {
        const reason = `reading the canary's metrics from Cloud Monitoring failed (${(err as Error).message}), so the candidate cannot be judged`;
        span.fail(reason);
        return { percent: step.percent, for: step.for, ok: false, reason };
      }
      const none: RevisionMetrics = { requests: 0, errors: 0 };
      const candidate = read[run.revision] ?? none;
      const stableMetrics = combineMetrics(stable.map((r) => read[r] ?? none));
      const verdict = judgeCanary(candidate, stableMetrics, options.limits);
      if (!verdict.ok) span.fail(verdict.reason ?? "worse than stable");
      span.set({ "canary.candidate": describeMetrics(candidate), "canary.stable": describeMetrics(stableMetrics) });
      return { percent: step.percent, for: step.for, candidate, stable: stableMetrics, ok: verdict.ok, ...(verdict.reason ? { reason: verdict.reason } : {}) };
    });
    steps.push(result);
    if (!result.ok) return { kind: "stopped", steps, base, reason: `canary step ${step.percent}% for ${step.for}: ${result.reason}` };
  }
  return { kind: "passed", steps, base };
}

/** "canary 10% for 5m: candidate 0.50% 5xx, p95 120ms (200 requests); stable ...: OK" */
export function formatCanaryStep(s: CanaryStepResult): string {
  const numbers = s.candidate && s.stable ? `: candidate ${describeMetrics(s.candidate)}; stable ${describeMetrics(s.stable)}` : "";
  return `canary ${s.percent}% for ${s.for}${numbers}: ${s.ok ? "OK" : `STOPPED (${s.reason})`}`;
}
