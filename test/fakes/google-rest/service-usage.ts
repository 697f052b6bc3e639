// Service Usage API v1 (https://cloud.google.com/service-usage/docs/reference/rest/v1/services):
// services.get and services.batchGet (at most 30 names), state ENABLED / DISABLED, names by
// project number. Needs serviceusage.services.get on the project; an unknown project is 403.
import { type ApiHandler, holds, json, type Reply, rpcError } from "./reply.js";
import type { FakeGoogleState } from "./state.js";

const SERVICE_NAME = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*\.googleapis\.com$/;

function serviceOf(state: FakeGoogleState, caller: string, projectRef: string, service: string): Reply | Record<string, unknown> {
  const project = state.findProject(projectRef);
  if (!project || !holds(state, caller, `projects/${project.id}`, project.id, "serviceusage.services.get")) {
    return rpcError(403, `Permission denied to get service [${service}]\nHelp Token: fake`);
  }
  if (!SERVICE_NAME.test(service)) return rpcError(400, `Invalid service name: ${service}.`);
  return { name: `projects/${project.number}/services/${service}`, parent: `projects/${project.number}`, config: { name: service }, state: project.services.has(service) ? "ENABLED" : "DISABLED" };
}

const isReply = (x: unknown): x is Reply => typeof (x as Reply).status === "number" && "body" in (x as Reply);

export const serviceUsage: ApiHandler = (call, state) => {
  const get = /^\/v1\/projects\/([^/]+)\/services\/([^/:]+)$/.exec(call.path);
  if (get && call.method === "GET") {
    const out = serviceOf(state, call.caller, get[1]!, get[2]!);
    return isReply(out) ? out : json(out);
  }
  const batch = /^\/v1\/projects\/([^/]+)\/services:batchGet$/.exec(call.path);
  if (batch && call.method === "GET") {
    const names = call.query.getAll("names");
    if (names.length === 0 || names.length > 30) return rpcError(400, "Request must contain between 1 and 30 names.");
    const services = [];
    for (const name of names) {
      const m = /^projects\/([^/]+)\/services\/([^/]+)$/.exec(name);
      if (!m || m[1] !== batch[1]) return rpcError(400, `Invalid name ${name}: must be projects/${batch[1]}/services/SERVICE.`);
      const out = serviceOf(state, call.caller, m[1]!, m[2]!);
      if (isReply(out)) return out;
      services.push(out);
    }
    return json({ services });
  }
  return undefined;
};
