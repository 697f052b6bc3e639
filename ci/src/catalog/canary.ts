/**
 * The catalog's optional canary of blue-green deploys (project.yaml `deploy.canary`): steps that
 * move a share of traffic to the candidate for a while, compared with the stable revision from
 * Cloud Monitoring before going on. Off when absent.
 */
import { z } from "zod";

/** "300s" or "5m": at least 60 s (Cloud Monitoring aligns Cloud Run metrics per minute), at most 1 h. */
export const canaryDuration = z
  .string()
  .regex(/^[1-9][0-9]*[sm]$/, { error: 'must be a duration such as "300s" or "5m"' })
  .refine((v) => canarySeconds(v) >= 60, { error: "must be at least 60s: Cloud Monitoring reports Cloud Run request metrics per minute" })
  .refine((v) => canarySeconds(v) <= 3600, { error: "must be at most 3600s (1h) per step" });

/** The seconds of a canary duration ("5m" -> 300). */
export const canarySeconds = (v: string): number => Number(v.slice(0, -1)) * (v.endsWith("m") ? 60 : 1);

export const CanaryStep = z.strictObject({
  /** The candidate's share during this step, 1-99 (the rest keeps the split served before, scaled). */
  percent: z.number().int().min(1, { error: "must be 1-99 (100% is the promotion that follows the last step)" }).max(99, { error: "must be 1-99 (100% is the promotion that follows the last step)" }),
  /** How long the step lasts; the comparison covers this window. */
  for: canaryDuration,
});

export const CanarySteps = z
  .array(CanaryStep)
  .min(1, { error: "needs at least one step, e.g. [{ percent: 10, for: 5m }]; leave canary out to promote straight after the health check" })
  .max(5, { error: "at most 5 steps" })
  .refine((steps) => steps.every((s, i) => i === 0 || s.percent > steps[i - 1]!.percent), { error: "each step's percent must be higher than the one before (e.g. 10, then 50)" });

/** What a canary step may show before it is stopped and the previous traffic restored. */
export const CanaryLimits = z.strictObject({
  /** The candidate's 5xx ratio may exceed the stable revision's by at most this (0.01 = one point). Default 0.01. */
  errorRatioIncrease: z.number().min(0).max(1).default(0.01),
  /** The candidate's p95 latency may be at most this many times the stable revision's. Default 1.5. */
  latencyP95Ratio: z.number().min(1).max(100).default(1.5),
  /** The candidate's p99 latency may be at most this many times the stable revision's. Default 2. */
  latencyP99Ratio: z.number().min(1).max(100).default(2),
  /** Fewer candidate requests than this in a step cannot be judged, and stop the canary. Default 20. */
  minRequests: z.number().int().min(1).default(20),
});

export type CanaryStepSpec = z.output<typeof CanaryStep>;
export type CanaryLimitsSpec = z.output<typeof CanaryLimits>;

export const DEFAULT_CANARY_LIMITS: CanaryLimitsSpec = CanaryLimits.parse({});
