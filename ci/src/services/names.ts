/**
 * Names the pipeline sends to Cloud Run, validated before any call (the API's own rules).
 */
import { MAX_TAG_PLUS_SERVICE } from "../catalog/limits.js";

export { MAX_TAG_PLUS_SERVICE };
export const MAX_REVISION_NAME = 63;

export class InvalidNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidNameError";
  }
}

const ID = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;

export function validateServiceId(id: string): void {
  if (id.length >= 50 || !ID.test(id)) {
    throw new InvalidNameError(`Cloud Run service name "${id}" is invalid: use fewer than 50 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen.`);
  }
}

/** The candidate tag put on a new revision while it is probed: "rc-<short sha>". */
export const candidateTag = (shortSha: string): string => `rc-${shortSha}`;

/** A tag of the shape the pipeline gives candidates (a commit in hex), e.g. one left by a failed restore. */
export const isCandidateTag = (tag: string | null | undefined): boolean => /^rc-[0-9a-f]{7,40}$/.test(tag ?? "");

export function validateTag(service: string, tag: string): void {
  if (!ID.test(tag)) throw new InvalidNameError(`traffic tag "${tag}" is invalid: lowercase letters, digits and hyphens, starting with a letter.`);
  if (tag.length + service.length > MAX_TAG_PLUS_SERVICE) {
    throw new InvalidNameError(
      `traffic tag "${tag}" with service "${service}" is ${tag.length + service.length} characters; Cloud Run allows ${MAX_TAG_PLUS_SERVICE} for tag + service name. Shorten the service name to ${MAX_TAG_PLUS_SERVICE - tag.length} characters or fewer, or deploy with --strategy=direct (no tag).`,
    );
  }
}

/** A revision name unique per attempt: SERVICE-<sha>-<suffix>, under 64 characters. */
export function revisionName(service: string, shortSha: string, suffix: string): string {
  const name = `${service}-${shortSha}-${suffix}`;
  if (name.length > MAX_REVISION_NAME || !ID.test(name)) {
    throw new InvalidNameError(`revision name "${name}" is invalid (max ${MAX_REVISION_NAME} characters, lowercase letters, digits, hyphens).`);
  }
  return name;
}

/** Lowercase base-36 suffix from a time, e.g. for revision names. */
export const timeSuffix = (now: number): string => now.toString(36).slice(-5);
