/**
 * Names sent to Cloud Run are validated before any call.
 */
import { describe, expect, it } from "vitest";
import { candidateTag, InvalidNameError, MAX_TAG_PLUS_SERVICE, revisionName, validateServiceId, validateTag } from "../../ci/src/services/names.js";

describe("names", () => {
  it("accepts a tag whose length plus the service name's is exactly 46", () => {
    const tag = candidateTag("abc1234");
    expect(() => validateTag("s".repeat(MAX_TAG_PLUS_SERVICE - tag.length), tag)).not.toThrow();
  });

  it("rejects a tag whose length plus the service name's exceeds 46, saying how to fix it", () => {
    const tag = candidateTag("abc1234");
    const service = "s".repeat(MAX_TAG_PLUS_SERVICE - tag.length + 1);
    expect(() => validateTag(service, tag)).toThrow(InvalidNameError);
    expect(() => validateTag(service, tag)).toThrow(/47 characters.*46.*--strategy=direct/);
  });

  it("rejects an invalid tag", () => {
    expect(() => validateTag("api", "RC_1")).toThrow(/traffic tag "RC_1" is invalid/);
  });

  it.each(["Api", "1api", "api-", "api_x", "a".repeat(50), ""])("rejects the service id %j", (id) => {
    expect(() => validateServiceId(id)).toThrow(InvalidNameError);
  });

  it("accepts a 49-character service id", () => {
    expect(() => validateServiceId(`a${"b".repeat(48)}`)).not.toThrow();
  });

  it("builds revision names SERVICE-SHA-SUFFIX and rejects ones of 64 characters or more", () => {
    expect(revisionName("api", "abc1234", "x1y2z")).toBe("api-abc1234-x1y2z");
    expect(() => revisionName("a".repeat(50), "abc1234", "x1y2z")).toThrow(/revision name .* is invalid/);
  });
});
