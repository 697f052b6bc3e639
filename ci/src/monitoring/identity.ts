/**
 * The stable identity of the monitoring resources the pipeline owns: user labels on each uptime
 * check and alert policy (`managed-by=cloud-run-pipeline` plus the environment, the target and the
 * check), never display names or generated ids. A resource without `managed-by=cloud-run-pipeline`
 * is someone else's and is never read as ours, updated or deleted. Pure.
 */
export const MANAGED_BY_KEY = "managed-by";
export const MANAGED_BY_VALUE = "cloud-run-pipeline";
export const ENV_KEY = "cloud-run-pipeline-env";
export const TARGET_KEY = "cloud-run-pipeline-target";
export const CHECK_KEY = "cloud-run-pipeline-check";

/** What a resource watches: the uptime check itself, or one alert. */
export type CheckKind = "uptime" | "uptime-failure" | "errors" | "latency-p95" | "latency-p99" | "failed-executions";

export interface MonitoringIdentity {
  env: string;
  /** "service-alie", "job-ingestion" */
  target: string;
  check: CheckKind;
}

export const identityLabels = (id: MonitoringIdentity): Record<string, string> => ({
  [MANAGED_BY_KEY]: MANAGED_BY_VALUE,
  [ENV_KEY]: id.env,
  [TARGET_KEY]: id.target,
  [CHECK_KEY]: id.check,
});

/** "prod/service-alie/errors": one key per identity, for maps and reports. */
export const identityKey = (id: MonitoringIdentity): string => `${id.env}/${id.target}/${id.check}`;

/** The identity the labels carry, or undefined when they are not (wholly) the pipeline's. */
export function identityOf(labels: Record<string, string> | null | undefined): MonitoringIdentity | undefined {
  if (!labels || labels[MANAGED_BY_KEY] !== MANAGED_BY_VALUE) return undefined;
  const env = labels[ENV_KEY];
  const target = labels[TARGET_KEY];
  const check = labels[CHECK_KEY] as CheckKind | undefined;
  if (!env || !target || !check) return undefined;
  return { env, target, check };
}
