/**
 * Traffic states: snapshot, candidate split, restore, comparisons.
 */
import { describe, expect, it } from "vitest";
import { LATEST, REVISION } from "../../ci/src/gcp/run-resource.js";
import { allToLatest, candidateTraffic, describeTraffic, restoreTraffic, sameTraffic, soleRevision, takeSnapshot } from "../../ci/src/services/traffic.js";

const SVC = "projects/p/locations/r/services/api";
const latestService = { name: SVC, traffic: [{ type: LATEST, percent: 100 }], latestReadyRevision: `${SVC}/revisions/api-00002-bbb` };
const splitService = {
  name: SVC,
  latestReadyRevision: `${SVC}/revisions/api-00003-ccc`,
  traffic: [
    { type: REVISION, revision: "api-00001-aaa", percent: 50 },
    { type: REVISION, revision: "api-00002-bbb", percent: 50, tag: "stable" },
    { type: REVISION, revision: "api-00003-ccc", percent: 0, tag: "preview" },
  ],
};

describe("traffic", () => {
  it("snapshots the traffic exactly and remembers what LATEST resolved to", () => {
    expect(takeSnapshot(latestService)).toEqual({ traffic: [{ type: LATEST, revision: undefined, percent: 100, tag: undefined }], latestReadyRevision: "api-00002-bbb" });
  });

  it("pins LATEST to the latest ready revision in the candidate split and adds the tag at 0%", () => {
    expect(candidateTraffic(takeSnapshot(latestService), "api-abc1234-x", "rc-abc1234")).toEqual([
      { type: REVISION, revision: "api-00002-bbb", percent: 100, tag: undefined },
      { type: REVISION, revision: "api-abc1234-x", percent: 0, tag: "rc-abc1234" },
    ]);
  });

  it("keeps a pinned split and user tags in the candidate split", () => {
    const candidate = candidateTraffic(takeSnapshot(splitService), "api-abc1234-x", "rc-abc1234");
    expect(sameTraffic(candidate, [...splitService.traffic, { type: REVISION, revision: "api-abc1234-x", percent: 0, tag: "rc-abc1234" }])).toBe(true);
  });

  it("drops a leftover candidate tag of the same name from an earlier attempt", () => {
    const leftover = { ...latestService, traffic: [{ type: LATEST, percent: 100 }, { type: REVISION, revision: "api-abc1234-old", percent: 0, tag: "rc-abc1234" }] };
    const candidate = candidateTraffic(takeSnapshot(leftover), "api-abc1234-new", "rc-abc1234");
    expect(candidate.filter((t) => t.tag === "rc-abc1234")).toEqual([{ type: REVISION, revision: "api-abc1234-new", percent: 0, tag: "rc-abc1234" }]);
  });

  it("restores a LATEST snapshot exactly while no newer revision exists", () => {
    expect(restoreTraffic(takeSnapshot(latestService), `${SVC}/revisions/api-00002-bbb`)).toEqual(takeSnapshot(latestService).traffic);
  });

  it("pins LATEST to the revision it served once a newer revision exists", () => {
    expect(restoreTraffic(takeSnapshot(latestService), `${SVC}/revisions/api-abc1234-x`)).toEqual([{ type: REVISION, revision: "api-00002-bbb", percent: 100, tag: undefined }]);
  });

  it("restores a pinned split with its tags exactly", () => {
    expect(sameTraffic(restoreTraffic(takeSnapshot(splitService), `${SVC}/revisions/api-abc1234-x`), splitService.traffic)).toBe(true);
  });

  it("compares traffic regardless of order and of full vs short revision names", () => {
    const reordered = [...splitService.traffic].reverse().map((t) => ({ ...t, revision: `${SVC}/revisions/${t.revision}` }));
    expect(sameTraffic(reordered, splitService.traffic)).toBe(true);
  });

  it("tells different percentages or tags apart", () => {
    expect(sameTraffic(splitService.traffic, splitService.traffic.map((t) => (t.tag === "stable" ? { ...t, tag: "other" } : t)))).toBe(false);
    expect(sameTraffic(allToLatest(), [{ type: LATEST, percent: 50 }])).toBe(false);
  });

  it("describes LATEST with the revision it resolves to", () => {
    expect(describeTraffic(latestService)).toBe("LATEST (api-00002-bbb) 100%");
  });

  it("finds the revision serving 100%, and none for a split", () => {
    expect(soleRevision(latestService)).toBe("api-00002-bbb");
    expect(soleRevision(splitService)).toBeUndefined();
  });
});
