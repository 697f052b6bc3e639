// Loads the Cloud Scheduler v1 protos that @google-cloud/scheduler ships and exposes the gRPC
// service definition of google.cloud.scheduler.v1.CloudScheduler.
import { loadClientProtos } from "../grpc/proto.js";

const protos = loadClientProtos("@google-cloud/scheduler");

/** Full gRPC service name. */
export const SCHEDULER_SERVICE = "google.cloud.scheduler.v1.CloudScheduler";

const protosJson = protos.json as JsonNamespace;

export const schedulerDefinition = protos.service(SCHEDULER_SERVICE);

/** What the fake needs to know about a message field (for update-mask paths). */
export interface FieldInfo {
  /** Full name of the message type, when the field is a message (and not a map). */
  message?: string;
  map: boolean;
  repeated: boolean;
}

interface JsonNamespace {
  nested?: Record<string, JsonNamespace>;
  fields?: Record<string, { type: string; rule?: string; keyType?: string }>;
}

function lookupType(fullName: string): JsonNamespace | undefined {
  let cur: JsonNamespace | undefined = protosJson;
  for (const part of fullName.split(".")) cur = cur?.nested?.[part];
  return cur?.fields ? cur : undefined;
}

/** Resolves a field's type name relative to its message's package, the way protobuf does. */
function resolveTypeName(type: string, scope: string): string | undefined {
  const parts = scope.split(".");
  for (let i = parts.length; i >= 0; i--) {
    const candidate = [...parts.slice(0, i), type].join(".");
    if (lookupType(candidate)) return candidate;
  }
  return undefined;
}

const fieldCache = new Map<string, Record<string, FieldInfo>>();

/** Fields of a message type by camelCase name (protos.json keys are already camelCase). */
export function messageFields(fullName: string): Record<string, FieldInfo> {
  const cached = fieldCache.get(fullName);
  if (cached) return cached;
  const type = lookupType(fullName);
  if (!type) throw new Error(`Message ${fullName} is missing from ${protos.path}`);
  const out: Record<string, FieldInfo> = {};
  for (const [name, f] of Object.entries(type.fields ?? {})) {
    const map = f.keyType !== undefined;
    out[name] = { map, repeated: f.rule === "repeated", message: map ? undefined : resolveTypeName(f.type, fullName) };
  }
  fieldCache.set(fullName, out);
  return out;
}
