import { describe, expect, it } from "vitest";
import { SiteDoc, type SiteSpec } from "../../ci/src/catalog/schema.js";
import { siteTarget } from "../../ci/src/commands/sites.js";

const site = (fields: Record<string, unknown>): SiteSpec =>
  SiteDoc.parse({ kind: "site", name: "docs", mkdocs: "examples/dataface/sites/docs", bucket: "dataface-docs-dev", ...fields });

describe("siteTarget", () => {
  it("is the site's bucket and prefix in an environment without an override", () => {
    expect(siteTarget(site({ prefix: "docs/" }), "dev")).toEqual({ bucket: "dataface-docs-dev", prefix: "docs/" });
  });

  it("is the site's bucket and the bucket root when the site sets no prefix", () => {
    expect(siteTarget(site({}), "default")).toEqual({ bucket: "dataface-docs-dev", prefix: "" });
  });

  it("takes the environment's bucket and keeps the site's prefix", () => {
    const spec = site({ prefix: "docs/", environments: { staging: { bucket: "dataface-docs-staging" } } });
    expect(siteTarget(spec, "staging")).toEqual({ bucket: "dataface-docs-staging", prefix: "docs/" });
  });

  it("takes the environment's prefix and keeps the site's bucket", () => {
    const spec = site({ prefix: "docs/", environments: { staging: { prefix: "preview/docs/" } } });
    expect(siteTarget(spec, "staging")).toEqual({ bucket: "dataface-docs-dev", prefix: "preview/docs/" });
  });

  it("takes both from the environment when it overrides both", () => {
    const spec = site({ prefix: "docs/", environments: { prod: { bucket: "dataface-docs", prefix: "" } } });
    expect(siteTarget(spec, "prod")).toEqual({ bucket: "dataface-docs", prefix: "" });
  });

  it("uses only the named environment's override", () => {
    const spec = site({ environments: { staging: { bucket: "dataface-docs-staging" }, prod: { bucket: "dataface-docs" } } });
    expect(siteTarget(spec, "prod").bucket).toBe("dataface-docs");
    expect(siteTarget(spec, "staging").bucket).toBe("dataface-docs-staging");
    expect(siteTarget(spec, "dev").bucket).toBe("dataface-docs-dev");
  });
});
