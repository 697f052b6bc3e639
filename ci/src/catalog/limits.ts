/**
 * Cloud Run's documented limits the catalog checks, each with its source. Kept in one place so a
 * change on Google's side is a one-line edit here.
 */

/**
 * At most 1000 environment variables per container (plain values and secrets together).
 * https://cloud.google.com/run/docs/configuring/services/environment-variables#maximum_number_of_environment_variables
 * https://cloud.google.com/run/docs/configuring/jobs/environment-variables
 */
export const MAX_ENV_VARS = 1000;

/**
 * A literal environment variable value is at most 32768 bytes (32 KiB): EnvVar.value in the Cloud
 * Run Admin API v2 (google/cloud/run/v2/k8s.min.proto; https://cloud.google.com/run/docs/reference/rest/v2/Container#envvar).
 */
export const MAX_ENV_VALUE_BYTES = 32 * 1024;

/**
 * At most 64 labels per resource; keys 1-63 characters starting with a lowercase letter (or an
 * international character), values 0-63, both lowercase letters, digits, "_" and "-", under 128 bytes.
 * https://cloud.google.com/resource-manager/docs/labels-overview#requirements
 * https://cloud.google.com/run/docs/configuring/labels
 */
export const MAX_LABELS = 64;
export const MAX_LABEL_BYTES = 127;

/**
 * Labels the pipeline adds to every service and job itself (gcp/run-template.ts: MANAGED_BY_LABEL on
 * the resource and its template, COMMIT_LABEL on the resource); they count towards MAX_LABELS and a
 * catalog label of the same key would be overwritten.
 */
export const PIPELINE_LABELS = { "managed-by": "marks resources the pipeline manages", commit: "the deployed commit" } as const;

/**
 * Memory: at most 32Gi; at least 128Mi in the first generation execution environment and 512Mi in
 * the second. Services run where Cloud Run picks (the pipeline sets no execution environment, so
 * 128Mi is allowed); jobs always run in the second generation.
 * https://cloud.google.com/run/docs/configuring/services/memory-limits
 * https://cloud.google.com/run/docs/configuring/jobs/memory-limits
 */
export const MAX_MEMORY_MIB = 32 * 1024;
export const MIN_MEMORY_MIB = { service: 128, job: 512 } as const;

/**
 * Request timeout of a service: at most 60 minutes.
 * https://cloud.google.com/run/docs/configuring/request-timeout
 */
export const MAX_REQUEST_TIMEOUT_SECONDS = 3600;

/**
 * Task timeout of a job: at most 168 hours (7 days); 1 hour for tasks with GPUs, which the catalog
 * does not configure. https://cloud.google.com/run/docs/configuring/task-timeout
 */
export const MAX_TASK_TIMEOUT_SECONDS = 168 * 3600;

/**
 * Probes (google/cloud/run/v2/k8s.min.proto, message Probe;
 * https://cloud.google.com/run/docs/configuring/healthchecks): initialDelaySeconds and periodSeconds at
 * most 240 for a startup probe and 3600 for a liveness probe; timeoutSeconds 1-3600 and never longer
 * than periodSeconds ("period must be greater or equal than timeout").
 */
export const PROBE_LIMITS = { startup: 240, liveness: 3600, timeout: 3600 } as const;

/**
 * Names in Cloud Run (GCP-SEMANTICS.md; the v2 API answers INVALID_ARGUMENT otherwise): a traffic
 * tag and its service's name together are at most 46 characters (the tag becomes part of the
 * TAG---SERVICE-HASH host name). Blue-green deploys tag each candidate revision "rc-" and the
 * commit's 7-character short SHA (services/names.ts candidateTag).
 */
export const MAX_TAG_PLUS_SERVICE = 46;
export const CANDIDATE_TAG_LENGTH = "rc-".length + 7;

/** Cloud Scheduler job ids: at most 500 letters, digits, hyphens and underscores (schema.ts). */
export const MAX_SCHEDULER_JOB_ID = 500;

/** Docker image tags: at most 128 characters (https://docs.docker.com/reference/cli/docker/image/tag/). */
export const MAX_IMAGE_TAG = 128;
