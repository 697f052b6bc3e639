/**
 * The promoted state and the traffic helpers around it: promotedTraffic / foreignTags (our
 * candidate tag dropped, other tags kept at 0% on the revision they named), withoutCandidateTag
 * and topRevision.
 */
import { describe, expect, it } from "vitest";
import { LATEST, REVISION, type TrafficTarget } from "../../ci/src/gcp/run-resource.js";
import { foreignTags, promotedTraffic, restoreTraffic, sameTraffic, takeSnapshot, topRevision, type TrafficSnapshot, withoutCandidateTag } from "../../ci/src/services/traffic.js";

const SVC = "projects/p/locations/r/services/api";
const TAG = "rc-abc1234";
const NEW = "api-abc1234-new";

const snap = (traffic: TrafficTarget[], latestReadyRevision = "api-00002-bbb"): TrafficSnapshot => ({ traffic, latestReadyRevision });

describe("promotedTraffic", () => {
  const candidateSplit = snap([
    { type: REVISION, revision: "api-00002-bbb", percent: 100 },
    { type: REVISION, revision: NEW, percent: 0, tag: TAG },
  ]);

  it("sends 100% through LATEST when the new revision is the latest created (viaLatest)", () => {
    expect(promotedTraffic(candidateSplit, NEW, TAG, true)).toEqual([{ type: LATEST, percent: 100 }]);
  });

  it("pins 100% to the new revision otherwise", () => {
    expect(promotedTraffic(candidateSplit, NEW, TAG, false)).toEqual([{ type: REVISION, revision: NEW, percent: 100 }]);
  });

  it("drops our candidate tag and candidate tags left by failed deploys, and no other tag", () => {
    const withOthers = snap([
      { type: REVISION, revision: "api-00002-bbb", percent: 100 },
      { type: REVISION, revision: NEW, percent: 0, tag: TAG },
      { type: REVISION, revision: "api-00001-aaa", percent: 0, tag: "rc-fff9999" },
      { type: REVISION, revision: "api-00001-aaa", percent: 0, tag: "rc-1" },
    ]);
    const promoted = promotedTraffic(withOthers, NEW, TAG, false);
    expect(promoted).toEqual([
      { type: REVISION, revision: NEW, percent: 100 },
      { type: REVISION, revision: "api-00001-aaa", percent: 0, tag: "rc-1" },
    ]);
  });

  it("keeps foreign tags on the revision they named, at 0%, in their original order", () => {
    const tagged = snap([
      { type: REVISION, revision: "api-00002-bbb", percent: 100 },
      { type: REVISION, revision: "api-00001-aaa", percent: 0, tag: "stable" },
      { type: REVISION, revision: NEW, percent: 0, tag: TAG },
      { type: REVISION, revision: "api-00003-ccc", percent: 0, tag: "preview" },
    ]);
    expect(promotedTraffic(tagged, NEW, TAG, true)).toEqual([
      { type: LATEST, percent: 100 },
      { type: REVISION, revision: "api-00001-aaa", percent: 0, tag: "stable" },
      { type: REVISION, revision: "api-00003-ccc", percent: 0, tag: "preview" },
    ]);
  });

  it("pins a tag that was on a LATEST entry to the revision LATEST resolved to", () => {
    const latestTagged = snap([{ type: LATEST, percent: 100, tag: "current" }], "api-00002-bbb");
    expect(promotedTraffic(latestTagged, NEW, TAG, false)).toEqual([
      { type: REVISION, revision: NEW, percent: 100 },
      { type: REVISION, revision: "api-00002-bbb", percent: 0, tag: "current" },
    ]);
  });

  it("turns a tag on an entry that carried traffic into a 0% tag entry on that revision", () => {
    const split = snap([
      { type: REVISION, revision: "api-00001-aaa", percent: 60, tag: "stable" },
      { type: REVISION, revision: "api-00002-bbb", percent: 40 },
    ]);
    const promoted = promotedTraffic(split, NEW, TAG, false);
    expect(promoted).toEqual([
      { type: REVISION, revision: NEW, percent: 100 },
      { type: REVISION, revision: "api-00001-aaa", percent: 0, tag: "stable" },
    ]);
    expect(promoted.reduce((sum, t) => sum + (t.percent ?? 0), 0)).toBe(100);
  });

  it("keeps every user tag when there is no candidate tag (a direct deploy), dropping leftover candidate tags", () => {
    const tagged = snap([
      { type: LATEST, percent: 100 },
      { type: REVISION, revision: "api-00001-aaa", percent: 0, tag: TAG },
      { type: REVISION, revision: "api-00001-aaa", percent: 0, tag: "stable" },
    ]);
    expect(promotedTraffic(tagged, NEW, undefined, true)).toEqual([
      { type: LATEST, percent: 100 },
      { type: REVISION, revision: "api-00001-aaa", percent: 0, tag: "stable" },
    ]);
  });

  it("never routes traffic anywhere but the new revision", () => {
    const busy = takeSnapshot({
      name: SVC,
      latestReadyRevision: `${SVC}/revisions/api-00003-ccc`,
      traffic: [
        { type: REVISION, revision: "api-00001-aaa", percent: 30, tag: "old" },
        { type: LATEST, percent: 70, tag: "latest" },
        { type: REVISION, revision: NEW, percent: 0, tag: TAG },
      ],
    });
    const promoted = promotedTraffic(busy, NEW, TAG, false);
    expect(promoted.filter((t) => (t.percent ?? 0) > 0)).toEqual([{ type: REVISION, revision: NEW, percent: 100 }]);
    expect(promoted.slice(1)).toEqual([
      { type: REVISION, revision: "api-00001-aaa", percent: 0, tag: "old" },
      { type: REVISION, revision: "api-00003-ccc", percent: 0, tag: "latest" },
    ]);
  });
});

