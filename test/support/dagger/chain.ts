// Chains: the fake's picture of a Dagger object. An object is the list of field calls that
// produced it, starting at a Query field; IDs are that list, encoded, so any ID the SDK sends
// back can be decoded to the full chain (nested IDs inside arguments included).
import { createHash } from "node:crypto";

export type ArgValue =
  | string
  | number
  | boolean
  | null
  | ObjectRef
  | ArgValue[]
  | { [key: string]: ArgValue };

/** An argument that was an object ID, expanded to the chain that produced the object. */
export interface ObjectRef {
  $type: string;
  chain: Step[];
}

/** One field call: `field(args)`, and the type it returned. */
export interface Step {
  field: string;
  args: Record<string, ArgValue>;
  type: string;
}

const PREFIX = "fake:";

export function isObjectRef(value: unknown): value is ObjectRef {
  return typeof value === "object" && value !== null && "$type" in value && "chain" in value;
}

export function encodeId(ref: ObjectRef): string {
  return PREFIX + Buffer.from(JSON.stringify(ref)).toString("base64url");
}

export function isFakeId(value: unknown): value is string {
  return typeof value === "string" && value.startsWith(PREFIX);
}

export function decodeId(id: string): ObjectRef {
  if (!id.startsWith(PREFIX)) {
    throw new Error(`"${id.slice(0, 40)}" is not an ID issued by the fake Dagger session`);
  }
  const parsed: unknown = JSON.parse(Buffer.from(id.slice(PREFIX.length), "base64url").toString());
  if (!isObjectRef(parsed)) throw new Error(`malformed fake Dagger ID "${id.slice(0, 40)}"`);
  return parsed;
}

/** Replaces every fake ID inside an argument value by the chain it encodes. */
export function expandIds(value: ArgValue): ArgValue {
  if (isFakeId(value)) return decodeId(value);
  if (Array.isArray(value)) return value.map(expandIds);
  if (value !== null && typeof value === "object" && !isObjectRef(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandIds(v)]));
  }
  return value;
}

/** A deterministic sha256 hex digest of any JSON value (used for digests and image refs). */
export function digestOf(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex");
}

/**
 * The digest of the image a Container chain builds, as a registry reports it after a push:
 * registry credentials are not part of the image, so `withRegistryAuth` steps leave it unchanged
 * (the same image pushed with a fresh token per tag has one digest).
 */
export function imageDigest(chain: Step[]): string {
  return digestOf(chain.filter((s) => s.field !== "withRegistryAuth"));
}

/** The chain's step that last called `field`, if any. */
export function lastStep(chain: Step[], field: string): Step | undefined {
  return [...chain].reverse().find((s) => s.field === field);
}
