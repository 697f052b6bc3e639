// Loads the Cloud Run Admin v2 protos that @google-cloud/run ships and exposes the gRPC service
// definitions plus encoders for the message types the fake packs into google.protobuf.Any.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

const require = createRequire(import.meta.url);

/** Path of the protos.json that the installed @google-cloud/run package uses itself. */
export const PROTOS_JSON_PATH = require.resolve("@google-cloud/run/build/protos/protos.json");

/**
 * proto-loader options: camelCase fields (as the Node client uses), enums as names, int64 as
 * strings, and no synthesized defaults so "field not sent" stays distinguishable from "".
 */
const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: false,
  arrays: true,
  objects: true,
  oneofs: true,
};

const packageDefinition = protoLoader.fromJSON(
  JSON.parse(readFileSync(PROTOS_JSON_PATH, "utf8")) as Parameters<typeof protoLoader.fromJSON>[0],
  LOADER_OPTIONS,
);

function serviceDefinition(fullName: string): grpc.ServiceDefinition {
  const def = packageDefinition[fullName];
  if (!def || !Object.values(def).some((m) => isMethod(m))) {
    throw new Error(`Service ${fullName} is missing from ${PROTOS_JSON_PATH}`);
  }
  return def as grpc.ServiceDefinition;
}

function isMethod(value: unknown): boolean {
  return typeof value === "object" && value !== null && "requestSerialize" in value;
}

export const definitions = {
  services: serviceDefinition("google.cloud.run.v2.Services"),
  revisions: serviceDefinition("google.cloud.run.v2.Revisions"),
  jobs: serviceDefinition("google.cloud.run.v2.Jobs"),
  executions: serviceDefinition("google.cloud.run.v2.Executions"),
  operations: serviceDefinition("google.longrunning.Operations"),
};

/** Message types the fake packs into google.protobuf.Any (Operation metadata / response). */
export type PackableType = "Service" | "Revision" | "Job" | "Execution";

// The response serializer of a Get method encodes exactly that method's message type, so the
// fake needs no second protobuf runtime to build Any values.
const encoders: Record<PackableType, (value: object) => Buffer> = {
  Service: (v) => definitions.services["GetService"]!.responseSerialize(v),
  Revision: (v) => definitions.revisions["GetRevision"]!.responseSerialize(v),
  Job: (v) => definitions.jobs["GetJob"]!.responseSerialize(v),
  Execution: (v) => definitions.executions["GetExecution"]!.responseSerialize(v),
};

/** google.protobuf.Any; protos.json keeps this message's snake_case field name `type_url`. */
export interface PackedAny {
  type_url: string;
  value: Buffer;
}

/** Packs a v2 resource as google.protobuf.Any (`type.googleapis.com/google.cloud.run.v2.X`). */
export function packAny(type: PackableType, value: object): PackedAny {
  return { type_url: `type.googleapis.com/google.cloud.run.v2.${type}`, value: encoders[type](value) };
}
