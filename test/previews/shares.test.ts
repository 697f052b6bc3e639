/**
 * The invariant previews keep (who serves what share, LATEST resolved), the traffic a cleanup
 * writes, the revisions a service protects from deletion, and the report texts.
 */
import { describe, expect, it } from "vitest";
import { parsePr, previewPrefix, PREVIEW_FOLDER, previewTag } from "../../ci/src/lib/preview-names.js";
import { withoutTag } from "../../ci/src/services/preview-cleanup.js";
import { formatPrune, formatServicePreview } from "../../ci/src/services/preview-report.js";
import { newestFirst, protectedRevisions } from "../../ci/src/services/revision-delete.js";
import { describeShares, sameShares, serviceShares, sharesOf } from "../../ci/src/services/shares.js";

const LATEST = "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST";
const REVISION = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION";

describe("shares", () => {
  it("counts a LATEST entry for the latest ready revision and merges entries of one revision", () => {
    expect(sharesOf([{ type: LATEST, percent: 60 }, { type: REVISION, revision: "s-a", percent: 30 }, { type: REVISION, revision: "projects/p/locations/r/services/s/revisions/s-a", percent: 10, tag: "x" }], "projects/p/locations/r/services/s/revisions/s-b")).toEqual({ "s-b": 60, "s-a": 40 });
  });

  it("leaves revisions at 0% out, so adding a tagged revision at 0% keeps the shares", () => {
    const before = sharesOf([{ type: LATEST, percent: 100 }], "s-b");
    const after = sharesOf([{ type: REVISION, revision: "s-b", percent: 100 }, { type: REVISION, revision: "s-new", percent: 0, tag: "pr-1" }], "s-b");
    expect(sameShares(before, after)).toBe(true);
  });

  it("sees a share moved to the new revision as a change", () => {
    const before = sharesOf([{ type: LATEST, percent: 100 }], "s-b");
    expect(sameShares(before, sharesOf([{ type: LATEST, percent: 100 }], "s-new"))).toBe(false);
    expect(sameShares(before, sharesOf([{ type: REVISION, revision: "s-b", percent: 90 }, { type: REVISION, revision: "s-new", percent: 10 }], "s-b"))).toBe(false);
    expect(describeShares({ "s-b": 90, "s-new": 10 })).toBe("s-b 90%, s-new 10%");
  });

  it("reads a service's desired traffic against its latest ready revision", () => {
    expect(serviceShares({ latestReadyRevision: "s-c", traffic: [{ type: LATEST, percent: 100 }] })).toEqual({ "s-c": 100 });
  });
});

describe("withoutTag", () => {
  it("drops the tag's entry at 0% and keeps every other entry as it was", () => {
    expect(withoutTag([{ type: REVISION, revision: "s-a", percent: 100 }, { type: REVISION, revision: "s-p", percent: 0, tag: "pr-3" }, { type: REVISION, revision: "s-q", percent: 0, tag: "pr-4" }], "pr-3")).toEqual([
      { type: REVISION, revision: "s-a", percent: 100 },
      { type: REVISION, revision: "s-q", percent: 0, tag: "pr-4" },
    ]);
  });

  it("keeps the share of a tagged entry someone gave traffic to, without the tag", () => {
    expect(withoutTag([{ type: REVISION, revision: "s-p", percent: 20, tag: "pr-3" }, { type: LATEST, percent: 80 }], "pr-3")).toEqual([{ type: REVISION, revision: "s-p", percent: 20 }, { type: LATEST, percent: 80 }]);
  });
});

