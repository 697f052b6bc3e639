// Which Cloud Scheduler calls mutate state; recording itself is ../grpc/calls.ts.
export type { RecordedCall } from "../grpc/calls.js";

/** Methods that change state (RunJob counts: it dispatches the job and records an attempt). */
export const MUTATING_METHODS: ReadonlySet<string> = new Set([
  "CreateJob",
  "UpdateJob",
  "DeleteJob",
  "PauseJob",
  "ResumeJob",
  "RunJob",
]);
