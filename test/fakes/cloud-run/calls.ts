// Which Cloud Run Admin API calls mutate state; recording itself is ../grpc/calls.ts.
export type { RecordedCall } from "../grpc/calls.js";

/** Methods that change state (each one counts as a mutating call). */
export const MUTATING_METHODS: ReadonlySet<string> = new Set([
  "CreateService",
  "UpdateService",
  "DeleteService",
  "DeleteRevision",
  "SetIamPolicy",
  "CreateJob",
  "UpdateJob",
  "DeleteJob",
  "RunJob",
  "DeleteExecution",
  "CancelExecution",
  "DeleteOperation",
  "CancelOperation",
]);
