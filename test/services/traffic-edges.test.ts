/**
 * Edges of the traffic helpers the other traffic tests leave open (issue 12, mutation testing):
 * services without traffic, pinned (not LATEST) entries in the descriptions, a non-standard
 * candidate tag, the fixed 100% states, and comparisons of lists of different lengths or orders.
 */
import { describe, expect, it } from "vitest";
import { LATEST, REVISION } from "../../ci/src/gcp/run-resource.js";
import { allTo, allToLatest, describeTraffic, foreignTags, sameTraffic, soleRevision, takeSnapshot, withoutCandidateTag } from "../../ci/src/services/traffic.js";

const SVC = "projects/p/locations/r/services/api";
const READY = `${SVC}/revisions/api-00003-ccc`;

describe("takeSnapshot", () => {
  it("snapshots a service the API returned without traffic as an empty split", () => {
    expect(takeSnapshot({ name: SVC, latestReadyRevision: READY })).toEqual({ traffic: [], latestReadyRevision: "api-00003-ccc" });
  });
});

describe("foreignTags", () => {
  it("drops the candidate tag it is given even when it is not of the rc-<sha> shape", () => {
    const snapshot = takeSnapshot({
      name: SVC,
      latestReadyRevision: READY,
      traffic: [
        { type: REVISION, revision: "api-00003-ccc", percent: 100 },
        { type: REVISION, revision: "api-local-x", percent: 0, tag: "rc-local" },
        { type: REVISION, revision: "api-00002-bbb", percent: 0, tag: "stable" },
      ],
    });
    expect(foreignTags(snapshot, "rc-local")).toEqual([{ type: REVISION, revision: "api-00002-bbb", percent: 0, tag: "stable" }]);
  });
});

describe("withoutCandidateTag", () => {
  it("is undefined when any entry with our tag carries traffic, even if another one is at 0%", () => {
    const traffic = [
      { type: REVISION, revision: "api-00002-bbb", percent: 90 },
      { type: REVISION, revision: "api-abc1234-x", percent: 0, tag: "rc-abc1234" },
      { type: REVISION, revision: "api-abc1234-y", percent: 10, tag: "rc-abc1234" },
    ];
    expect(withoutCandidateTag(traffic, "rc-abc1234")).toBeUndefined();
  });
});

describe("allTo / allToLatest", () => {
  it("routes 100% to one pinned revision, without a tag", () => {
    expect(allTo("api-00003-ccc")).toEqual([{ type: REVISION, revision: "api-00003-ccc", percent: 100 }]);
  });

  it("routes 100% through LATEST", () => {
    expect(allToLatest()).toEqual([{ type: LATEST, percent: 100 }]);
  });
});

describe("describeTraffic", () => {
  it("names pinned revisions by their short name, with their share and tag, separated by commas", () => {
    const service = {
      name: SVC,
      latestReadyRevision: READY,
      traffic: [
        { type: REVISION, revision: `${SVC}/revisions/api-00002-bbb`, percent: 90 },
        { type: REVISION, revision: "api-00003-ccc", percent: 10, tag: "rc-1234567" },
      ],
    };
    expect(describeTraffic(service)).toBe("api-00002-bbb 90%, api-00003-ccc 10% (tag rc-1234567)");
  });

  it("prefers the served split (trafficStatuses) over the requested one", () => {
    const service = {
      name: SVC,
      latestReadyRevision: READY,
      traffic: [{ type: LATEST, percent: 100 }],
      trafficStatuses: [{ type: REVISION, revision: "api-00002-bbb", percent: 100 }],
    };
    expect(describeTraffic(service)).toBe("api-00002-bbb 100%");
  });

  it("is empty for a service without traffic", () => {
    expect(describeTraffic({ name: SVC, latestReadyRevision: READY })).toBe("");
  });
});

describe("soleRevision", () => {
  it("is the pinned revision serving 100%, not the latest ready one", () => {
    expect(soleRevision({ name: SVC, latestReadyRevision: READY, traffic: [{ type: REVISION, revision: `${SVC}/revisions/api-00002-bbb`, percent: 100 }] })).toBe("api-00002-bbb");
  });

  it("ignores tagged entries at 0% next to the revision serving 100%", () => {
    const traffic = [
      { type: REVISION, revision: "api-00002-bbb", percent: 100 },
      { type: REVISION, revision: "api-00003-ccc", percent: 0, tag: "preview" },
    ];
    expect(soleRevision({ name: SVC, latestReadyRevision: READY, traffic })).toBe("api-00002-bbb");
  });

  it("is undefined for a service without traffic, or with nothing above 0%", () => {
    expect(soleRevision({ name: SVC, latestReadyRevision: READY })).toBeUndefined();
    expect(soleRevision({ name: SVC, latestReadyRevision: READY, traffic: [{ type: REVISION, revision: "api-00003-ccc", percent: 0, tag: "preview" }] })).toBeUndefined();
  });

  it("is undefined when the only serving entry has less than 100%", () => {
    expect(soleRevision({ name: SVC, latestReadyRevision: READY, traffic: [{ type: REVISION, revision: "api-00002-bbb", percent: 60 }] })).toBeUndefined();
  });
});

describe("sameTraffic", () => {
  const split = [
    { type: REVISION, revision: "api-00001-aaa", percent: 50 },
    { type: REVISION, revision: "api-00002-bbb", percent: 50 },
  ];

  it("matches the same split listed in another order on either side", () => {
    expect(sameTraffic(split, [...split].reverse())).toBe(true);
  });

  it("tells a split from one with an extra entry, on either side", () => {
    const withPreview = [...split, { type: REVISION, revision: "api-00003-ccc", percent: 0, tag: "preview" }];
    expect(sameTraffic(split, withPreview)).toBe(false);
    expect(sameTraffic(withPreview, split)).toBe(false);
  });
});
