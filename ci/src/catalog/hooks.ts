/**
 * Release hooks of a service: one-off Cloud Run job executions with the service's NEW image,
 * run by deploy, deploy-all and promote. `beforeTraffic` runs before the release writes anything
 * to the service (database migrations: one run, not one per starting instance); `afterCandidate`
 * runs once the candidate revision passed its health check and before it takes traffic (smoke
 * tests; it gets the candidate's tag URL as CANDIDATE_URL). Each hook is the job
 * `<Cloud Run name of the service>-<hook name>`, with the service's env, secrets, service account,
 * Cloud SQL, VPC and volumes.
 */
import { z } from "zod";
import { cloudRunEnvMap, durationSeconds } from "./fields.js";
import { MAX_TASK_TIMEOUT_SECONDS } from "./limits.js";
import { containerArgs } from "./run-fields.js";

export const HookSpec = z.strictObject({
  /** Short name: the hook's job is SERVICE-NAME (e.g. "alie-migrate"). */
  name: z.string().regex(/^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$/, { error: "must be 1-20 lowercase letters, digits and hyphens, starting with a letter (it ends the job's name: SERVICE-NAME)" }),
  /** Replaces the image's ENTRYPOINT, e.g. ["python", "manage.py", "migrate", "--noinput"]. */
  command: containerArgs.optional(),
  args: containerArgs.optional(),
  /** Added to (and over) the service's env for this hook. */
  env: cloudRunEnvMap.default({}),
  /** How long the hook's one task may run. */
  timeout: durationSeconds(MAX_TASK_TIMEOUT_SECONDS, "168 hours, Cloud Run's maximum task timeout").default("600s"),
  /** Retries of the task when it fails (0: a failure stops the release at once). */
  maxRetries: z.number().int().min(0).max(10).default(0),
});

export const HooksSpec = z.strictObject({
  beforeTraffic: z.array(HookSpec).default([]),
  afterCandidate: z.array(HookSpec).default([]),
});

export type HookSettings = z.output<typeof HookSpec>;
export type HooksSettings = z.output<typeof HooksSpec>;
export type HookPhase = keyof HooksSettings;

/** The variable an afterCandidate hook finds the candidate's tag URL in. */
export const CANDIDATE_URL_ENV = "CANDIDATE_URL";
