// What the Cloud Run Admin API v2 rejects in a revision template (services) or an execution / task
// template (jobs): resources, concurrency, scaling, ports, timeouts, env, volumes, Cloud SQL and the
// service account. Rules come from the documentation and the protos (see ./limits.ts for each
// source); they are the fake's own, never shared with the code under test.
//
// The checks read the request as the client sent it (before proto3 defaults are dropped), so an
// empty `secret_key_ref` is still visible; "", 0 and null count as "not set" like the API does.
import type { protos } from "@google-cloud/run";
import { checkContainerSet, checkMountPaths, checkPlacement, checkProbes, checkVolumeSources } from "./container-rules.js";
import { invalidArgument } from "./errors.js";
import {
  CPU_STEP,
  DEFAULT_CONCURRENCY,
  DEFAULT_CPU,
  DEFAULT_MEMORY_BYTES,
  MAX_CONCURRENCY,
  MAX_CONCURRENCY_BELOW_ONE_CPU,
  MAX_ENV_VALUE_BYTES,
  MAX_ENV_VARS,
  MAX_MEMORY_BYTES,
  MAX_PORT,
  MAX_RETRIES,
  MAX_SERVICE_TIMEOUT_SECONDS,
  MAX_TASK_COUNT,
  MAX_TASK_TIMEOUT_SECONDS,
  MIN_CPU,
  MIN_MEMORY_BYTES_GEN1,
  MIN_MEMORY_BYTES_GEN2,
  PORT_NAMES,
  RESERVED_JOB_ENV,
  RESERVED_SERVICE_ENV,
  WHOLE_CPUS,
  formatBytes,
  memoryRangeForCpu,
} from "./limits.js";
import { parseQuantity } from "./quantity.js";

type IRevisionTemplate = protos.google.cloud.run.v2.IRevisionTemplate;
type IExecutionTemplate = protos.google.cloud.run.v2.IExecutionTemplate;
type ITaskTemplate = protos.google.cloud.run.v2.ITaskTemplate;
type IContainer = protos.google.cloud.run.v2.IContainer;
type IVolume = protos.google.cloud.run.v2.IVolume;
type IEnvVar = protos.google.cloud.run.v2.IEnvVar;
type IRevisionScaling = protos.google.cloud.run.v2.IRevisionScaling;
type IServiceScaling = protos.google.cloud.run.v2.IServiceScaling;
type IDuration = protos.google.protobuf.IDuration;

type Workload = "service" | "job";

/** int32/int64 fields arrive as numbers, strings (int64) or Longs; unset is 0. */
function int(value: unknown): number {
  if (value === undefined || value === null || value === "") return 0;
  return Number(typeof value === "object" ? String(value) : value);
}

function durationSeconds(d: IDuration | null | undefined): number | undefined {
  if (!d) return undefined;
  const total = int(d.seconds) + int(d.nanos) / 1e9;
  return total === 0 ? undefined : total;
}

const formatSeconds = (s: number) => `${Number.isInteger(s) ? s : s.toFixed(3)}s`;

/** Email address of a service account: NAME@PROJECT.iam.gserviceaccount.com, PROJECT_NUMBER-compute@developer.gserviceaccount.com. */
const EMAIL_RE = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/**
 * RevisionTemplate.service_account / TaskTemplate.service_account: "Email address of the IAM
 * service account" (revision_template.proto, task_template.proto).
 */
function checkServiceAccount(account: string | null | undefined, field: string): void {
  if (!account) return;
  if (!EMAIL_RE.test(account)) {
    throw invalidArgument(
      `${field}: must be the email address of an IAM service account (e.g. NAME@PROJECT.iam.gserviceaccount.com); got '${account}'.`,
    );
  }
}

function isGen2(environment: unknown): boolean {
  return environment === "EXECUTION_ENVIRONMENT_GEN2" || environment === 2;
}

