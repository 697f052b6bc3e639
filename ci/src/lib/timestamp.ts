/**
 * Protobuf Timestamps as the Google clients return them (seconds as a number or a decimal string,
 * nanos separate), compared at full precision: several revisions or executions can share a second.
 */
export interface Timestamp {
  seconds?: number | string | null;
  nanos?: number | null;
}

/** Nanoseconds since the epoch, exactly (a bigint: seconds * 1e9 exceeds Number's integers). */
export const timestampNanos = (t: Timestamp | null | undefined): bigint => BigInt(String(t?.seconds ?? 0)) * 1_000_000_000n + BigInt(t?.nanos ?? 0);

/** Negative when `a` is earlier than `b`, positive when later, 0 when equal (a missing time is the epoch). */
export function compareTimestamps(a: Timestamp | null | undefined, b: Timestamp | null | undefined): number {
  const d = timestampNanos(a) - timestampNanos(b);
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}