describe("protectedRevisions", () => {
  it("protects serving, tagged, referenced, latest created and latest ready revisions, saying why", () => {
    const why = protectedRevisions({
      latestCreatedRevision: "s-e",
      latestReadyRevision: "s-d",
      traffic: [{ type: REVISION, revision: "s-a", percent: 100 }, { type: REVISION, revision: "s-b", percent: 0, tag: "stable" }, { type: REVISION, revision: "s-c", percent: 0 }],
    });
    expect(Object.fromEntries(why)).toEqual({
      "s-a": "serves 100%",
      "s-b": "carries tag stable",
      "s-c": "named by the service's traffic",
      "s-e": "the latest created revision (Cloud Run keeps it)",
      "s-d": "the latest ready revision",
    });
  });

  it("orders revisions newest first by seconds, then nanoseconds", () => {
    const order = newestFirst([
      { name: "a", createTime: { seconds: "10", nanos: 5 } },
      { name: "b", createTime: { seconds: "10", nanos: 9 } },
      { name: "c", createTime: { seconds: 9, nanos: 999 } },
    ]).map((r) => r.name);
    expect(order).toEqual(["b", "a", "c"]);
  });
});

describe("preview names", () => {
  it("tags PR N pr-N and nests its site prefix under the site's", () => {
    expect(previewTag(42)).toBe("pr-42");
    expect(previewPrefix("docs/", 42)).toBe("docs/pr-42/");
    expect(PREVIEW_FOLDER.test("pr-42/index.html")).toBe(true);
    expect(PREVIEW_FOLDER.test("pr-guide/index.html")).toBe(false);
    expect(PREVIEW_FOLDER.test("pr-0/index.html")).toBe(false);
  });

  it("refuses numbers that are not pull requests", () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => parsePr(bad)).toThrow(/--pr must be a pull request number/);
  });
});

describe("report texts", () => {
  it("shows a ready preview's URL, revision and traffic", () => {
    const text = formatServicePreview({
      kind: "service-preview", service: "alie", cloudRunName: "alie", environment: "dev", project: "p", region: "r", pr: 4, tag: "pr-4", status: "ready",
      image: "img@sha256:1", commit: "abc1234", revision: "alie-abc1234-x", url: "https://pr-4---alie-h.a.run.app", trafficBefore: "LATEST (alie-1) 100%", trafficAfter: "alie-1 100%, alie-abc1234-x 0% (tag pr-4)", warnings: [], durationMs: 1500,
    });
    expect(text).toContain("alie (dev: p/r) preview pr-4: READY in 1.5s");
    expect(text).toContain("  url:      https://pr-4---alie-h.a.run.app");
    expect(text).toContain("  traffic after:  alie-1 100%, alie-abc1234-x 0% (tag pr-4)");
  });

  it("says a dry-run prune deleted nothing", () => {
    const text = formatPrune({ kind: "prune-revisions", service: "alie", cloudRunName: "alie", environment: "dev", keep: 1, dryRun: true, deleted: [{ revision: "alie-old" }], kept: [{ revision: "alie-cur", why: "serves 100%" }], failed: [], remaining: 2 });
    expect(text).toContain("(dry run: nothing was deleted): 1 would delete, 1 kept, 0 failed; 2 revision(s) left");
    expect(text).toContain("    would delete alie-old");
    expect(text).toContain("    kept alie-cur (serves 100%)");
  });
});

describe("preview markdown (for a pull-request comment or a job summary)", () => {
  it("links the tag URL and keeps the text report in a code block", async () => {
    const { previewMarkdown } = await import("../../ci/src/commands/previews.js");
    const md = previewMarkdown(
      { kind: "service-preview", service: "alie", cloudRunName: "alie", environment: "dev", project: "p", region: "r", pr: 4, tag: "pr-4", status: "ready", image: "i", commit: "c", revision: "alie-c-x", url: "https://pr-4---alie-h.a.run.app", warnings: [], durationMs: 0 },
      "alie preview pr-4: READY",
    );
    expect(md).toContain("### ✅ Preview pr-4 of alie (dev): ready");
    expect(md).toContain("| alie | alie-c-x | [https://pr-4---alie-h.a.run.app](https://pr-4---alie-h.a.run.app) |");
    expect(md).toContain("```text\nalie preview pr-4: READY\n```");
  });
});