/** Validates one container's limits; returns its CPU (cores) for the concurrency rule. */
function checkResources(container: IContainer, field: string, gen2: boolean): number {
  const limits = container.resources?.limits ?? {};
  for (const key of Object.keys(limits)) {
    // "Only `memory`, `cpu` and `nvidia.com/gpu` keys in the map are supported." (k8s.min.proto)
    if (!["cpu", "memory", "nvidia.com/gpu"].includes(key)) {
      throw invalidArgument(`${field}.limits: only 'cpu', 'memory' and 'nvidia.com/gpu' are supported, got '${key}'.`);
    }
  }
  const cpuText = limits["cpu"] || undefined;
  const memoryText = limits["memory"] || undefined;
  const cpu = cpuText === undefined ? DEFAULT_CPU : parseQuantity(cpuText);
  if (cpu === undefined || cpu <= 0) {
    throw invalidArgument(`${field}.limits.cpu: Invalid value specified for cpu: '${cpuText}' is not a quantity such as '1', '2' or '500m'.`);
  }
  const fractionalOk = cpu >= MIN_CPU && cpu < 1 && Math.abs(Math.round(cpu / CPU_STEP) * CPU_STEP - cpu) < 1e-9;
  if (!fractionalOk && !WHOLE_CPUS.includes(cpu)) {
    throw invalidArgument(
      `${field}.limits.cpu: Invalid value specified for cpu. CPU must be ${WHOLE_CPUS.join(", ")}, or between ${MIN_CPU} and 1 in steps of ${CPU_STEP}; got '${cpuText}'.`,
    );
  }
  const memory = memoryText === undefined ? DEFAULT_MEMORY_BYTES : parseQuantity(memoryText);
  if (memory === undefined || memory <= 0) {
    throw invalidArgument(`${field}.limits.memory: Invalid value specified for memory: '${memoryText}' is not a quantity such as '512Mi' or '2Gi'.`);
  }
  if (memory > MAX_MEMORY_BYTES) {
    throw invalidArgument(`${field}.limits.memory: Invalid value specified for memory. The maximum amount of memory is ${formatBytes(MAX_MEMORY_BYTES)}; got '${memoryText}'.`);
  }
  const range = memoryRangeForCpu(cpu);
  const min = Math.max(range.min ?? 0, gen2 ? MIN_MEMORY_BYTES_GEN2 : MIN_MEMORY_BYTES_GEN1);
  if (memory < min || memory > range.max) {
    const cpuLabel = cpu >= 1 ? cpu.toFixed(1) : String(cpu);
    throw invalidArgument(
      `${field}.limits.memory: Invalid value specified for memory${gen2 ? " with gen2 execution environment" : ""}. For ${cpuLabel} CPU, memory must be between ${formatBytes(min)} and ${formatBytes(range.max)} inclusive; got '${memoryText ?? formatBytes(DEFAULT_MEMORY_BYTES)}'.`,
    );
  }
  return cpu;
}

function checkPorts(container: IContainer, field: string): void {
  const ports = container.ports ?? [];
  if (ports.length > 1) throw invalidArgument(`${field}.ports: only a single port can be specified, got ${ports.length}.`);
  ports.forEach((p, i) => {
    const port = int(p.containerPort);
    if (port !== 0 && (!Number.isInteger(port) || port < 1 || port > MAX_PORT)) {
      throw invalidArgument(`${field}.ports[${i}].container_port: must be a valid TCP port number between 1 and ${MAX_PORT}, got ${port}.`);
    }
    if (p.name && !PORT_NAMES.includes(p.name)) {
      throw invalidArgument(`${field}.ports[${i}].name: must be one of ${PORT_NAMES.join(", ")} (or empty), got '${p.name}'.`);
    }
  });
}

/** Secret Manager secret: SECRET in the same project, or projects/PROJECT/secrets/SECRET (k8s.min.proto, SecretKeySelector.secret). */
const SECRET_RE = /^(projects\/[^/]+\/secrets\/)?[A-Za-z0-9_-]{1,255}$/;

function checkEnv(env: IEnvVar[], field: string, reserved: readonly string[]): void {
  if (env.length > MAX_ENV_VARS) throw invalidArgument(`${field}: at most ${MAX_ENV_VARS} environment variables per container, got ${env.length}.`);
  // Wording as the API reports reserved names (v1 field paths replaced by v2 ones).
  const reservedUsed = [...new Set(env.map((e) => e.name ?? "").filter((n) => reserved.includes(n)))];
  if (reservedUsed.length > 0) {
    throw invalidArgument(`${field}: The following reserved env names were provided: ${reservedUsed.join(", ")}. These values are automatically set by the system.`);
  }
  // Names are keys ("Environment variables are set as key/value pairs",
  // https://cloud.google.com/run/docs/configuring/services/environment-variables), so a name
  // given twice is refused rather than one silently winning. No page quotes the API's message for
  // this; the wording below is the fake's.
  const seen = new Set<string>();
  env.forEach((e, j) => {
    const name = e.name ?? "";
    if (!name) throw invalidArgument(`${field}[${j}].name: required.`);
    if (seen.has(name)) {
      throw invalidArgument(`${field}[${j}].name: environment variable '${name}' is set more than once; names must be unique within a container.`);
    }
    seen.add(name);
    if (e.value && Buffer.byteLength(e.value) > MAX_ENV_VALUE_BYTES) {
      throw invalidArgument(`${field}[${j}].value: must be at most ${MAX_ENV_VALUE_BYTES} bytes.`);
    }
    const ref = e.valueSource?.secretKeyRef;
    if (ref !== undefined && ref !== null) {
      if (!ref.secret) {
        throw invalidArgument(`${field}[${j}].value_source.secret_key_ref.secret: required; name the Secret Manager secret (SECRET or projects/PROJECT/secrets/SECRET).`);
      }
      if (!SECRET_RE.test(ref.secret)) {
        throw invalidArgument(`${field}[${j}].value_source.secret_key_ref.secret: '${ref.secret}' is not a secret name (SECRET or projects/PROJECT/secrets/SECRET).`);
      }
    }
  });
}

