/**
 * The site catalog's optional preview settings: a preview bucket, checked like the site's own.
 */
import { describe, expect, it } from "vitest";
import { SiteDoc } from "../../ci/src/catalog/schema.js";

const site = (extra: Record<string, unknown>) => SiteDoc.safeParse({ kind: "site", name: "docs", mkdocs: "docs", bucket: "dataface-docs", ...extra });

describe("site preview settings", () => {
  it("are optional", () => {
    const parsed = site({});
    expect(parsed.success).toBe(true);
    expect(parsed.data?.preview).toBeUndefined();
  });

  it("take a preview bucket", () => {
    expect(site({ preview: { bucket: "dataface-docs-previews" } }).data?.preview).toEqual({ bucket: "dataface-docs-previews" });
  });

  it("refuse an invalid bucket name and unknown keys", () => {
    expect(site({ preview: { bucket: "Not_A_Bucket!" } }).success).toBe(false);
    expect(site({ preview: { prefix: "x/" } }).success).toBe(false);
  });
});
