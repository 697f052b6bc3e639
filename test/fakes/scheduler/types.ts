// Message types of google.cloud.scheduler.v1 as the fake stores them (shapes from the client's
// generated typings; enums are names, bytes are Buffers, int64 are strings).
import type { protos } from "@google-cloud/scheduler";

export type IJob = protos.google.cloud.scheduler.v1.IJob;
export type IHttpTarget = protos.google.cloud.scheduler.v1.IHttpTarget;
export type IRetryConfig = protos.google.cloud.scheduler.v1.IRetryConfig;
export type IDuration = protos.google.protobuf.IDuration;
export type ITimestamp = protos.google.protobuf.ITimestamp;
export type JobStateName = "ENABLED" | "PAUSED" | "DISABLED" | "UPDATE_FAILED";
