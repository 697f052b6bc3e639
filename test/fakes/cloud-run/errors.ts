// gRPC errors as the Cloud Run Admin API returns them (status code + message).
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

/** Real v2 wording: "Resource 'x' of kind 'SERVICE' in region 'r' in project 'p' does not exist." */
export function resourceNotFound(kind: string, id: string, region: string, project: string): RpcError {
  return notFound(`Resource '${id}' of kind '${kind}' in region '${region}' in project '${project}' does not exist.`);
}

/** Status name for a numeric code, e.g. 9 -> "FAILED_PRECONDITION". */
export function codeName(code: number): string {
  return status[code] ?? `CODE_${code}`;
}
