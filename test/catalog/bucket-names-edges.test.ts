/**
 * Cloud Storage bucket naming rules at their edges (catalog/bucket-names.ts): what counts as an IP
 * address, the message for a long dotted part, and names left to the pattern's own message.
 */
import { describe, expect, it } from "vitest";
import { bucketNameProblem } from "../../ci/src/catalog/bucket-names.js";

describe("bucketNameProblem: IP addresses", () => {
  it.each(["192.168.1.255", "0.0.0.0", "10.0.0.1"])("refuses %s", (name) => {
    expect(bucketNameProblem(name)).toBe("it must not be an IP address");
  });

  it.each([
    ["192.168.1.256", "a part over 255"],
    ["10.0.0", "three numbers"],
    ["10.0.0.1.5", "five numbers"],
    ["0010.0.0.1", "a first part of four digits"],
    ["10.0.0.0001", "a last part of four digits"],
  ])("accepts %s (%s)", (name) => {
    expect(bucketNameProblem(name)).toBeUndefined();
  });
});

describe("bucketNameProblem: messages", () => {
  it("quotes the first 20 characters of a dotted part over 63 characters", () => {
    expect(bucketNameProblem(`docs.${"c".repeat(64)}.com`)).toBe(`the part "${"c".repeat(20)}..." has 64 characters; each part between dots has at most 63`);
  });

  it("leaves a name that breaks the pattern to the pattern's message, even when it begins with goog", () => {
    expect(bucketNameProblem("googDocs")).toBeUndefined();
    expect(bucketNameProblem("-google-")).toBeUndefined();
  });

  it("accepts an ordinary bucket name", () => {
    expect(bucketNameProblem("acme-handbook-dev")).toBeUndefined();
  });
});
