/**
 * The parts of Cloud Run v2 Job and Execution the pipeline reads and writes (structural types,
 * compatible with @google-cloud/run's IJob / IExecution).
 */
import type { Condition, ContainerSpec, Duration, VpcAccess, Volume } from "../release/resource.js";

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

export interface CloudRunExecutionResource {
  name?: string | null;
  conditions?: Condition[] | null;
  taskCount?: number | null;
  succeededCount?: number | null;
  failedCount?: number | null;
  cancelledCount?: number | null;
  logUri?: string | null;
  createTime?: Timestamp | null;
  completionTime?: Timestamp | null;
  /** True while the execution runs. */
  reconciling?: boolean | null;
}
