/**
 * "Did you mean ...?" at its edges (catalog/suggest.ts): exact names, names two characters longer or
 * shorter, ties, and inputs that are not names at all.
 */
import { describe, expect, it } from "vitest";
import { CLOUD_RUN_REGIONS } from "../../ci/src/catalog/regions.js";
import { closestName, didYouMean } from "../../ci/src/catalog/suggest.js";

describe("closestName", () => {
  it("finds a region typed with its last character doubled, not the region that drops it", () => {
    // europe-west10 is one edit from europe-west1 and zero from itself: every character counts.
    expect(closestName("europe-west10", CLOUD_RUN_REGIONS)).toBe("europe-west10");
  });

  it("suggests a name two characters longer than the input", () => {
    expect(closestName("us-cntral", ["us-central1"])).toBe("us-central1");
  });

  it("suggests nothing for a name three characters longer than the input", () => {
    expect(closestName("us-centr", ["us-central1"])).toBeUndefined();
  });

  it("keeps the first of two equally close names", () => {
    expect(closestName("europe-west", ["europe-west1", "europe-west2"])).toBe("europe-west1");
  });

  it("suggests nothing for an empty input, even when a short name is within two edits", () => {
    expect(closestName("", ["us", "eu"])).toBeUndefined();
  });

  it("suggests nothing for a value that is not a string", () => {
    expect(closestName(42, ["42"])).toBeUndefined();
    expect(closestName(undefined, ["us"])).toBeUndefined();
  });
});

describe("didYouMean", () => {
  it("says nothing when no known name is close", () => {
    expect(didYouMean("mars-north1", CLOUD_RUN_REGIONS)).toBe("");
  });

  it("says nothing for a name that is already right", () => {
    expect(didYouMean("europe-west10", CLOUD_RUN_REGIONS)).toBe("");
  });

  it("suggests the right spelling of a name typed in the wrong case", () => {
    expect(didYouMean("Europe-West1", CLOUD_RUN_REGIONS)).toBe(' (did you mean "europe-west1"?)');
  });
});
