// Resource names and identifier rules of Cloud Scheduler v1 (see Job.name in job.proto).
import { randomBytes } from "node:crypto";
import { invalidArgument } from "./errors.js";

export interface LocationRef {
  project: string;
  location: string;
}

export interface JobRef extends LocationRef {
  id: string;
}

/** PROJECT_ID: letters, numbers, hyphens, colons or periods. */
const PROJECT_RE = /^[A-Za-z0-9\-:.]+$/;
/** LOCATION_ID: a canonical location id such as us-central1. */
const LOCATION_RE = /^[a-z0-9-]+$/;
/** JOB_ID: letters, numbers, hyphens or underscores; at most 500 characters. */
const JOB_ID_RE = /^[A-Za-z0-9_-]{1,500}$/;

export const JOB_NAME_FORMAT = '"projects/<PROJECT_ID>/locations/<LOCATION_ID>/jobs/<JOB_ID>"';

export function parseParent(parent: string | null | undefined): LocationRef {
  const parts = (parent ?? "").split("/");
  if (parts.length !== 4 || parts[0] !== "projects" || parts[2] !== "locations" || !PROJECT_RE.test(parts[1]!) || !LOCATION_RE.test(parts[3]!)) {
    throw invalidArgument(`Parent must be formatted: "projects/<PROJECT_ID>/locations/<LOCATION_ID>"; got "${parent ?? ""}".`);
  }
  return { project: parts[1]!, location: parts[3]! };
}

/** Parses `projects/P/locations/L/jobs/ID`, enforcing the JOB_ID character set and length. */
export function parseJobName(name: string | null | undefined): JobRef {
  const parts = (name ?? "").split("/");
  const ok =
    parts.length === 6 &&
    parts[0] === "projects" &&
    parts[2] === "locations" &&
    parts[4] === "jobs" &&
    PROJECT_RE.test(parts[1]!) &&
    LOCATION_RE.test(parts[3]!);
  if (!ok) throw invalidArgument(`Job name must be formatted: ${JOB_NAME_FORMAT}; got "${name ?? ""}".`);
  const id = parts[5]!;
  if (!JOB_ID_RE.test(id)) {
    throw invalidArgument(
      `Job name must be formatted: ${JOB_NAME_FORMAT}; JOB_ID may contain only letters, numbers, hyphens and underscores and at most 500 characters; got "${id.length > 80 ? `${id.slice(0, 80)}...` : id}" (${id.length} characters).`,
    );
  }
  return { project: parts[1]!, location: parts[3]!, id };
}

export const locationName = (ref: LocationRef) => `projects/${ref.project}/locations/${ref.location}`;
export const jobName = (ref: JobRef) => `${locationName(ref)}/jobs/${ref.id}`;

/** The id the API assigns when CreateJob gives no name (a long decimal number). */
export function generatedJobId(): string {
  return BigInt(`0x${randomBytes(8).toString("hex")}`).toString();
}
