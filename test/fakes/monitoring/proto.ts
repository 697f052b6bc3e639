// The Cloud Monitoring v3 protos that @google-cloud/monitoring ships, and the gRPC service
// definitions the fake serves.
import { loadClientProtos } from "../grpc/proto.js";

const protos = loadClientProtos("@google-cloud/monitoring");

export const UPTIME_SERVICE = "google.monitoring.v3.UptimeCheckService";
export const ALERT_SERVICE = "google.monitoring.v3.AlertPolicyService";
export const CHANNEL_SERVICE = "google.monitoring.v3.NotificationChannelService";

export const uptimeDefinition = protos.service(UPTIME_SERVICE);
export const alertDefinition = protos.service(ALERT_SERVICE);
export const channelDefinition = protos.service(CHANNEL_SERVICE);

interface JsonNamespace {
  nested?: Record<string, JsonNamespace>;
  fields?: Record<string, unknown>;
}

/** Field names (camelCase, as in protos.json) of a message, e.g. "google.monitoring.v3.AlertPolicy". */
export function fieldNames(fullName: string): string[] {
  let cur: JsonNamespace | undefined = protos.json as JsonNamespace;
  for (const part of fullName.split(".")) cur = cur?.nested?.[part];
  if (!cur?.fields) throw new Error(`Message ${fullName} is missing from ${protos.path}`);
  return Object.keys(cur.fields);
}
