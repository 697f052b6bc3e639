/**
 * The served/failed history kept in the service's annotations: newest first, de-duplicated,
 * capped, other annotations untouched, empty lists leaving no key behind.
 */
import { describe, expect, it } from "vitest";
import { FAILED_ANNOTATION, failedHistory, HISTORY_LENGTH, recordFailed, recordServed, SERVED_ANNOTATION, servedHistory } from "../../ci/src/services/history.js";

const revs = (n: number, prefix = "api-r") => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

describe("servedHistory / failedHistory", () => {
  it("reads the lists newest first, as stored", () => {
    const annotations = { [SERVED_ANNOTATION]: "api-c,api-b,api-a", [FAILED_ANNOTATION]: "api-x,api-y" };
    expect(servedHistory(annotations)).toEqual(["api-c", "api-b", "api-a"]);
    expect(failedHistory(annotations)).toEqual(["api-x", "api-y"]);
  });

  it("ignores whitespace around entries and empty entries", () => {
    const annotations = { [SERVED_ANNOTATION]: " api-c , ,api-b,,\tapi-a , ", [FAILED_ANNOTATION]: " , ,  " };
    expect(servedHistory(annotations)).toEqual(["api-c", "api-b", "api-a"]);
    expect(failedHistory(annotations)).toEqual([]);
  });

  it("answers an empty list for missing annotations, a missing key or an empty value", () => {
    expect(servedHistory(undefined)).toEqual([]);
    expect(servedHistory(null)).toEqual([]);
    expect(failedHistory({ other: "x" })).toEqual([]);
    expect(servedHistory({ [SERVED_ANNOTATION]: "" })).toEqual([]);
  });

  it("reads only its own key", () => {
    const annotations = { [SERVED_ANNOTATION]: "api-a", [FAILED_ANNOTATION]: "api-b" };
    expect(servedHistory(annotations)).not.toContain("api-b");
    expect(failedHistory(annotations)).not.toContain("api-a");
  });
});

describe("recordServed", () => {
  it("puts the promoted revision first, then the one that served before it, then the older history", () => {
    const before = { [SERVED_ANNOTATION]: "api-b,api-a" };
    const after = recordServed(before, "api-d", "api-c");
    expect(after[SERVED_ANNOTATION]).toBe("api-d,api-c,api-b,api-a");
  });

  it("starts a history on a service that has none", () => {
    expect(recordServed(undefined, "api-b", "api-a")).toEqual({ [SERVED_ANNOTATION]: "api-b,api-a" });
    expect(recordServed(null, "api-a", undefined)).toEqual({ [SERVED_ANNOTATION]: "api-a" });
  });

  it("leaves out an absent or empty servedBefore", () => {
    const before = { [SERVED_ANNOTATION]: "api-a" };
    expect(recordServed(before, "api-b", undefined)[SERVED_ANNOTATION]).toBe("api-b,api-a");
    expect(recordServed(before, "api-b", "")[SERVED_ANNOTATION]).toBe("api-b,api-a");
  });

  it("de-duplicates: servedBefore already in the history moves up instead of appearing twice", () => {
    const before = { [SERVED_ANNOTATION]: "api-c,api-b,api-a" };
    expect(recordServed(before, "api-d", "api-b")[SERVED_ANNOTATION]).toBe("api-d,api-b,api-c,api-a");
  });

  it("de-duplicates: a revision promoted again moves to the front, keeping one entry", () => {
    const before = { [SERVED_ANNOTATION]: "api-c,api-b,api-a" };
    expect(recordServed(before, "api-a", "api-c")[SERVED_ANNOTATION]).toBe("api-a,api-c,api-b");
  });

  it("writes a revision once when it is also what served before (re-promoting the serving revision)", () => {
    expect(recordServed({ [SERVED_ANNOTATION]: "api-a" }, "api-a", "api-a")[SERVED_ANNOTATION]).toBe("api-a");
  });

  it(`keeps at most HISTORY_LENGTH (${HISTORY_LENGTH}) entries, dropping the oldest`, () => {
    const old = revs(HISTORY_LENGTH); // api-r1 newest ... api-r10 oldest
    const after = recordServed({ [SERVED_ANNOTATION]: old.join(",") }, "api-new", "api-before");
    const list = servedHistory(after);
    expect(list).toHaveLength(HISTORY_LENGTH);
    expect(list).toEqual(["api-new", "api-before", ...old.slice(0, HISTORY_LENGTH - 2)]);
    expect(list).not.toContain("api-r9");
    expect(list).not.toContain("api-r10");
  });

  it("caps after de-duplicating, so duplicates do not push entries out", () => {
    const old = revs(HISTORY_LENGTH);
    const after = recordServed({ [SERVED_ANNOTATION]: old.join(",") }, "api-r1", "api-r2");
    expect(servedHistory(after)).toEqual(old);
  });

  it("removes the promoted revision from the failed list, keeping the other failed ones in order", () => {
    const before = { [SERVED_ANNOTATION]: "api-a", [FAILED_ANNOTATION]: "api-z,api-b,api-y" };
    const after = recordServed(before, "api-b", "api-a");
    expect(after[FAILED_ANNOTATION]).toBe("api-z,api-y");
    expect(after[SERVED_ANNOTATION]).toBe("api-b,api-a");
  });

  it("drops the failed key altogether when the promoted revision was its only entry", () => {
    const after = recordServed({ [FAILED_ANNOTATION]: "api-b" }, "api-b", "api-a");
    expect(Object.keys(after)).toEqual([SERVED_ANNOTATION]);
    expect(FAILED_ANNOTATION in after).toBe(false);
  });

  it("drops a failed key holding only whitespace and commas", () => {
    const after = recordServed({ [FAILED_ANNOTATION]: " , ," }, "api-b", undefined);
    expect(after).toEqual({ [SERVED_ANNOTATION]: "api-b" });
  });

  it("normalises whitespace and empty entries of the stored list when rewriting it", () => {
    const after = recordServed({ [SERVED_ANNOTATION]: " api-b , , api-a ,", [FAILED_ANNOTATION]: "api-x , ,api-y" }, "api-c", undefined);
    expect(after[SERVED_ANNOTATION]).toBe("api-c,api-b,api-a");
    expect(after[FAILED_ANNOTATION]).toBe("api-x,api-y");
  });

  it("keeps every other annotation as it was and does not modify its input", () => {
    const before = {
      "run.googleapis.com/ingress-status": "all",
      "team.example.com/owner": "data, platform",
      [SERVED_ANNOTATION]: "api-a",
      [FAILED_ANNOTATION]: "api-x",
    };
    const copy = structuredClone(before);
    const after = recordServed(before, "api-b", "api-a");
    expect(after).toEqual({
      "run.googleapis.com/ingress-status": "all",
      "team.example.com/owner": "data, platform",
      [SERVED_ANNOTATION]: "api-b,api-a",
      [FAILED_ANNOTATION]: "api-x",
    });
    expect(before).toEqual(copy);
    expect(after).not.toBe(before);
  });
});

