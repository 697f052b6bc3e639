// Update masks of UpdateUptimeCheckConfig and UpdateAlertPolicy. With paths, only those fields
// change (a path whose field the request leaves out clears it); without, the request replaces the
// stored resource. A path that names no field, or a field the method cannot change, is
// INVALID_ARGUMENT. Uptime checks: "The following fields can be updated: display_name,
// http_check, tcp_check, timeout, content_matchers, and selected_regions" (uptime_service.proto).
// Alert policies: every field but name and the output-only records (alert_service.proto).
import { invalidArgument } from "../grpc/status.js";
import { fieldNames } from "./proto.js";
import type { IAlertPolicy, IUptimeCheckConfig } from "./types.js";

const camel = (s: string): string => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const snake = (s: string): string => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export const UPTIME_UPDATABLE = ["displayName", "httpCheck", "tcpCheck", "timeout", "contentMatchers", "selectedRegions"];
const POLICY_FIXED = ["name", "creationRecord", "mutationRecord", "validity"];
const DOCUMENTATION_FIELDS = ["content", "mimeType", "subject", "links"];

function masked<T extends object>(stored: T, patch: T, paths: string[][]): T {
  const out = structuredClone(stored) as Record<string, unknown>;
  const source = patch as Record<string, unknown>;
  for (const path of paths) {
    if (path.length === 1) {
      const value = source[path[0]!];
      if (value === undefined || value === null) delete out[path[0]!];
      else out[path[0]!] = structuredClone(value);
      continue;
    }
    const [head, leaf] = path as [string, string];
    const inner = { ...((out[head] as Record<string, unknown> | undefined) ?? {}) };
    const value = (source[head] as Record<string, unknown> | undefined)?.[leaf];
    if (value === undefined || value === null) delete inner[leaf];
    else inner[leaf] = structuredClone(value);
    out[head] = inner;
  }
  return out as T;
}

export function applyUptimeMask(stored: IUptimeCheckConfig, patch: IUptimeCheckConfig, paths: readonly string[] | null | undefined): IUptimeCheckConfig {
  if (!paths?.length) return { ...structuredClone(patch), name: stored.name };
  const known = fieldNames("google.monitoring.v3.UptimeCheckConfig");
  const resolved = paths.map((path) => {
    const field = camel(path);
    if (!known.includes(field)) throw invalidArgument(`update_mask path "${path}" does not name a field of UptimeCheckConfig.`);
    if (!UPTIME_UPDATABLE.includes(field)) throw invalidArgument(`update_mask path "${path}" cannot be updated; the fields that can: ${UPTIME_UPDATABLE.map(snake).join(", ")}.`);
    return [field];
  });
  return masked(stored, patch, resolved);
}

export function applyAlertMask(stored: IAlertPolicy, patch: IAlertPolicy, paths: readonly string[] | null | undefined): IAlertPolicy {
  const keep = { name: stored.name, creationRecord: stored.creationRecord };
  if (!paths?.length) {
    const { mutationRecord: _m, validity: _v, ...rest } = structuredClone(patch);
    return { ...rest, ...keep };
  }
  const known = fieldNames("google.monitoring.v3.AlertPolicy");
  const resolved = paths.map((path) => {
    const segments = path.split(".").map(camel);
    const [head, leaf] = segments;
    if (!head || !known.includes(head) || segments.length > 2 || (leaf !== undefined && (head !== "documentation" || !DOCUMENTATION_FIELDS.includes(leaf)))) {
      throw invalidArgument(`update_mask path "${path}" does not name a field of AlertPolicy.`);
    }
    if (POLICY_FIXED.includes(head)) throw invalidArgument(`update_mask path "${path}" cannot be updated.`);
    return segments;
  });
  return masked(stored, patch, resolved);
}
