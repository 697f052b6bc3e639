import { describe, expect, it } from "vitest";
import { cacheControlFor, IMMUTABLE, isFingerprinted, NO_CACHE, SHORT_LIVED } from "../../ci/src/site/cache-control.js";

describe("cacheControlFor defaults", () => {
  it.each(["index.html", "guide/install/index.html", "404.html"])("revalidates HTML: %s", (path) => {
    expect(cacheControlFor(path)).toBe(NO_CACHE);
  });

  it.each(["sitemap.xml", "sitemap.xml.gz", "manifest.json", "search/search_index.json"])(
    "revalidates the sitemap and JSON data: %s",
    (path) => {
      expect(cacheControlFor(path)).toBe(NO_CACHE);
    },
  );

  it.each([
    "assets/javascripts/bundle.fe8b6f2b.min.js",
    "assets/stylesheets/main.8d2f3a1b.min.css",
    "assets/app-3f9a1c2b.js",
    "assets/javascripts/bundle.fe8b6f2b.min.js.map",
    "img/logo_0a1b2c3d4e.png",
  ])("caches fingerprinted assets for a year: %s", (path) => {
    expect(cacheControlFor(path)).toBe(IMMUTABLE);
  });

  it.each(["assets/extra.css", "js/app.js", "img/logo.png", "fonts/roboto.woff2", "robots.txt"])(
    "caches other files for an hour: %s",
    (path) => {
      expect(cacheControlFor(path)).toBe(SHORT_LIVED);
    },
  );

  it("keeps a fingerprinted HTML page revalidated (HTML rule comes first)", () => {
    expect(cacheControlFor("print.3f9a1c2b.html")).toBe(NO_CACHE);
  });
});

describe("cacheControlFor catalog rules", () => {
  const rules = [
    { glob: "assets/**/*.js", value: "public, max-age=60" },
    { glob: "**/*.js", value: "private" },
    { glob: "**/*.html", value: "public, max-age=300" },
  ];

  it("are checked before the defaults", () => {
    expect(cacheControlFor("guide/index.html", rules)).toBe("public, max-age=300");
    expect(cacheControlFor("assets/bundle.fe8b6f2b.min.js", rules)).toBe("public, max-age=60");
  });

  it("apply the first matching rule", () => {
    expect(cacheControlFor("assets/x/app.js", rules)).toBe("public, max-age=60");
    expect(cacheControlFor("js/app.js", rules)).toBe("private");
  });

  it("leave files no rule matches to the defaults", () => {
    expect(cacheControlFor("search/search_index.json", rules)).toBe(NO_CACHE);
  });
});

describe("isFingerprinted", () => {
  it("needs a hex part of at least 8 characters", () => {
    expect(isFingerprinted("app.3f9a1c2b.js")).toBe(true);
    expect(isFingerprinted("app.3f9a1c2.js")).toBe(false);
  });

  it("ignores dates and hex-looking words", () => {
    expect(isFingerprinted("report-20240131.pdf")).toBe(false);
    expect(isFingerprinted("facadebeef.css")).toBe(false);
  });

  it("looks at the file name, not at folders or the extension", () => {
    expect(isFingerprinted("3f9a1c2bdd/app.js")).toBe(false);
    expect(isFingerprinted("app.a1b2c3d4e5")).toBe(false);
  });
});
