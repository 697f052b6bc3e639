// gRPC status errors as Google APIs return them (status code + message). Handlers throw an
// RpcError; the serving loop (serve.ts) turns it into the status the client sees.
import { status, type ServiceError, Metadata } from "@grpc/grpc-js";

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

  toServiceError(): Partial<ServiceError> {
    return { code: this.code, details: this.message, metadata: new Metadata() };
  }
}

export const invalidArgument = (message: string) => new RpcError(status.INVALID_ARGUMENT, message);
export const notFound = (message: string) => new RpcError(status.NOT_FOUND, message);
export const alreadyExists = (message: string) => new RpcError(status.ALREADY_EXISTS, message);
export const aborted = (message: string) => new RpcError(status.ABORTED, message);
export const failedPrecondition = (message: string) => new RpcError(status.FAILED_PRECONDITION, message);

/** Status name for a numeric code, e.g. 9 -> "FAILED_PRECONDITION". */
export function codeName(code: number): string {
  return status[code] ?? `CODE_${code}`;
}
