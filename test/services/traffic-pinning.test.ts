/**
 * The pinned split a candidate is added to (pinnedTraffic through candidateTraffic): which entries
 * are kept, which are merged. Each "kills:" test was written against a hand-planted bug that the
 * rest of the suite let through (issue 12); its name says which.
 */
import { describe, expect, it } from "vitest";
import { LATEST, REVISION } from "../../ci/src/gcp/run-resource.js";
import { candidateTraffic, takeSnapshot } from "../../ci/src/services/traffic.js";

const SVC = "projects/p/locations/r/services/api";
const CANDIDATE = { type: REVISION, revision: "api-abc1234-x", percent: 0, tag: "rc-abc1234" };

const candidateOf = (traffic: Array<{ type: string; revision?: string; percent?: number; tag?: string }>, latestReady = "api-00002-bbb") =>
  candidateTraffic(takeSnapshot({ name: SVC, traffic, latestReadyRevision: `${SVC}/revisions/${latestReady}` }), CANDIDATE.revision, CANDIDATE.tag);

describe("pinnedTraffic (through candidateTraffic)", () => {
  it("kills: `> 0` -> `>= 0`: an untagged entry at 0% is dropped, not carried into the candidate split", () => {
    expect(
      candidateOf([
        { type: REVISION, revision: "api-00001-aaa", percent: 100 },
        { type: REVISION, revision: "api-00000-old", percent: 0 },
        { type: LATEST, percent: 0 },
      ]),
    ).toEqual([{ type: REVISION, revision: "api-00001-aaa", percent: 100, tag: undefined }, CANDIDATE]);
  });

  it("keeps a tagged entry at 0% (a user's preview URL)", () => {
    expect(
      candidateOf([
        { type: REVISION, revision: "api-00001-aaa", percent: 100 },
        { type: REVISION, revision: "api-00000-old", percent: 0, tag: "preview" },
      ]),
    ).toEqual([
      { type: REVISION, revision: "api-00001-aaa", percent: 100, tag: undefined },
      { type: REVISION, revision: "api-00000-old", percent: 0, tag: "preview" },
      CANDIDATE,
    ]);
  });

  it("merges untagged entries that name the same revision once LATEST is pinned, adding their shares", () => {
    expect(
      candidateOf([
        { type: LATEST, percent: 30 },
        { type: REVISION, revision: "api-00001-aaa", percent: 20 },
        { type: REVISION, revision: "api-00002-bbb", percent: 50 },
      ]),
    ).toEqual([
      { type: REVISION, revision: "api-00002-bbb", percent: 80, tag: undefined },
      { type: REVISION, revision: "api-00001-aaa", percent: 20, tag: undefined },
      CANDIDATE,
    ]);
  });

  it("kills: merging entries of the same revision even when tagged: a tagged entry stays its own entry with its tag and share", () => {
    expect(
      candidateOf([
        { type: LATEST, percent: 50 },
        { type: REVISION, revision: "api-00002-bbb", percent: 50, tag: "stable" },
        { type: REVISION, revision: "api-00002-bbb", percent: 0, tag: "blue" },
      ]),
    ).toEqual([
      { type: REVISION, revision: "api-00002-bbb", percent: 50, tag: undefined },
      { type: REVISION, revision: "api-00002-bbb", percent: 50, tag: "stable" },
      { type: REVISION, revision: "api-00002-bbb", percent: 0, tag: "blue" },
      CANDIDATE,
    ]);
  });

  it("drops a leftover tag of the candidate's name from an entry that carries traffic, keeping its share", () => {
    expect(
      candidateOf([
        { type: REVISION, revision: "api-00001-aaa", percent: 90 },
        { type: REVISION, revision: "api-00000-old", percent: 10, tag: CANDIDATE.tag },
      ]),
    ).toEqual([
      { type: REVISION, revision: "api-00001-aaa", percent: 90, tag: undefined },
      { type: REVISION, revision: "api-00000-old", percent: 10, tag: undefined },
      CANDIDATE,
    ]);
  });

  it("merges an untagged entry into an earlier untagged one only, never into a tagged one before it", () => {
    expect(
      candidateOf([
        { type: REVISION, revision: "api-00002-bbb", percent: 40, tag: "stable" },
        { type: LATEST, percent: 60 },
      ]),
    ).toEqual([
      { type: REVISION, revision: "api-00002-bbb", percent: 40, tag: "stable" },
      { type: REVISION, revision: "api-00002-bbb", percent: 60, tag: undefined },
      CANDIDATE,
    ]);
  });
});
