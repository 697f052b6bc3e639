// Resource names and identifier rules of the Cloud Run Admin API v2.
import { randomBytes, randomUUID } from "node:crypto";
import { invalidArgument } from "./errors.js";

export interface LocationRef {
  project: string;
  region: string;
}

export interface ChildRef extends LocationRef {
  id: string;
}

const LOCATION_RE = /^projects\/([^/]+)\/locations\/([^/]+)$/;
const DNS_LABEL_RE = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export function parseParent(parent: string | null | undefined, field: string): LocationRef {
  const m = LOCATION_RE.exec(parent ?? "");
  if (!m) {
    throw invalidArgument(`${field}: expected "projects/{project}/locations/{location}", got "${parent ?? ""}".`);
  }
  const [, project, region] = m as unknown as [string, string, string];
  if (region === "-") {
    throw invalidArgument(`${field}: location must be a Google Cloud region, not the "-" wildcard.`);
  }
  return { project, region };
}

/** Parses `projects/P/locations/L/<collection>/ID`. */
export function parseChild(name: string | null | undefined, collection: string, field: string): ChildRef {
  const parts = (name ?? "").split("/");
  if (parts.length !== 6 || parts[0] !== "projects" || parts[2] !== "locations" || parts[4] !== collection || !parts[5]) {
    throw invalidArgument(
      `${field}: expected "projects/{project}/locations/{location}/${collection}/{id}", got "${name ?? ""}".`,
    );
  }
  return { project: parts[1]!, region: parts[3]!, id: parts[5]! };
}

/** Parses `projects/P/locations/L/<parentCollection>/PID/<collection>/ID`. */
export function parseGrandchild(
  name: string | null | undefined,
  parentCollection: string,
  collection: string,
  field: string,
): ChildRef & { parentId: string } {
  const parts = (name ?? "").split("/");
  if (parts.length !== 8 || parts[4] !== parentCollection || parts[6] !== collection || !parts[7]) {
    throw invalidArgument(
      `${field}: expected "projects/{project}/locations/{location}/${parentCollection}/{id}/${collection}/{id}", got "${name ?? ""}".`,
    );
  }
  const parent = parseChild(parts.slice(0, 6).join("/"), parentCollection, field);
  return { ...parent, parentId: parent.id, id: parts[7]! };
}

export const locationName = (ref: LocationRef) => `projects/${ref.project}/locations/${ref.region}`;
export const serviceName = (ref: ChildRef) => `${locationName(ref)}/services/${ref.id}`;
export const jobName = (ref: ChildRef) => `${locationName(ref)}/jobs/${ref.id}`;

/** v2 service ids: lowercase letters, digits, hyphens; start with a letter; no trailing hyphen; < 50 chars. */
export function validateServiceId(id: string): void {
  if (!DNS_LABEL_RE.test(id) || id.length >= 50) {
    throw invalidArgument(
      `Violation in CreateServiceRequest.service_id: only lowercase, digits, and hyphens; must begin with letter, and cannot end with hyphen; must be less than 50 characters. Got "${id}".`,
    );
  }
}

/** Job ids follow the same character rules; the fake allows fewer than 64 characters. */
export function validateJobId(id: string): void {
  if (!DNS_LABEL_RE.test(id) || id.length >= 64) {
    throw invalidArgument(
      `Violation in CreateJobRequest.job_id: only lowercase, digits, and hyphens; must begin with letter, and cannot end with hyphen; must be less than 64 characters. Got "${id}".`,
    );
  }
}

/** A user-chosen revision name must be `SERVICE-SUFFIX`, a DNS label shorter than 64 chars. */
export function validateRevisionName(revision: string, serviceId: string): void {
  if (!DNS_LABEL_RE.test(revision) || revision.length >= 64) {
    throw invalidArgument(
      `service.template.revision: only lowercase, digits, and hyphens; must begin with letter, and may not end with hyphen; must be less than 64 characters. Got "${revision}".`,
    );
  }
  if (!revision.startsWith(`${serviceId}-`)) {
    throw invalidArgument(
      `service.template.revision: revision name "${revision}" must be prefixed by the service name followed by a hyphen ("${serviceId}-").`,
    );
  }
}

/** Traffic tags are DNS-1035 labels. */
export function isValidTag(tag: string): boolean {
  return DNS_LABEL_RE.test(tag);
}

const ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789";

export function randomSuffix(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join("");
}

/** Generated revision names look like `svc-00005-vdk`. */
export function generatedRevisionName(serviceId: string, ordinal: number): string {
  return `${serviceId}-${String(ordinal).padStart(5, "0")}-${randomSuffix(3)}`;
}

/** Execution names look like `job-x7k2p`. */
export function generatedExecutionName(jobId: string): string {
  return `${jobId}-${randomSuffix(5)}`;
}

export function newEtag(): string {
  return randomBytes(12).toString("base64");
}

export const newUid = () => randomUUID();
