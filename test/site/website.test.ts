import { describe, expect, it } from "vitest";
import { MKDOCS_WEBSITE, websiteNeedsUpdate } from "../../ci/src/site/website.js";

describe("websiteNeedsUpdate", () => {
  it("is true for a bucket without website configuration", () => {
    expect(websiteNeedsUpdate(undefined, MKDOCS_WEBSITE)).toBe(true);
    expect(websiteNeedsUpdate({}, MKDOCS_WEBSITE)).toBe(true);
  });

  it("is true when either page differs", () => {
    expect(websiteNeedsUpdate({ mainPageSuffix: "index.html", notFoundPage: "errors/404.html" }, MKDOCS_WEBSITE)).toBe(true);
    expect(websiteNeedsUpdate({ mainPageSuffix: "main.html", notFoundPage: "404.html" }, MKDOCS_WEBSITE)).toBe(true);
  });

  it("is false when both pages already match", () => {
    expect(websiteNeedsUpdate({ mainPageSuffix: "index.html", notFoundPage: "404.html" }, MKDOCS_WEBSITE)).toBe(false);
  });
});
