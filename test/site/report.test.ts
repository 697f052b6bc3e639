import { describe, expect, it } from "vitest";
import { formatSiteSyncReport, type SiteSyncReport } from "../../ci/src/site/report.js";

function report(over: Partial<SiteSyncReport> = {}): SiteSyncReport {
  return {
    bucket: "docs-site",
    prefix: "docs/",
    dryRun: false,
    uploaded: ["docs/index.html"],
    uploadReasons: { new: 0, content: 1, metadata: 0 },
    unchanged: 41,
    deleted: [],
    wouldDelete: [],
    bytesUploaded: 2048,
    websiteUpdated: false,
    failed: [],
    retries: 0,
    permissionsChecked: true,
    ...over,
  };
}

describe("formatSiteSyncReport", () => {
  it("summarises uploads, unchanged files and the website configuration", () => {
    expect(formatSiteSyncReport(report())).toBe(
      [
        "Site sync to gs://docs-site/docs/",
        "  uploaded 1 file(s), 2.0 KiB (0 new, 1 changed, 0 headers only)",
        "    docs/index.html",
        "  unchanged 41 file(s)",
        "  website configuration: unchanged",
      ].join("\n"),
    );
  });

  it("speaks in the conditional for a dry run", () => {
    const text = formatSiteSyncReport(report({ dryRun: true, deleted: ["docs/old.html"], websiteUpdated: true }));
    expect(text).toContain("(dry run: nothing changed)");
    expect(text).toContain("would upload 1 file(s)");
    expect(text).toContain("would delete 1 extraneous object(s)");
    expect(text).toContain("website configuration: would update");
  });

  it("tells how to remove extraneous objects that were kept", () => {
    expect(formatSiteSyncReport(report({ wouldDelete: ["docs/old.html"] }))).toContain("1 extraneous object(s) kept; pass --delete-stale to remove");
  });

  it("lists failures and says nothing was deleted", () => {
    const text = formatSiteSyncReport(
      report({ failed: [{ object: "docs/a.html", error: "Backend Error" }], wouldDelete: ["docs/old.html"] }),
    );
    expect(text).toContain("kept because the sync did not complete");
    expect(text).toContain("FAILED 1 operation(s); nothing was deleted. Fix the cause and run the sync again:");
    expect(text).toContain("    docs/a.html: Backend Error");
  });

  it("shortens long lists", () => {
    const uploaded = Array.from({ length: 25 }, (_, i) => `p${i}.html`);
    const text = formatSiteSyncReport(report({ uploaded }));
    expect(text).toContain("    p19.html");
    expect(text).not.toContain("    p20.html");
    expect(text).toContain("    ... and 5 more");
  });
});
