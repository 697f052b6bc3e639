import { describe, expect, it } from "vitest";
import { compileGlob, matchGlob } from "../../ci/src/site/glob.js";

describe("matchGlob", () => {
  it("matches a literal path exactly", () => {
    expect(matchGlob("sitemap.xml", "sitemap.xml")).toBe(true);
    expect(matchGlob("sitemap.xml", "docs/sitemap.xml")).toBe(false);
    expect(matchGlob("sitemap.xml", "sitemap.xml.gz")).toBe(false);
  });

  it("treats regular-expression characters literally", () => {
    expect(matchGlob("a.b+c(1)$", "a.b+c(1)$")).toBe(true);
    expect(matchGlob("a.b", "axb")).toBe(false);
  });

  it("lets * match inside one segment only", () => {
    expect(matchGlob("*.html", "index.html")).toBe(true);
    expect(matchGlob("*.html", "guide/index.html")).toBe(false);
    expect(matchGlob("assets/*.js", "assets/app.js")).toBe(true);
    expect(matchGlob("assets/*.js", "assets/js/app.js")).toBe(false);
  });

  it("lets * match an empty run and dotfiles", () => {
    expect(matchGlob("*.html", ".html")).toBe(true);
    expect(matchGlob("*", ".nojekyll")).toBe(true);
  });

  it("lets **/ match zero or more directories", () => {
    expect(matchGlob("**/*.html", "index.html")).toBe(true);
    expect(matchGlob("**/*.html", "a/b/c/index.html")).toBe(true);
    expect(matchGlob("**/*.html", "a/b/c/index.htm")).toBe(false);
    expect(matchGlob("a/**/b.txt", "a/b.txt")).toBe(true);
    expect(matchGlob("a/**/b.txt", "a/x/y/b.txt")).toBe(true);
    expect(matchGlob("a/**/b.txt", "ab.txt")).toBe(false);
  });

  it("lets a trailing ** match everything below a folder", () => {
    expect(matchGlob("assets/**", "assets/x/y.png")).toBe(true);
    expect(matchGlob("assets/**", "assets/y.png")).toBe(true);
    expect(matchGlob("assets/**", "assetsy.png")).toBe(false);
    expect(matchGlob("**", "any/thing.txt")).toBe(true);
  });

  it("treats ** inside a segment like *", () => {
    expect(matchGlob("a**.js", "abc.js")).toBe(true);
    expect(matchGlob("a**.js", "a/bc.js")).toBe(false);
  });

  it("lets ? match exactly one non-slash character", () => {
    expect(matchGlob("page?.html", "page1.html")).toBe(true);
    expect(matchGlob("page?.html", "page.html")).toBe(false);
    expect(matchGlob("page?.html", "page12.html")).toBe(false);
    expect(matchGlob("a?b", "a/b")).toBe(false);
  });

  it("expands {a,b} alternatives, including wildcards and nesting", () => {
    expect(matchGlob("*.{css,js}", "app.css")).toBe(true);
    expect(matchGlob("*.{css,js}", "app.js")).toBe(true);
    expect(matchGlob("*.{css,js}", "app.png")).toBe(false);
    expect(matchGlob("{img/*.png,**/*.{woff,woff2}}", "img/a.png")).toBe(true);
    expect(matchGlob("{img/*.png,**/*.{woff,woff2}}", "fonts/x/a.woff2")).toBe(true);
    expect(matchGlob("{img/*.png,**/*.{woff,woff2}}", "img/a/b.png")).toBe(false);
  });

  it("treats a brace without a comma or without a closing brace literally", () => {
    expect(matchGlob("{a}.txt", "{a}.txt")).toBe(true);
    expect(matchGlob("{a.txt", "{a.txt")).toBe(true);
  });

  it("matches an escaped wildcard literally", () => {
    expect(matchGlob("a\\*b", "a*b")).toBe(true);
    expect(matchGlob("a\\*b", "axb")).toBe(false);
  });

  it("is case-sensitive like object names", () => {
    expect(matchGlob("*.html", "INDEX.HTML")).toBe(false);
  });

  it("compiles each pattern once", () => {
    expect(compileGlob("**/*.css")).toBe(compileGlob("**/*.css"));
  });
});
