/**
 * The parts of Cloud Run v2 Job and Execution the pipeline reads and writes (structural types,
 * compatible with @google-cloud/run's IJob / IExecution).
 */
import type { Condition, ContainerSpec, Duration, NodeSelector, Volume, VpcAccess } from "./run-resource.js";

/** A protobuf Timestamp as the client returns it (seconds may be a string, nanos matter). */
export interface Timestamp {
  seconds?: number | string | null;
  nanos?: number | null;
}

export interface TaskTemplate {
  containers?: ContainerSpec[] | null;
  volumes?: Volume[] | null;
  maxRetries?: number | null;
  timeout?: Duration | null;
  serviceAccount?: string | null;
  vpcAccess?: VpcAccess | null;
  executionEnvironment?: string | null;
  nodeSelector?: NodeSelector | null;
  gpuZonalRedundancyDisabled?: boolean | null;
}

export interface ExecutionTemplate {
  labels?: Record<string, string> | null;
  annotations?: Record<string, string> | null;
  parallelism?: number | null;
  taskCount?: number | null;
  template?: TaskTemplate | null;
}

export interface CloudRunJobResource {
  name?: string | null;
  labels?: Record<string, string> | null;
  annotations?: Record<string, string> | null;
  template?: ExecutionTemplate | null;
  etag?: string | null;
  /** +1 on every accepted update (an int64: a string in plain reads). */
  generation?: number | string | null;
  observedGeneration?: number | string | null;
  /** True while Cloud Run is still applying the latest change. */
  reconciling?: boolean | null;
  terminalCondition?: Condition | null;
  executionCount?: number | null;
  latestCreatedExecution?: { name?: string | null; createTime?: Timestamp | null; completionStatus?: string | null } | null;
}

/** An execution's task template: the job's, with the RunJob overrides applied (containers' args, env, timeout). */
export interface ExecutionTaskTemplate extends TaskTemplate {
  containers?: Array<ContainerSpec & { args?: string[] | null }> | null;
}

/** RunJobRequest.overrides (google/cloud/run/v2/job.proto): what one execution runs differently from its job. */
export interface RunJobOverrides {
  /** By container name: args replace the container's, env is merged over its env, clearArgs runs it with none. */
  containerOverrides?: Array<{ name: string; args?: string[]; env?: Array<{ name: string; value: string }>; clearArgs?: boolean }>;
  /** 0 or unset: the job's task count. */
  taskCount?: number;
  /** Per-task timeout of this execution. */
  timeout?: Duration;
}

export interface CloudRunExecutionResource {
  name?: string | null;
  conditions?: Condition[] | null;
  taskCount?: number | null;
  /** The template its tasks run (read back: shows the overrides the execution got). */
  template?: ExecutionTaskTemplate | null;
  succeededCount?: number | null;
  failedCount?: number | null;
  cancelledCount?: number | null;
  logUri?: string | null;
  createTime?: Timestamp | null;
  completionTime?: Timestamp | null;
  /** True while the execution runs. */
  reconciling?: boolean | null;
}