/**
 * Cloud SQL connection name "{project}:{location}:{instance}" (k8s.min.proto, CloudSqlInstance;
 * https://cloud.google.com/sql/docs/mysql/connect-run). A domain-scoped project id keeps its own
 * colon (example.com:my-project:REGION:INSTANCE).
 */
const CLOUD_SQL_RE = /^(?:[a-z][a-z0-9.-]*[a-z0-9]:)?[a-z][a-z0-9-]*[a-z0-9]:[a-z]+-[a-z]+[0-9]+:[a-z][a-z0-9-]*$/;

function checkVolumes(volumes: IVolume[], field: string): Map<string, IVolume> {
  const byName = new Map<string, IVolume>();
  volumes.forEach((v, i) => {
    if (!v.name) throw invalidArgument(`${field}[${i}].name: required.`);
    if (byName.has(v.name)) throw invalidArgument(`${field}[${i}].name: volume '${v.name}' is declared more than once.`);
    byName.set(v.name, v);
    (v.cloudSqlInstance?.instances ?? []).forEach((instance, k) => {
      if (!CLOUD_SQL_RE.test(instance)) {
        throw invalidArgument(
          `${field}[${i}].cloud_sql_instance.instances[${k}]: '${instance}' is not a Cloud SQL instance connection name; use PROJECT:REGION:INSTANCE (e.g. my-project:us-central1:my-db).`,
        );
      }
    });
  });
  return byName;
}

function checkVolumeMounts(container: IContainer, field: string, volumes: Map<string, IVolume>, volumesField: string): void {
  (container.volumeMounts ?? []).forEach((m, k) => {
    const at = `${field}.volume_mounts[${k}]`;
    // VolumeMount.name: "Required. This must match the Name of a Volume." (k8s.min.proto)
    if (!m.name) throw invalidArgument(`${at}.name: required; name a volume declared in ${volumesField}.`);
    const volume = volumes.get(m.name);
    if (!volume) {
      const declared = [...volumes.keys()];
      throw invalidArgument(
        `${at}.name: no volume named '${m.name}' is declared in ${volumesField} (declared: ${declared.length > 0 ? declared.join(", ") : "none"}).`,
      );
    }
    // VolumeMount.mount_path: "Must not contain ':'. For Cloud SQL volumes, it can be left empty,
    // or must otherwise be `/cloudsql`." (k8s.min.proto)
    const path = m.mountPath ?? "";
    if (volume.cloudSqlInstance) {
      if (path && path !== "/cloudsql") throw invalidArgument(`${at}.mount_path: a Cloud SQL volume is mounted at /cloudsql (or leave it empty), got '${path}'.`);
    } else {
      if (!path) throw invalidArgument(`${at}.mount_path: required.`);
      if (!path.startsWith("/") || path.includes(":")) throw invalidArgument(`${at}.mount_path: must be an absolute path without ':', got '${path}'.`);
    }
  });
}

interface ContainersResult {
  /** Total CPU of all containers (cores). */
  totalCpu: number;
}

function checkContainers(
  containers: IContainer[],
  volumeList: IVolume[],
  prefix: string,
  workload: Workload,
  gen2: boolean,
): ContainersResult {
  const volumes = checkVolumes(volumeList, `${prefix}.volumes`);
  checkVolumeSources(volumeList, `${prefix}.volumes`);
  checkContainerSet(containers, prefix, workload);
  let totalCpu = 0;
  containers.forEach((c, i) => {
    const field = `${prefix}.containers[${i}]`;
    totalCpu += checkResources(c, `${field}.resources`, gen2);
    checkPorts(c, field);
    checkEnv(c.env ?? [], `${field}.env`, workload === "service" ? RESERVED_SERVICE_ENV : RESERVED_JOB_ENV);
    checkVolumeMounts(c, field, volumes, `${prefix}.volumes`);
    checkMountPaths(c, field);
    checkProbes(c, field);
  });
  return { totalCpu };
}

/**
 * min_instance_count <= max_instance_count (when a maximum is set). The API's wording (v2):
 * "Violation in CreateServiceRequest.service.template.scaling.max_instance_count: must be greater
 * or equal than min_instance_count." (reported in https://github.com/goblet/goblet/issues/287).
 */
