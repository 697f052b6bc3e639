// Loads the protos.json a Google Cloud client package ships (the descriptors the client itself
// uses) with proto-loader, so a fake serves exactly the wire format the client speaks.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import type * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

const require = createRequire(import.meta.url);

/**
 * proto-loader options: camelCase fields (as the Node clients use), enums as names, int64 as
 * strings, bytes as Buffers, and no synthesized defaults so "field not sent" stays
 * distinguishable from "" (needed for update-mask and oneof checks).
 */
export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: false,
  arrays: true,
  objects: true,
  oneofs: true,
};

/** A client package's protos: where they live, their raw JSON and the loaded definitions. */
export interface LoadedProtos {
  /** Path of the protos.json, e.g. .../@google-cloud/run/build/protos/protos.json. */
  path: string;
  /** The parsed protos.json (a protobufjs JSON namespace). */
  json: unknown;
  packageDefinition: protoLoader.PackageDefinition;
  /** The gRPC service definition of `fullName`, e.g. "google.cloud.run.v2.Services". */
  service(fullName: string): grpc.ServiceDefinition;
}

function isMethod(value: unknown): boolean {
  return typeof value === "object" && value !== null && "requestSerialize" in value;
}

/** Loads `<clientPackage>/build/protos/protos.json`, e.g. loadClientProtos("@google-cloud/run"). */
export function loadClientProtos(clientPackage: string): LoadedProtos {
  const path = require.resolve(`${clientPackage}/build/protos/protos.json`);
  const json: unknown = JSON.parse(readFileSync(path, "utf8"));
  const packageDefinition = protoLoader.fromJSON(json as Parameters<typeof protoLoader.fromJSON>[0], LOADER_OPTIONS);
  return {
    path,
    json,
    packageDefinition,
    service(fullName) {
      const def = packageDefinition[fullName];
      if (!def || !Object.values(def).some(isMethod)) throw new Error(`Service ${fullName} is missing from ${path}`);
      return def as grpc.ServiceDefinition;
    },
  };
}
