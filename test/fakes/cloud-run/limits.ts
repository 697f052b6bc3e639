// Documented limits of Cloud Run services and jobs, written here from Google's documentation and the
// comments of the protos @google-cloud/run ships (build/protos/google/cloud/run/v2/*.proto). Each
// constant names its source. The fake enforces them on its own: nothing here comes from ci/src.

const GiB = 2 ** 30;
const MiB = 2 ** 20;

/**
 * CPU: 1, 2, 4, 6 or 8 whole CPUs, or a fraction from 0.08 below 1 (in steps of 0.001; the
 * services page says 0.01, the jobs page 0.001: the fake takes the finer one).
 * https://cloud.google.com/run/docs/configuring/services/cpu ("Set and update CPU limits",
 * "Minimum amount of vCPU") and https://cloud.google.com/run/docs/configuring/jobs/cpu.
 */
export const WHOLE_CPUS: readonly number[] = [1, 2, 4, 6, 8];
export const MIN_CPU = 0.08;
export const CPU_STEP = 0.001;
/** Defaults when `resources.limits` leaves them out (1 CPU, 512 MiB). Same pages. */
export const DEFAULT_CPU = 1;
export const DEFAULT_MEMORY_BYTES = 512 * MiB;

/**
 * Memory: at most 32 GiB; at least 128 MiB (first generation) or 512 MiB (second generation).
 * https://cloud.google.com/run/docs/configuring/services/memory-limits ("Maximum amount of memory",
 * "Minimum memory") and https://cloud.google.com/run/docs/configuring/jobs/memory-limits.
 */
export const MAX_MEMORY_BYTES = 32 * GiB;
export const MIN_MEMORY_BYTES_GEN1 = 128 * MiB;
export const MIN_MEMORY_BYTES_GEN2 = 512 * MiB;

/**
 * Memory a CPU setting allows (the "vCPU and memory table" and, below 1 CPU, "A minimum of 0.5 vCPU
 * is needed to set a memory limit greater than 512MiB. A minimum of 1 vCPU is needed to set a memory
 * limit greater than 1GiB."): https://cloud.google.com/run/docs/configuring/services/cpu and
 * https://cloud.google.com/run/docs/configuring/jobs/cpu. The minimum is the generation's minimum
 * unless the table raises it (4 CPU: 2 GiB; 6 and 8 CPU: 4 GiB).
 */
export function memoryRangeForCpu(cpu: number): { min?: number; max: number } {
  if (cpu < 0.5) return { max: 512 * MiB };
  if (cpu < 1) return { max: 1 * GiB };
  if (cpu <= 1) return { max: 4 * GiB };
  if (cpu <= 2) return { max: 8 * GiB };
  if (cpu <= 4) return { min: 2 * GiB, max: 16 * GiB };
  if (cpu <= 6) return { min: 4 * GiB, max: 24 * GiB };
  return { min: 4 * GiB, max: 32 * GiB };
}

/**
 * Below 1 CPU, "Maximum concurrency must be set to 1" (same CPU pages); the API's wording is
 * "Total cpu < 1 is not supported with concurrency > 1." Unset concurrency defaults to 80 with
 * CPU >= 1 and to 1 below (revision_template.proto, max_instance_request_concurrency).
 */
export const MAX_CONCURRENCY_BELOW_ONE_CPU = 1;
export const DEFAULT_CONCURRENCY = 80;

/**
 * Maximum concurrent requests per instance: up to 1000.
 * https://cloud.google.com/run/docs/about-concurrency ("you can increase this to a maximum of 1000").
 */
export const MAX_CONCURRENCY = 1000;

/**
 * Request timeout of a service: default 300 s, at most 60 minutes (3600 s).
 * https://cloud.google.com/run/docs/configuring/request-timeout ("Timeout period for services").
 */
export const MAX_SERVICE_TIMEOUT_SECONDS = 3600;

/**
 * Container port: "This must be a valid TCP port number, 0 < container_port < 65536", only a
 * single port, named "http1" or "h2c" (k8s.min.proto, ContainerPort and Container.ports).
 */
export const MAX_PORT = 65535;
export const PORT_NAMES: readonly string[] = ["http1", "h2c"];

/**
 * Environment variables: names the runtime sets are reserved and cannot be set
 * (https://cloud.google.com/run/docs/configuring/services/environment-variables "Reserved names",
 * listing https://cloud.google.com/run/docs/container-contract#env-vars for services and
 * #jobs-env-vars for jobs); at most 1000 per container (same pages, "Maximum number of environment
 * variables"); a value is at most 32768 bytes (k8s.min.proto, EnvVar.value).
 */
export const RESERVED_SERVICE_ENV: readonly string[] = ["PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION"];
export const RESERVED_JOB_ENV: readonly string[] = [
  "CLOUD_RUN_JOB",
  "CLOUD_RUN_EXECUTION",
  "CLOUD_RUN_TASK_INDEX",
  "CLOUD_RUN_TASK_ATTEMPT",
  "CLOUD_RUN_TASK_COUNT",
];
export const MAX_ENV_VARS = 1000;
export const MAX_ENV_VALUE_BYTES = 32768;

/**
 * Jobs: "Specify the number of retries using an integer from 0 to 10"
 * (https://cloud.google.com/run/docs/configuring/max-retries); "Maximum number of tasks in a single
 * job: 10,000" (https://cloud.google.com/run/quotas); task timeout "up to 168 hours (7 days)"
 * (https://cloud.google.com/run/docs/configuring/task-timeout).
 */
export const MAX_RETRIES = 10;
export const MAX_TASK_COUNT = 10000;
export const MAX_TASK_TIMEOUT_SECONDS = 168 * 3600;

/** Binary sizes as the API writes them in messages (512Mi, 4Gi). */
export function formatBytes(bytes: number): string {
  if (bytes >= GiB && bytes % GiB === 0) return `${bytes / GiB}Gi`;
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB}Mi`;
  return `${bytes}`;
}
