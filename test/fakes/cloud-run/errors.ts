// gRPC errors as the Cloud Run Admin API returns them (status code + message); the generic
// status helpers live in ../grpc/status.ts.
import { notFound, type RpcError } from "../grpc/status.js";

export { Code, RpcError, invalidArgument, notFound, alreadyExists, aborted, failedPrecondition, codeName } from "../grpc/status.js";

/** Real v2 wording: "Resource 'x' of kind 'SERVICE' in region 'r' in project 'p' does not exist." */
export function resourceNotFound(kind: string, id: string, region: string, project: string): RpcError {
  return notFound(`Resource '${id}' of kind '${kind}' in region '${region}' in project '${project}' does not exist.`);
}
