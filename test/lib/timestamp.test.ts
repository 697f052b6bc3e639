import { describe, expect, it } from "vitest";
import { compareTimestamps, timestampNanos } from "../../ci/src/lib/timestamp.js";

describe("timestamps at full precision", () => {
  it("orders by seconds, then nanoseconds, with seconds as a number or a string", () => {
    expect(compareTimestamps({ seconds: "1767225600", nanos: 2 }, { seconds: 1_767_225_600, nanos: 1 })).toBe(1);
    expect(compareTimestamps({ seconds: 1, nanos: 999_999_999 }, { seconds: "2" })).toBe(-1);
    expect(compareTimestamps({ seconds: "5", nanos: 7 }, { seconds: 5, nanos: 7 })).toBe(0);
  });

  it("is exact beyond Number's integers, and treats a missing time as the epoch", () => {
    expect(timestampNanos({ seconds: "1767225600", nanos: 123_456_789 })).toBe(1_767_225_600_123_456_789n);
    expect(compareTimestamps(undefined, { seconds: 0, nanos: 1 })).toBe(-1);
    expect(timestampNanos(null)).toBe(0n);
  });
});
