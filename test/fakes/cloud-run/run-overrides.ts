// What the Cloud Run Admin API v2 rejects in RunJobRequest.overrides (job.proto, message
// RunJobRequest.Overrides), with INVALID_ARGUMENT and the field path, before an execution exists.
// The fake's own rules, written from the proto comments and Google's documentation (sources in
// ./limits.ts); never shared with the code under test. The checks read the request as the client
// sent it; 0, "" and null count as "not set", as in proto3.
//
// - container_overrides[].name: "The name of the container specified as a DNS_LABEL"; a name the
//   job has no container for is refused. An empty name is read as the job's first container (the
//   fake's reading; execution-model.ts applies it the same way).
// - args "Will replace existing args"; clear_args "True if the intention is to clear out existing
//   args list": both at once contradict each other and are refused.
// - env "Will be merged with existing env": names required and unique within the override, not
//   reserved for jobs (https://cloud.google.com/run/docs/container-contract#jobs-env-vars), values
//   at most 32768 bytes (k8s.min.proto, EnvVar.value).
// - task_count "Will replace existing task_count value": 0 (unset) keeps the job's; otherwise
//   1..10000 ("Maximum number of tasks in a single job: 10,000", https://cloud.google.com/run/quotas).
// - timeout "Will replace existing timeout_seconds value": at most 168 hours
//   (https://cloud.google.com/run/docs/configuring/task-timeout); not negative.
import type { protos } from "@google-cloud/run";
import { invalidArgument } from "./errors.js";
import { MAX_ENV_VALUE_BYTES, MAX_TASK_COUNT, MAX_TASK_TIMEOUT_SECONDS, RESERVED_JOB_ENV } from "./limits.js";

type IOverrides = protos.google.cloud.run.v2.RunJobRequest.IOverrides;
type IContainer = protos.google.cloud.run.v2.IContainer;

/** int32/int64 fields arrive as numbers, strings (int64) or Longs; unset is 0. */
function int(value: unknown): number {
  if (value === undefined || value === null || value === "") return 0;
  return Number(typeof value === "object" ? String(value) : value);
}

function checkContainerOverride(o: NonNullable<IOverrides["containerOverrides"]>[number], i: number, containers: readonly IContainer[]): void {
  const at = `overrides.container_overrides[${i}]`;
  if (o.name && !containers.some((c) => c.name === o.name)) {
    const names = containers.map((c) => c.name).filter(Boolean);
    throw invalidArgument(`${at}.name: the job has no container named '${o.name}' (its containers: ${names.length ? names.join(", ") : "none named"}).`);
  }
  if (o.clearArgs && (o.args ?? []).length > 0) {
    throw invalidArgument(`${at}: args and clear_args cannot both be set; give args to replace the container's arguments, or clear_args to run it with none.`);
  }
  const env = o.env ?? [];
  const reserved = [...new Set(env.map((e) => e.name ?? "").filter((n) => RESERVED_JOB_ENV.includes(n)))];
  if (reserved.length > 0) {
    throw invalidArgument(`${at}.env: The following reserved env names were provided: ${reserved.join(", ")}. These values are automatically set by the system.`);
  }
  const seen = new Set<string>();
  env.forEach((e, j) => {
    const name = e.name ?? "";
    if (!name) throw invalidArgument(`${at}.env[${j}].name: required.`);
    if (seen.has(name)) throw invalidArgument(`${at}.env[${j}].name: environment variable '${name}' is set more than once in the override.`);
    seen.add(name);
    if (e.value && Buffer.byteLength(e.value) > MAX_ENV_VALUE_BYTES) throw invalidArgument(`${at}.env[${j}].value: must be at most ${MAX_ENV_VALUE_BYTES} bytes.`);
  });
}

/** RunJobRequest.overrides against the job's task template containers; throws INVALID_ARGUMENT (nothing is started). */
export function validateRunOverrides(overrides: IOverrides | null | undefined, containers: readonly IContainer[]): void {
  if (!overrides) return;
  (overrides.containerOverrides ?? []).forEach((o, i) => checkContainerOverride(o, i, containers));
  const count = int(overrides.taskCount);
  if (count < 0 || count > MAX_TASK_COUNT) {
    throw invalidArgument(`overrides.task_count: must be between 1 and ${MAX_TASK_COUNT} (or 0 to keep the job's task count), got ${count}.`);
  }
  if (overrides.timeout) {
    const seconds = int(overrides.timeout.seconds) + int(overrides.timeout.nanos) / 1e9;
    if (seconds < 0 || seconds > MAX_TASK_TIMEOUT_SECONDS) {
      throw invalidArgument(`overrides.timeout: the task timeout must be at most ${MAX_TASK_TIMEOUT_SECONDS}s (168 hours) and not negative; got ${seconds}s.`);
    }
  }
}
