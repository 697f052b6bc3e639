/**
 * planSiteSync with `exclude`: folders under the site's prefix that other environments publish to
 * (catalog/naming.ts nestedSitePrefixesOf) are neither kept, deleted nor counted as the site's.
 */
import { describe, expect, it } from "vitest";
import { planSiteSync, type LocalSiteFile, type RemoteSiteObject } from "../../ci/src/site/plan.js";

const local = (path: string): LocalSiteFile => ({ path, size: 10, md5: `md5-${path}`, crc32c: `crc-${path}`, contentType: "text/html; charset=utf-8", cacheControl: "no-cache" });
const remote = (name: string): RemoteSiteObject => ({ name, size: 10, md5Hash: "old", crc32c: "old", contentType: "text/html; charset=utf-8", cacheControl: "no-cache" });

describe("planSiteSync: other environments' folders", () => {
  const listing = [remote("index.html"), remote("old.html"), remote("staging/index.html"), remote("staging/old.html")];

  it("never deletes objects under an excluded folder, and deletes the site's own stale ones", () => {
    const plan = planSiteSync([local("index.html")], listing, { prefix: "", delete: true, exclude: ["staging/"] });
    expect(plan.deletions).toEqual(["old.html"]);
    expect(plan.kept).toEqual([]);
  });

  it("does not report them as kept without delete either", () => {
    expect(planSiteSync([local("index.html")], listing, { prefix: "", delete: false, exclude: ["staging/"] }).kept).toEqual(["old.html"]);
  });

  it("deletes them without exclude (a site at the bucket root owns everything in it)", () => {
    expect(planSiteSync([local("index.html")], listing, { prefix: "", delete: true }).deletions).toEqual(["old.html", "staging/index.html", "staging/old.html"]);
  });
});
