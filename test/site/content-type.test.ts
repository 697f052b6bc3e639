import { describe, expect, it } from "vitest";
import { contentTypeFor, extensionOf, FALLBACK_CONTENT_TYPE } from "../../ci/src/site/content-type.js";

describe("contentTypeFor", () => {
  // Types the upload-cloud-storage action gets wrong (its issues #258, #382).
  it.each([
    ["assets/javascripts/bundle.mjs", "text/javascript; charset=utf-8"],
    ["site.webmanifest", "application/manifest+json"],
    ["assets/images/logo.svg", "image/svg+xml"],
    ["assets/fonts/roboto.woff2", "font/woff2"],
    ["search/search_index.json", "application/json"],
  ])("gives %s the type browsers require (%s)", (path, type) => {
    expect(contentTypeFor(path)).toBe(type);
  });

  it.each([
    ["index.html", "text/html; charset=utf-8"],
    ["assets/stylesheets/main.8d2f3a1b.min.css", "text/css; charset=utf-8"],
    ["assets/javascripts/bundle.fe8b6f2b.min.js", "text/javascript; charset=utf-8"],
    ["assets/javascripts/bundle.fe8b6f2b.min.js.map", "application/json"],
    ["img/photo.jpg", "image/jpeg"],
    ["img/photo.JPEG", "image/jpeg"],
    ["img/a.png", "image/png"],
    ["img/a.gif", "image/gif"],
    ["img/a.webp", "image/webp"],
    ["img/a.avif", "image/avif"],
    ["favicon.ico", "image/x-icon"],
    ["fonts/a.woff", "font/woff"],
    ["fonts/a.ttf", "font/ttf"],
    ["fonts/a.otf", "font/otf"],
    ["fonts/a.eot", "application/vnd.ms-fontobject"],
    ["robots.txt", "text/plain; charset=utf-8"],
    ["sitemap.xml", "application/xml"],
    ["sitemap.xml.gz", "application/gzip"],
    ["files/guide.pdf", "application/pdf"],
    ["wasm/app.wasm", "application/wasm"],
    ["media/intro.mp4", "video/mp4"],
    ["media/intro.webm", "video/webm"],
  ])("maps %s to %s", (path, type) => {
    expect(contentTypeFor(path)).toBe(type);
  });

  it("falls back to application/octet-stream for unknown extensions and bare names", () => {
    expect(contentTypeFor("data/blob.xyz")).toBe(FALLBACK_CONTENT_TYPE);
    expect(contentTypeFor("CNAME")).toBe(FALLBACK_CONTENT_TYPE);
    expect(contentTypeFor(".nojekyll")).toBe(FALLBACK_CONTENT_TYPE);
  });

  it("checks overrides first, with or without a leading dot, in any case", () => {
    expect(contentTypeFor("a.json", { json: "application/ld+json" })).toBe("application/ld+json");
    expect(contentTypeFor("a.XYZ", { ".xyz": "application/x-xyz" })).toBe("application/x-xyz");
    expect(contentTypeFor("a.css", { json: "application/ld+json" })).toBe("text/css; charset=utf-8");
  });
});

describe("extensionOf", () => {
  it("takes the last extension of the file name, not of a folder", () => {
    expect(extensionOf("a.b/c")).toBe("");
    expect(extensionOf("a/b.min.JS")).toBe("js");
    expect(extensionOf("a/.env")).toBe("");
  });
});
