// Resource timestamps with nanosecond precision, strictly increasing within the process (Cloud Run
// reports nanoseconds; several revisions can share a millisecond, never a timestamp here).
import type { protos } from "@google-cloud/run";

type ITimestamp = protos.google.protobuf.ITimestamp;

/** A timestamp a test gives: seconds since the epoch (number or int64 string) and nanos. */
export interface TimestampInput {
  seconds: number | string;
  nanos?: number;
}

const NANOS_PER_SECOND = 1_000_000_000n;
// Wall-clock base in nanoseconds, advanced by the monotonic high-resolution clock.
const wallBase = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();
let last = 0n;

/** Now, as a google.protobuf.Timestamp; each call returns a later value than the one before. */
export function timestamp(): ITimestamp {
  let now = wallBase + process.hrtime.bigint();
  if (now <= last) now = last + 1n;
  last = now;
  return fromNanos(now);
}

/** A test-given timestamp in the stored form (int64 seconds as a string). */
export function toTimestamp(input: TimestampInput): ITimestamp {
  const nanos = input.nanos ?? 0;
  if (!Number.isInteger(nanos) || nanos < 0 || nanos >= 1e9) throw new Error(`timestamp nanos must be an integer in 0..999999999, got ${nanos}.`);
  return { seconds: String(input.seconds), nanos };
}

/** Negative when `a` is earlier than `b`; missing timestamps count as the epoch. */
export function compareTimestamps(a: ITimestamp | null | undefined, b: ITimestamp | null | undefined): number {
  const d = toNanos(a) - toNanos(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

function toNanos(t: ITimestamp | null | undefined): bigint {
  return BigInt(String(t?.seconds ?? 0)) * NANOS_PER_SECOND + BigInt(t?.nanos ?? 0);
}

function fromNanos(n: bigint): ITimestamp {
  return { seconds: String(n / NANOS_PER_SECOND), nanos: Number(n % NANOS_PER_SECOND) };
}
