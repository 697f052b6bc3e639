/**
 * Checks of a service's or job's `run` settings taken together, as Cloud Run will see them: run
 * once on the base settings and once per environment on the settings merged with its overrides.
 * Fields are relative to `run`; sources of each limit are in limits.ts, reserved-env.ts, resources.ts.
 */
import { containerProblems } from "./container-checks.js";
import { MAX_ENV_VARS, MAX_LABELS, PIPELINE_LABELS } from "./limits.js";
import { reservedEnvProblem } from "./reserved-env.js";
import { resourceProblems } from "./resources.js";
import type { JobRunSettings, ServiceRunSettings } from "./schema.js";

export interface RunProblem {
  /** Where the problem is, relative to `run` ("minInstances", "env.PORT"). */
  field: string;
  message: string;
  /**
   * Other fields that make the problem. An environment's problem is reported at the first of
   * `field` and these that its override sets, so it points at what the environment changed.
   */
  alsoAt?: string[];
}

export type RunSettings = { kind: "service"; run: ServiceRunSettings } | { kind: "job"; run: JobRunSettings };

/** Every problem of one set of run settings; [] when Cloud Run accepts them. */
export function runProblems(target: RunSettings): RunProblem[] {
  const { kind, run } = target;
  const problems: RunProblem[] = resourceProblems({ kind, cpu: run.cpu, memory: run.memory, concurrency: kind === "service" ? target.run.concurrency : undefined });
  if (target.kind === "service" && target.run.minInstances > target.run.maxInstances) {
    const { minInstances, maxInstances } = target.run;
    problems.push({ field: "minInstances", alsoAt: ["maxInstances"], message: `${minInstances} is above run.maxInstances (${maxInstances}); lower minInstances or raise maxInstances` });
  }
  if (target.kind === "job" && target.run.parallelism > target.run.tasks) {
    const { parallelism, tasks } = target.run;
    problems.push({ field: "parallelism", alsoAt: ["tasks"], message: `${parallelism} is above run.tasks (${tasks}); parallelism cannot exceed the number of tasks` });
  }
  problems.push(...envProblems(kind, run.env, run.secrets), ...labelProblems(run.labels));
  run.sidecars.forEach((sidecar, i) => {
    const at = (p: RunProblem): RunProblem => ({ ...p, field: `sidecars[${i}].${p.field}`, alsoAt: p.alsoAt?.map((f) => `sidecars[${i}].${f}`) });
    problems.push(...envProblems(kind, sidecar.env, sidecar.secrets).map(at));
  });
  const service = target.kind === "service" ? target.run : undefined;
  problems.push(
    ...containerProblems({
      kind,
      cpu: run.cpu,
      memory: run.memory,
      volumes: run.volumes,
      sidecars: run.sidecars,
      dependsOn: run.dependsOn,
      cloudSqlInstances: run.cloudSqlInstances,
      gpu: run.gpu,
      executionEnvironment: run.executionEnvironment,
      cpuAlwaysAllocated: service?.cpuAlwaysAllocated,
      defaultUrl: service?.defaultUrl,
      startupProbe: service?.startupProbe,
    }),
  );
  if (service?.serviceScaling) problems.push(...serviceScalingProblems(service.serviceScaling));
  return problems;
}

/** Plain and secret variables share one list per container: names unique, none reserved, at most 1000. */
function envProblems(kind: "service" | "job", env: Record<string, string>, secrets: Record<string, unknown>): RunProblem[] {
  const problems: RunProblem[] = [];
  for (const name of Object.keys(secrets)) {
    if (Object.hasOwn(env, name)) {
      problems.push({
        field: `secrets.${name}`,
        alsoAt: [`env.${name}`],
        message: `${name} is also set in run.env; Cloud Run gives a container one variable per name, so set it either as a plain value (env) or from Secret Manager (secrets), not both`,
      });
    }
  }
  for (const [where, names] of [["env", Object.keys(env)], ["secrets", Object.keys(secrets)]] as const) {
    for (const name of names) {
      const reserved = reservedEnvProblem(kind, name);
      if (reserved) problems.push({ field: `${where}.${name}`, message: reserved });
    }
  }
  const count = Object.keys(env).length + Object.keys(secrets).length;
  if (count > MAX_ENV_VARS) {
    problems.push({ field: "env", alsoAt: ["secrets"], message: `${count} environment variables (env and secrets together); Cloud Run allows at most ${MAX_ENV_VARS} per container` });
  }
  return problems;
}

/** The pipeline adds its own labels: they count towards the limit, and their keys are taken. */
function labelProblems(labels: Record<string, string>): RunProblem[] {
  const problems: RunProblem[] = [];
  const own = Object.keys(PIPELINE_LABELS);
  for (const key of Object.keys(labels)) {
    if (own.includes(key)) {
      problems.push({ field: `labels.${key}`, message: `"${key}" is a label the pipeline sets itself (${PIPELINE_LABELS[key as keyof typeof PIPELINE_LABELS]}); choose another key` });
    }
  }
  const total = Object.keys(labels).filter((key) => !own.includes(key)).length + own.length;
  if (total > MAX_LABELS) {
    problems.push({
      field: "labels",
      message: `${total - own.length} labels plus the pipeline's own ${own.join(" and ")} make ${total}; Cloud Run allows at most ${MAX_LABELS} per resource, so keep at most ${MAX_LABELS - own.length}`,
    });
  }
  return problems;
}

/** Service.scaling: min <= max; manual scaling takes a count of its own, not a range. */
function serviceScalingProblems(scaling: NonNullable<ServiceRunSettings["serviceScaling"]>): RunProblem[] {
  const { minInstances, maxInstances, manualInstances } = scaling;
  if (manualInstances !== undefined && (minInstances !== undefined || maxInstances !== undefined)) {
    return [{ field: "serviceScaling.manualInstances", message: "manual scaling runs exactly manualInstances instances; remove serviceScaling.minInstances/maxInstances, or remove manualInstances to scale automatically" }];
  }
  if (minInstances !== undefined && maxInstances !== undefined && minInstances > maxInstances) {
    return [{ field: "serviceScaling.minInstances", alsoAt: ["serviceScaling.maxInstances"], message: `${minInstances} is above serviceScaling.maxInstances (${maxInstances}); lower minInstances or raise maxInstances` }];
  }
  return [];
}
