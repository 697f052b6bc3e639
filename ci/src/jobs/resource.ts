/**
 * The parts of Cloud Run v2 Job and Execution the pipeline reads and writes (structural types,
 * compatible with @google-cloud/run's IJob / IExecution).
 */
import type { Condition, ContainerSpec, Duration, VpcAccess, Volume } from "../release/resource.js";

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
  terminalCondition?: Condition | null;
  latestCreatedExecution?: { name?: string | null } | null;
}

export interface CloudRunExecutionResource {
  name?: string | null;
  conditions?: Condition[] | null;
  taskCount?: number | null;
  succeededCount?: number | null;
  failedCount?: number | null;
  cancelledCount?: number | null;
  logUri?: string | null;
  completionTime?: { seconds?: number | string | null } | null;
}