describe("recordFailed", () => {
  it("puts the failed candidate first in the failed list", () => {
    const after = recordFailed({ [FAILED_ANNOTATION]: "api-y,api-x" }, "api-z");
    expect(after[FAILED_ANNOTATION]).toBe("api-z,api-y,api-x");
  });

  it("starts a failed list on a service that has none", () => {
    expect(recordFailed(undefined, "api-z")).toEqual({ [FAILED_ANNOTATION]: "api-z" });
    expect(recordFailed(null, "api-z")).toEqual({ [FAILED_ANNOTATION]: "api-z" });
  });

  it("de-duplicates a candidate that failed again, moving it to the front", () => {
    expect(recordFailed({ [FAILED_ANNOTATION]: "api-y,api-z,api-x" }, "api-z")[FAILED_ANNOTATION]).toBe("api-z,api-y,api-x");
  });

  it(`keeps at most HISTORY_LENGTH (${HISTORY_LENGTH}) failed entries, dropping the oldest`, () => {
    const old = revs(HISTORY_LENGTH, "api-f");
    const list = failedHistory(recordFailed({ [FAILED_ANNOTATION]: old.join(",") }, "api-new"));
    expect(list).toEqual(["api-new", ...old.slice(0, HISTORY_LENGTH - 1)]);
  });

  it("leaves the served list and every other annotation untouched", () => {
    const before = { [SERVED_ANNOTATION]: " api-b , api-a", owner: "data" };
    const copy = structuredClone(before);
    const after = recordFailed(before, "api-c");
    expect(after).toEqual({ [SERVED_ANNOTATION]: " api-b , api-a", owner: "data", [FAILED_ANNOTATION]: "api-c" });
    expect(before).toEqual(copy);
  });

  it("does not take a failed revision out of the served list (it may have served before)", () => {
    const after = recordFailed({ [SERVED_ANNOTATION]: "api-b,api-a" }, "api-b");
    expect(servedHistory(after)).toEqual(["api-b", "api-a"]);
    expect(failedHistory(after)).toEqual(["api-b"]);
  });

  it("ignores an empty revision name, dropping a list that ends up empty", () => {
    expect(recordFailed({ [FAILED_ANNOTATION]: "api-x" }, "")).toEqual({ [FAILED_ANNOTATION]: "api-x" });
    expect(recordFailed({ [FAILED_ANNOTATION]: " , ", owner: "data" }, "")).toEqual({ owner: "data" });
  });

  it("a later promote of the same revision clears it from the failed list", () => {
    const failed = recordFailed({ [SERVED_ANNOTATION]: "api-a" }, "api-b");
    const promoted = recordServed(failed, "api-b", "api-a");
    expect(promoted).toEqual({ [SERVED_ANNOTATION]: "api-b,api-a" });
  });
});