function checkScaling(scaling: IRevisionScaling | IServiceScaling | null | undefined, field: string): void {
  if (!scaling) return;
  const min = int(scaling.minInstanceCount);
  const max = int(scaling.maxInstanceCount);
  if (min < 0) throw invalidArgument(`${field}.min_instance_count: must not be negative, got ${min}.`);
  if (max < 0) throw invalidArgument(`${field}.max_instance_count: must not be negative, got ${max}.`);
  if (max > 0 && min > max) {
    throw invalidArgument(`${field}.max_instance_count: must be greater or equal than min_instance_count (min_instance_count ${min}, max_instance_count ${max}).`);
  }
}

/** A service's revision template (`service.template`), as the client sent it. */
export function validateRevisionTemplate(template: IRevisionTemplate, prefix = "service.template"): void {
  const { totalCpu } = checkContainers(template.containers ?? [], template.volumes ?? [], prefix, "service", isGen2(template.executionEnvironment));
  checkPlacement(template.containers ?? [], prefix, "service", { accelerator: template.nodeSelector?.accelerator, gen2: isGen2(template.executionEnvironment) });
  const concurrency = int(template.maxInstanceRequestConcurrency);
  if (concurrency < 0 || concurrency > MAX_CONCURRENCY) {
    throw invalidArgument(`${prefix}.max_instance_request_concurrency: must be between 1 and ${MAX_CONCURRENCY}, got ${concurrency}.`);
  }
  const effective = concurrency || (totalCpu < 1 ? MAX_CONCURRENCY_BELOW_ONE_CPU : DEFAULT_CONCURRENCY);
  if (totalCpu < 1 && effective > MAX_CONCURRENCY_BELOW_ONE_CPU) {
    throw invalidArgument(
      `${prefix}.containers[0].resources.limits.cpu: Invalid value specified for cpu. Total cpu < 1 is not supported with concurrency > 1 (max_instance_request_concurrency ${effective}).`,
    );
  }
  checkScaling(template.scaling, `${prefix}.scaling`);
  const timeout = durationSeconds(template.timeout);
  if (timeout !== undefined && (timeout < 0 || timeout > MAX_SERVICE_TIMEOUT_SECONDS)) {
    throw invalidArgument(`${prefix}.timeout: the request timeout of a service must be at most ${MAX_SERVICE_TIMEOUT_SECONDS}s (60 minutes); got ${formatSeconds(timeout)}.`);
  }
  checkServiceAccount(template.serviceAccount, `${prefix}.service_account`);
}

/** Service-level scaling (`service.scaling`). */
export function validateServiceScaling(scaling: IServiceScaling | null | undefined, field = "service.scaling"): void {
  checkScaling(scaling, field);
}

function checkTaskCount(value: unknown, field: string): void {
  const count = int(value);
  if (count !== 0 && (count < 1 || count > MAX_TASK_COUNT)) {
    throw invalidArgument(`${field}: must be between 1 and ${MAX_TASK_COUNT}, got ${count}.`);
  }
}

function checkTaskTimeout(d: IDuration | null | undefined, field: string): void {
  const timeout = durationSeconds(d);
  if (timeout !== undefined && (timeout < 0 || timeout > MAX_TASK_TIMEOUT_SECONDS)) {
    throw invalidArgument(`${field}: the task timeout must be at most ${MAX_TASK_TIMEOUT_SECONDS}s (168 hours); got ${formatSeconds(timeout)}.`);
  }
}

/** A job's execution template (`job.template`) and its task template, as the client sent them. */
export function validateExecutionTemplate(execution: IExecutionTemplate, prefix = "job.template"): void {
  checkTaskCount(execution.taskCount, `${prefix}.task_count`);
  if (int(execution.parallelism) < 0) throw invalidArgument(`${prefix}.parallelism: must not be negative.`);
  const task: ITaskTemplate = execution.template ?? {};
  const taskPrefix = `${prefix}.template`;
  checkContainers(task.containers ?? [], task.volumes ?? [], taskPrefix, "job", isGen2(task.executionEnvironment));
  checkPlacement(task.containers ?? [], taskPrefix, "job", { accelerator: task.nodeSelector?.accelerator, gen2: isGen2(task.executionEnvironment) });
  if (task.maxRetries !== undefined && task.maxRetries !== null) {
    const retries = int(task.maxRetries);
    if (retries < 0 || retries > MAX_RETRIES) throw invalidArgument(`${taskPrefix}.max_retries: must be between 0 and ${MAX_RETRIES}, got ${retries}.`);
  }
  checkTaskTimeout(task.timeout, `${taskPrefix}.timeout`);
  checkServiceAccount(task.serviceAccount, `${taskPrefix}.service_account`);
}
