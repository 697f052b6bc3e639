/**
 * formatSiteSyncReport, line by line: sizes at their unit bounds, deleted and kept object lists,
 * retries, unchecked permissions, failures after deletions, the list cut at 20 items. Written from
 * Stryker's survivors in site/report.ts (issue 12).
 */
import { describe, expect, it } from "vitest";
import { formatSiteSyncReport, type SiteSyncReport } from "../../ci/src/site/report.js";

function report(over: Partial<SiteSyncReport> = {}): SiteSyncReport {
  return {
    bucket: "docs-site",
    prefix: "",
    dryRun: false,
    uploaded: [],
    uploadReasons: { new: 0, content: 0, metadata: 0 },
    unchanged: 3,
    deleted: [],
    wouldDelete: [],
    bytesUploaded: 0,
    websiteUpdated: false,
    failed: [],
    retries: 0,
    permissionsChecked: true,
    ...over,
  };
}

const lines = (over: Partial<SiteSyncReport>) => formatSiteSyncReport(report(over)).split("\n");

describe("formatSiteSyncReport text", () => {
  it("prints a no-op sync in exactly four lines, without upload reasons", () => {
    expect(lines({})).toEqual(["Site sync to gs://docs-site/", "  uploaded 0 file(s), 0 B", "  unchanged 3 file(s)", "  website configuration: unchanged"]);
  });

  it("says the website configuration was updated after a real sync that changed it", () => {
    expect(lines({ websiteUpdated: true }).at(-1)).toBe("  website configuration: updated");
  });

  it("prints sizes in B below 1 KiB, KiB below 1 MiB, MiB from there", () => {
    const size = (bytesUploaded: number) => lines({ bytesUploaded })[1];
    expect(size(1023)).toBe("  uploaded 0 file(s), 1023 B");
    expect(size(1024)).toBe("  uploaded 0 file(s), 1.0 KiB");
    expect(size(1024 * 1024 - 1)).toBe("  uploaded 0 file(s), 1024.0 KiB");
    expect(size(1024 * 1024)).toBe("  uploaded 0 file(s), 1.0 MiB");
    expect(size(5 * 1024 * 1024 + 512 * 1024)).toBe("  uploaded 0 file(s), 5.5 MiB");
  });

  it("lists deleted objects under their count, and kept ones under theirs", () => {
    expect(lines({ deleted: ["old.html"], wouldDelete: ["other.html"] })).toEqual([
      "Site sync to gs://docs-site/",
      "  uploaded 0 file(s), 0 B",
      "  unchanged 3 file(s)",
      "  deleted 1 extraneous object(s)",
      "    old.html",
      "  1 extraneous object(s) kept; pass --delete-stale to remove",
      "    other.html",
      "  website configuration: unchanged",
    ]);
  });

  it("says how many transient errors were retried, and when permissions were not pre-checked", () => {
    expect(lines({ retries: 2, permissionsChecked: false }).slice(-2)).toEqual(["  retried 2 transient error(s)", "  permissions not pre-checked (endpoint has no testIamPermissions)"]);
  });

  it("says some deletions did not happen when a sync failed after deleting", () => {
    const text = lines({ deleted: ["old.html"], failed: [{ object: "a.html", error: "503" }] });
    expect(text.slice(-2)).toEqual(["  FAILED 1 operation(s); some deletions did not happen. Fix the cause and run the sync again:", "    a.html: 503"]);
  });

  it("shows 20 items of a list of exactly 20 without a '... more' line, and cuts one of 21", () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `f${i}.html`);
    expect(lines({ uploaded: names(20) }).some((l) => l.includes("more"))).toBe(false);
    expect(lines({ uploaded: names(21) })).toContain("    ... and 1 more");
  });
});
