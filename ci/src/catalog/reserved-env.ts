/**
 * Environment variables Cloud Run sets in every container, which the catalog may not set: "The
 * environment variables defined in the container runtime contract are reserved and cannot be set"
 * (https://cloud.google.com/run/docs/configuring/services/environment-variables#reserved_names).
 * The contract: https://cloud.google.com/run/docs/container-contract#env-vars (services) and
 * https://cloud.google.com/run/docs/container-contract#jobs-env-vars (jobs).
 */
/** What Cloud Run puts in each reserved variable, and the catalog field to set instead, if any. */
interface Reserved {
  holds: string;
  instead?: string;
}

export const RESERVED_ENV: Record<"service" | "job", Record<string, Reserved>> = {
  service: {
    PORT: { holds: "the port the container must listen on", instead: "run.port" },
    K_SERVICE: { holds: "the service name" },
    K_REVISION: { holds: "the revision name" },
    K_CONFIGURATION: { holds: "the configuration that created the revision" },
  },
  job: {
    CLOUD_RUN_JOB: { holds: "the job name" },
    CLOUD_RUN_EXECUTION: { holds: "the execution name" },
    CLOUD_RUN_TASK_INDEX: { holds: "the index of the task" },
    CLOUD_RUN_TASK_ATTEMPT: { holds: "the number of retries of the task" },
    CLOUD_RUN_TASK_COUNT: { holds: "the task count", instead: "run.tasks" },
  },
};

/** Why `name` cannot be set on this kind of target, or undefined when the name is free. */
export function reservedEnvProblem(kind: "service" | "job", name: string): string | undefined {
  const reserved = RESERVED_ENV[kind];
  if (!Object.hasOwn(reserved, name)) return undefined;
  const { holds, instead } = reserved[name]!;
  const fix = instead ? `remove it and set ${instead} instead` : "remove it and read the value Cloud Run provides";
  return `${name} is reserved: Cloud Run sets it in every ${kind} to ${holds}; ${fix}`;
}