describe("foreignTags", () => {
  it("leaves out a LATEST tag when LATEST resolved to nothing (no revision to pin it to)", () => {
    expect(foreignTags(snap([{ type: LATEST, percent: 100, tag: "current" }], ""), TAG)).toEqual([]);
  });

  it("answers nothing for an untagged snapshot", () => {
    expect(foreignTags(snap([{ type: LATEST, percent: 100 }]), TAG)).toEqual([]);
  });
});

describe("withoutCandidateTag", () => {
  it("is undefined when our tag is absent", () => {
    expect(withoutCandidateTag([{ type: LATEST, percent: 100 }, { type: REVISION, revision: "api-1", percent: 0, tag: "stable" }], TAG)).toBeUndefined();
    expect(withoutCandidateTag([], TAG)).toBeUndefined();
    expect(withoutCandidateTag(null, TAG)).toBeUndefined();
    expect(withoutCandidateTag(undefined, TAG)).toBeUndefined();
  });

  it("is undefined when our tag entry carries traffic (removing it would move someone's share)", () => {
    expect(
      withoutCandidateTag(
        [
          { type: REVISION, revision: "api-1", percent: 90 },
          { type: REVISION, revision: NEW, percent: 10, tag: TAG },
        ],
        TAG,
      ),
    ).toBeUndefined();
  });

  it("is exactly the other entries when our tag is at 0%", () => {
    const rest = withoutCandidateTag(
      [
        { type: REVISION, revision: "api-1", percent: 70 },
        { type: REVISION, revision: NEW, percent: 0, tag: TAG },
        { type: LATEST, percent: 30 },
        { type: REVISION, revision: "api-0", percent: 0, tag: "stable" },
      ],
      TAG,
    );
    expect(rest).toEqual([
      { type: REVISION, revision: "api-1", percent: 70 },
      { type: LATEST, percent: 30 },
      { type: REVISION, revision: "api-0", percent: 0, tag: "stable" },
    ]);
  });

  it("treats a missing percent as 0% and fills in the defaults of the other entries", () => {
    const rest = withoutCandidateTag([{ revision: "api-1", percent: 100, tag: "" }, { revision: NEW, tag: TAG }], TAG);
    expect(rest).toEqual([{ type: REVISION, revision: "api-1", percent: 100, tag: undefined }]);
    expect(rest?.[0]).toHaveProperty("type", REVISION);
  });

  it("does not take a tag that merely contains ours for ours", () => {
    expect(withoutCandidateTag([{ type: LATEST, percent: 100 }, { type: REVISION, revision: NEW, percent: 0, tag: `${TAG}-2` }], TAG)).toBeUndefined();
  });
});

