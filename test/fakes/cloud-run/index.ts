// Public entry point of the Cloud Run Admin API v2 fake (tests import only from here).
export { startFakeCloudRun } from "./server.js";
export type { FakeCloudRun, FakeCloudRunOptions, FakeClientOptions, HeaderSource, IncomingCall, CallHook } from "./server.js";
export type { OtherClientChange, OtherClientJobChange } from "./other-client.js";
export type { RecordedCall } from "./calls.js";
export { MUTATING_METHODS } from "./calls.js";
export { FaultPlan, DEFAULT_NOT_READY_MESSAGE } from "./faults.js";
export type { ProbeBehaviour, ProbeContext, RevisionMatcher, ExecutionFailure, LostReplyCode } from "./faults.js";
export { fakeIdToken } from "./id-token.js";
export type { IdTokenClaims } from "./id-token.js";
export type { TimestampInput } from "./timestamps.js";
export type { ProbeRequest, ProbeAuthMode } from "./probe-server.js";
export type { SeedServiceOptions, SeedRevision } from "./seed.js";
export { DEFAULT_PROJECT, DEFAULT_REGION } from "./seed.js";
export type { ServiceRecord, RevisionRecord, JobRecord, ExecutionRecord, ServingTarget } from "./state.js";
export { MAX_TAG_AND_SERVICE_LENGTH, LATEST, REVISION } from "./traffic.js";
export { Code } from "./errors.js";
