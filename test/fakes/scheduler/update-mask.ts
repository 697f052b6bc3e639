// UpdateJob field-mask semantics: only the listed paths change; without a mask, every field the
// request populates replaces the stored one (AIP-134). Output-only paths are ignored, as the API
// documents for UpdateJob; unknown paths are INVALID_ARGUMENT.
import { invalidArgument } from "./errors.js";
import { messageFields, type FieldInfo } from "./proto.js";
import { TARGET_KINDS, type TargetKind } from "./job-validation.js";
import type { IJob } from "./types.js";

const OUTPUT_ONLY = new Set(["userUpdateTime", "state", "status", "scheduleTime", "lastAttemptTime"]);
const JOB_TYPE = "google.cloud.scheduler.v1.Job";

const camel = (segment: string) => segment.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Resolves a mask path (snake_case or camelCase) to camelCase segments, checking each one exists. */
export function resolvePath(path: string): string[] {
  const segments = path.split(".").map(camel);
  let type = JOB_TYPE;
  segments.forEach((segment, i) => {
    const field: FieldInfo | undefined = messageFields(type)[segment];
    if (!field) {
      throw invalidArgument(`update_mask path "${path}" does not name a field of ${type.split(".").at(-1)}; use paths such as "schedule", "http_target.uri" or "retry_config".`);
    }
    if (i < segments.length - 1 && (field.map || field.repeated || !field.message)) {
      throw invalidArgument(`update_mask path "${path}": "${segment}" has no sub-fields.`);
    }
    type = field.message ?? type;
  });
  return segments;
}

/** Top-level fields a mask-less update replaces: every populated field except name and output-only ones. */
function impliedPaths(patch: IJob): string[][] {
  return Object.entries(patch)
    .filter(([key, value]) => value !== undefined && value !== null && key !== "name" && key !== "target" && !OUTPUT_ONLY.has(key))
    .filter(([key]) => messageFields(JOB_TYPE)[key] !== undefined)
    .map(([key]) => [key]);
}

/** Returns a copy of `stored` with the masked fields taken from `patch`. */
export function applyUpdateMask(stored: IJob, patch: IJob, paths: readonly string[] | null | undefined): IJob {
  const resolved = paths && paths.length > 0 ? paths.map(resolvePath) : impliedPaths(patch);
  const result = structuredClone(stored) as Record<string, unknown>;
  for (const segments of resolved) {
    if (segments[0] === "name" || OUTPUT_ONLY.has(segments[0]!)) continue;
    const value = getPath(patch, segments);
    if (TARGET_KINDS.includes(segments[0] as TargetKind) && (value !== undefined || segments.length > 1)) {
      // Setting one member of the `target` oneof clears the others.
      for (const other of TARGET_KINDS) if (other !== segments[0]) delete result[other];
    }
    setPath(result, segments, value === undefined ? undefined : structuredClone(value));
  }
  return result as IJob;
}

function getPath(source: unknown, segments: readonly string[]): unknown {
  let cur = source;
  for (const s of segments) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[s];
  }
  return cur === null ? undefined : cur;
}

function setPath(target: Record<string, unknown>, segments: readonly string[], value: unknown): void {
  let cur = target;
  for (const s of segments.slice(0, -1)) {
    if (cur[s] === undefined || cur[s] === null || typeof cur[s] !== "object") {
      if (value === undefined) return;
      cur[s] = {};
    }
    cur = cur[s] as Record<string, unknown>;
  }
  const last = segments.at(-1)!;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}
