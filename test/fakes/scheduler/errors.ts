// gRPC errors as the Cloud Scheduler API returns them (status code + message).
import { status } from "@grpc/grpc-js";

export { status as Code };

/** An error a handler throws; the server turns it into the gRPC status the client sees. */
export class RpcError extends Error {
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
    this.name = "RpcError";
  }
}

export const invalidArgument = (message: string) => new RpcError(status.INVALID_ARGUMENT, message);
export const failedPrecondition = (message: string) => new RpcError(status.FAILED_PRECONDITION, message);

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
