// Traffic rules of Cloud Run v2: validation of the desired split and its resolution to revisions.
import { status } from "@grpc/grpc-js";
import { invalidArgument } from "./errors.js";
import { isValidTag } from "./names.js";
import type { ITrafficTarget, Readiness, ServingTarget } from "./state.js";

export const LATEST = "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" as const;
export const REVISION = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION" as const;

/** Max length of tag + service name: together they form the tag URL's DNS label. */
export const MAX_TAG_AND_SERVICE_LENGTH = 46;

const ENUM_BY_NUMBER: Record<number, string> = { 0: "TRAFFIC_TARGET_ALLOCATION_TYPE_UNSPECIFIED", 1: LATEST, 2: REVISION };

export function allocationType(target: ITrafficTarget): string {
  const t = target.type;
  if (typeof t === "number") return ENUM_BY_NUMBER[t] ?? String(t);
  return t ?? "TRAFFIC_TARGET_ALLOCATION_TYPE_UNSPECIFIED";
}

/** Traffic may name a revision by short name or by full resource name. */
export function shortRevisionName(revision: string): string {
  const i = revision.lastIndexOf("/revisions/");
  return i >= 0 ? revision.slice(i + "/revisions/".length) : revision;
}

/** Rejects what the API rejects synchronously (INVALID_ARGUMENT). Empty traffic means LATEST=100. */
export function validateTraffic(traffic: ITrafficTarget[], serviceId: string): void {
  const tags = new Set<string>();
  let sum = 0;
  traffic.forEach((target, i) => {
    const field = `service.traffic[${i}]`;
    const type = allocationType(target);
    const percent = target.percent ?? 0;
    if (type === LATEST) {
      if (target.revision) {
        throw invalidArgument(`${field}.revision: must be empty when type is ${LATEST}; use ${REVISION} to name a revision.`);
      }
    } else if (type === REVISION) {
      if (!target.revision) throw invalidArgument(`${field}.revision: required when type is ${REVISION}.`);
    } else {
      throw invalidArgument(`${field}.type: must be ${LATEST} or ${REVISION}, got ${type}.`);
    }
    if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
      throw invalidArgument(`${field}.percent: must be between 0 and 100, got ${percent}.`);
    }
    sum += percent;
    const tag = target.tag ?? "";
    if (tag) {
      if (!isValidTag(tag)) {
        throw invalidArgument(
          `${field}.tag: traffic tag '${tag}' must consist of lowercase letters, digits and hyphens, start with a letter and end with a letter or digit.`,
        );
      }
      if (tag.length + serviceId.length > MAX_TAG_AND_SERVICE_LENGTH) {
        throw invalidArgument(
          `${field}.tag: traffic tag '${tag}' and service name '${serviceId}' together are too long. Combined traffic tag and service name cannot exceed ${MAX_TAG_AND_SERVICE_LENGTH} characters.`,
        );
      }
      if (tags.has(tag)) throw invalidArgument(`${field}.tag: traffic tag '${tag}' is used more than once; tags must be unique.`);
      tags.add(tag);
    }
  });
  if (traffic.length > 0 && sum !== 100) {
    throw invalidArgument(`service.traffic: traffic percentages must sum to 100, got ${sum}.`);
  }
}

export interface RevisionLookup {
  readiness(shortName: string): Readiness | undefined;
}

export type TrafficResolution =
  | { ok: true; serving: ServingTarget[] }
  | { ok: false; code: number; message: string };

/** Resolves the desired split against the revisions that exist and are ready (at reconcile time). */
export function resolveTraffic(
  desired: ITrafficTarget[],
  latestReady: string | undefined,
  revisions: RevisionLookup,
): TrafficResolution {
  const effective: ITrafficTarget[] = desired.length > 0 ? desired : [{ type: LATEST, percent: 100 }];
  const serving: ServingTarget[] = [];
  for (const target of effective) {
    let revision: string;
    if (allocationType(target) === LATEST) {
      if (!latestReady) {
        return { ok: false, code: status.FAILED_PRECONDITION, message: "No ready revision can serve the LATEST traffic target." };
      }
      revision = latestReady;
    } else {
      revision = shortRevisionName(target.revision ?? "");
      const readiness = revisions.readiness(revision);
      if (readiness === undefined) {
        return {
          ok: false,
          code: status.INTERNAL,
          message: `Revision '${revision}' does not exist or is deleted. Update all traffic to route to currently available revisions.`,
        };
      }
      if (readiness !== "ready") {
        return { ok: false, code: status.FAILED_PRECONDITION, message: `Revision '${revision}' is not ready and cannot serve traffic.` };
      }
    }
    serving.push({ revision, percent: target.percent ?? 0, ...(target.tag ? { tag: target.tag } : {}) });
  }
  return { ok: true, serving };
}

/**
 * Deterministic split: request number n goes to the target whose cumulative percent range holds
 * n mod 100, so 90/10 sends requests 0-89 to the first target and 90-99 to the second.
 */
export function pickRevision(serving: ServingTarget[], requestNumber: number): string | undefined {
  const slot = requestNumber % 100;
  let upper = 0;
  for (const target of serving) {
    upper += target.percent;
    if (slot < upper) return target.revision;
  }
  return undefined;
}
