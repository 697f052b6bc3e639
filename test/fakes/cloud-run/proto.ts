// Loads the Cloud Run Admin v2 protos that @google-cloud/run ships and exposes the gRPC service
// definitions plus encoders for the message types the fake packs into google.protobuf.Any.
import { loadClientProtos } from "../grpc/proto.js";

const protos = loadClientProtos("@google-cloud/run");

export const definitions = {
  services: protos.service("google.cloud.run.v2.Services"),
  revisions: protos.service("google.cloud.run.v2.Revisions"),
  jobs: protos.service("google.cloud.run.v2.Jobs"),
  executions: protos.service("google.cloud.run.v2.Executions"),
  operations: protos.service("google.longrunning.Operations"),
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
