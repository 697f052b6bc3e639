// In-memory state of the fake: services with their revisions, jobs with their executions.
import type { protos } from "@google-cloud/run";
import { definitions } from "./proto.js";
import type { ChildRef } from "./names.js";

export type IService = protos.google.cloud.run.v2.IService;
export type IRevision = protos.google.cloud.run.v2.IRevision;
export type IRevisionTemplate = protos.google.cloud.run.v2.IRevisionTemplate;
export type ITrafficTarget = protos.google.cloud.run.v2.ITrafficTarget;
export type ITrafficTargetStatus = protos.google.cloud.run.v2.ITrafficTargetStatus;
export type ICondition = protos.google.cloud.run.v2.ICondition;
export type IJob = protos.google.cloud.run.v2.IJob;
export type IExecution = protos.google.cloud.run.v2.IExecution;
export type IPolicy = protos.google.iam.v1.IPolicy;
export type ITimestamp = protos.google.protobuf.ITimestamp;

export type Readiness = "pending" | "ready" | "failed";

/** A revision that serves a share of the service's traffic right now. */
export interface ServingTarget {
  revision: string;
  percent: number;
  tag?: string;
}

export interface RevisionRecord {
  /** Short revision name, e.g. `svc-00001-abc`. */
  id: string;
  resource: IRevision;
  /** Canonical form of the template that created it (without `template.revision`). */
  templateKey: string;
  image: string;
  readiness: Readiness;
  failureMessage?: string;
}

export interface ServiceRecord {
  ref: ChildRef;
  resource: IService;
  /** Short revision names, oldest first. */
  revisionOrder: string[];
  revisions: Map<string, RevisionRecord>;
  nextRevisionOrdinal: number;
  policy: IPolicy;
  /** Effective routing (what `trafficStatuses` describes); empty until the first success. */
  serving: ServingTarget[];
  /** Path segment of the probe URLs, unique within the fake. */
  probeSlug: string;
  /** Counts requests to the main URL, for the deterministic traffic split. */
  routeCounter: number;
}

export interface ExecutionRecord {
  id: string;
  resource: IExecution;
}

export interface JobRecord {
  ref: ChildRef;
  resource: IJob;
  policy: IPolicy;
  executions: Map<string, ExecutionRecord>;
  executionOrder: string[];
}

export class FakeState {
  /** Keyed by full service name `projects/P/locations/L/services/S`. */
  readonly services = new Map<string, ServiceRecord>();
  /** Keyed by full job name `projects/P/locations/L/jobs/J`. */
  readonly jobs = new Map<string, JobRecord>();

  serviceBySlug(slug: string): ServiceRecord | undefined {
    for (const s of this.services.values()) if (s.probeSlug === slug) return s;
    return undefined;
  }

  uniqueSlug(serviceId: string): string {
    let slug = serviceId;
    for (let n = 2; this.serviceBySlug(slug); n++) slug = `${serviceId}~${n}`;
    return slug;
  }
}

export { timestamp, compareTimestamps } from "./timestamps.js";

/**
 * Drops proto3 default values ("", 0, false, "0", *_UNSPECIFIED / *_UNDEFINED enums, empty lists,
 * maps and messages). Clients that echo a decoded message send these explicitly; the API treats
 * them as unset, and so does the fake.
 */
export function stripDefaults<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => stripDefaults(v)) as T;
  if (value && typeof value === "object" && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const stripped = stripDefaults(v);
      if (!isDefault(stripped)) out[k] = stripped;
    }
    return out as T;
  }
  return value;
}

function isDefault(v: unknown): boolean {
  if (v === undefined || v === null || v === "" || v === 0 || v === false || v === "0") return true;
  if (typeof v === "string") return /_(UNSPECIFIED|UNDEFINED)$/.test(v);
  if (Array.isArray(v)) return v.length === 0;
  if (v instanceof Uint8Array) return v.length === 0;
  if (typeof v === "object") return Object.keys(v as object).length === 0;
  return false;
}

/** Round-trips a template through its protobuf encoding: the canonical form the API stores. */
export function canonicalTemplate(template: IRevisionTemplate): IRevisionTemplate {
  return canonicalService({ template }).template ?? {};
}

/** Round-trips a Service through its protobuf encoding without default values (canonical form). */
export function canonicalService(service: IService): IService {
  const getService = definitions.services["GetService"]!;
  return getService.responseDeserialize(getService.responseSerialize(stripDefaults(service))) as IService;
}

/** A stable key for "is this the same configuration": template without its revision name. */
export function templateKey(template: IRevisionTemplate): string {
  const canonical = canonicalTemplate({ ...template, revision: "" });
  return stableStringify(canonical);
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value && typeof value === "object" && !Buffer.isBuffer(value)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}