describe("topRevision", () => {
  it("is the revision with the largest share of a split", () => {
    expect(
      topRevision(
        snap([
          { type: REVISION, revision: "api-00001-aaa", percent: 20 },
          { type: REVISION, revision: "api-00003-ccc", percent: 70 },
          { type: REVISION, revision: "api-00002-bbb", percent: 10 },
        ]),
      ),
    ).toBe("api-00003-ccc");
  });

  it("resolves a LATEST entry to the revision it pointed at", () => {
    expect(topRevision(snap([{ type: LATEST, percent: 100 }], "api-00002-bbb"))).toBe("api-00002-bbb");
    expect(topRevision(snap([{ type: REVISION, revision: "api-00001-aaa", percent: 40 }, { type: LATEST, percent: 60 }], "api-00007-ggg"))).toBe("api-00007-ggg");
  });

  it("shortens a full revision name", () => {
    expect(topRevision(snap([{ type: REVISION, revision: `${SVC}/revisions/api-00001-aaa`, percent: 100 }]))).toBe("api-00001-aaa");
  });

  it("ignores tags at 0% however they are ordered", () => {
    expect(topRevision(snap([{ type: REVISION, revision: NEW, percent: 0, tag: TAG }, { type: REVISION, revision: "api-00001-aaa", percent: 100 }]))).toBe("api-00001-aaa");
  });

  it("is undefined for empty traffic, only 0% entries, or LATEST resolving to nothing", () => {
    expect(topRevision(snap([]))).toBeUndefined();
    expect(topRevision(snap([{ type: REVISION, revision: NEW, percent: 0, tag: TAG }]))).toBeUndefined();
    expect(topRevision(snap([{ type: LATEST, percent: 100 }], ""))).toBeUndefined();
  });

  it("does not reorder the snapshot it reads", () => {
    const s = snap([
      { type: REVISION, revision: "api-00001-aaa", percent: 10 },
      { type: REVISION, revision: "api-00002-bbb", percent: 90 },
    ]);
    topRevision(s);
    expect(s.traffic.map((t) => t.revision)).toEqual(["api-00001-aaa", "api-00002-bbb"]);
  });
});

describe("restoreTraffic and sameTraffic around a promote", () => {
  it("restores exactly when the latest created revision, given as a full name, is the one LATEST served", () => {
    const s = snap([{ type: LATEST, percent: 100, tag: "current" }], "api-00002-bbb");
    expect(restoreTraffic(s, `${SVC}/revisions/api-00002-bbb`)).toEqual(s.traffic);
    expect(restoreTraffic(s, undefined)).toEqual(s.traffic);
  });

  it("pins a tagged LATEST entry, keeping its tag, once a newer revision exists", () => {
    const s = snap([{ type: LATEST, percent: 100, tag: "current" }], "api-00002-bbb");
    expect(restoreTraffic(s, NEW)).toEqual([{ type: REVISION, revision: "api-00002-bbb", percent: 100, tag: "current" }]);
  });

  it("returns copies, so changing the restore leaves the snapshot intact", () => {
    const s = snap([{ type: REVISION, revision: "api-00001-aaa", percent: 100 }]);
    const restored = restoreTraffic(s, NEW);
    restored[0]!.percent = 0;
    expect(s.traffic[0]!.percent).toBe(100);
  });

  it("matches a promote read back from the API (defaults filled, full names) and tells LATEST from a pin", () => {
    const promoted = promotedTraffic(snap([{ type: REVISION, revision: "api-00001-aaa", percent: 0, tag: "stable" }]), NEW, TAG, false);
    const readBack = [
      { type: REVISION, revision: `${SVC}/revisions/api-00001-aaa`, percent: null, tag: "stable" },
      { type: REVISION, revision: `${SVC}/revisions/${NEW}`, percent: 100, tag: "" },
    ];
    expect(sameTraffic(promoted, readBack)).toBe(true);
    expect(sameTraffic([{ type: LATEST, percent: 100 }], [{ type: REVISION, revision: NEW, percent: 100 }])).toBe(false);
    expect(sameTraffic(promoted, readBack.slice(0, 1))).toBe(false);
  });
});
