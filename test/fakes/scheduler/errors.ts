// gRPC errors as the Cloud Scheduler API returns them (status code + message); the generic
// status helpers live in ../grpc/status.ts.
import { status } from "@grpc/grpc-js";
import { RpcError } from "../grpc/status.js";

export { Code, RpcError, invalidArgument, failedPrecondition } from "../grpc/status.js";

/** The real API answers a missing job with exactly this message. */
export const jobNotFound = () => new RpcError(status.NOT_FOUND, "Job not found.");

export const jobAlreadyExists = (name: string) => new RpcError(status.ALREADY_EXISTS, `Job ${name} already exists.`);

/** Real wording of IAM denials on Google APIs. */
export function permissionDenied(permission: string, resource: string): RpcError {
  return new RpcError(
    status.PERMISSION_DENIED,
    `The principal (user or service account) lacks IAM permission "${permission}" for the resource "${resource}" (or the resource may not exist).`,
  );
}
