/**
 * Name rules at their bounds: revision names of exactly 63 characters, candidate tags, the
 * message of a too long tag, time suffixes, the error's name. Written from Stryker's survivors in
 * services/names.ts (issue 12).
 */
import { describe, expect, it } from "vitest";
import { InvalidNameError, isCandidateTag, MAX_TAG_PLUS_SERVICE, revisionName, timeSuffix, validateServiceId, validateTag } from "../../ci/src/services/names.js";

describe("names at their bounds", () => {
  it("accepts a revision name of exactly 63 characters and refuses 64", () => {
    const service = "a".repeat(63 - "-abc1234-x1y2z".length);
    expect(revisionName(service, "abc1234", "x1y2z")).toHaveLength(63);
    expect(() => revisionName(`${service}b`, "abc1234", "x1y2z")).toThrow(`revision name "${service}b-abc1234-x1y2z" is invalid (max 63 characters, lowercase letters, digits, hyphens).`);
  });

  it("recognises candidate tags rc-<7 to 40 hex digits> and nothing around them", () => {
    expect(isCandidateTag("rc-abc1234")).toBe(true);
    expect(isCandidateTag(`rc-${"f".repeat(40)}`)).toBe(true);
    expect(isCandidateTag("rc-abc123")).toBe(false);
    expect(isCandidateTag("xrc-abc1234")).toBe(false);
    expect(isCandidateTag("rc-abc1234-mine")).toBe(false);
    expect(isCandidateTag("rc-ABC1234")).toBe(false);
    expect(isCandidateTag(undefined)).toBe(false);
    expect(isCandidateTag(null)).toBe(false);
  });

  it("says how long a too long tag + service is and how short the service must be", () => {
    const tag = "rc-abc1234";
    const service = "s".repeat(MAX_TAG_PLUS_SERVICE - tag.length + 2);
    expect(() => validateTag(service, tag)).toThrow(
      `traffic tag "rc-abc1234" with service "${service}" is ${MAX_TAG_PLUS_SERVICE + 2} characters; Cloud Run allows ${MAX_TAG_PLUS_SERVICE} for tag + service name. Shorten the service name to ${MAX_TAG_PLUS_SERVICE - tag.length} characters or fewer, or deploy with --strategy=direct (no tag).`,
    );
  });

  it("names its errors InvalidNameError and says what a service name may be", () => {
    let caught: unknown;
    try {
      validateServiceId("Api");
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidNameError);
    expect((caught as Error).name).toBe("InvalidNameError");
    expect((caught as Error).message).toBe('Cloud Run service name "Api" is invalid: use fewer than 50 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen.');
  });

  it("makes a five-character base-36 suffix from the last digits of a time", () => {
    expect(timeSuffix(36 ** 6 + 35)).toBe("0000z");
    expect(timeSuffix(1_700_000_000_000)).toBe((1_700_000_000_000).toString(36).slice(-5));
    expect(timeSuffix(1_700_000_000_000)).toMatch(/^[0-9a-z]{5}$/);
  });
});
