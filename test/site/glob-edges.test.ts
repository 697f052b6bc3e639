/**
 * Edges of the site glob matcher: escapes inside and outside braces, `**` next to other
 * characters, nested and unbalanced braces, newlines in names. Written from Stryker's survivors in
 * site/glob.ts (issue 12).
 */
import { describe, expect, it } from "vitest";
import { matchGlob } from "../../ci/src/site/glob.js";

describe("matchGlob edges", () => {
  it("matches a trailing backslash literally, and an escaped character as itself", () => {
    expect(matchGlob("a\\", "a\\")).toBe(true);
    expect(matchGlob("a\\*", "a*")).toBe(true);
    expect(matchGlob("a\\*", "ab")).toBe(false);
    expect(matchGlob("\\{a,b}", "{a,b}")).toBe(true);
    expect(matchGlob("\\{a,b}", "a")).toBe(false);
  });

  it("treats ** as a directory run only when it is the whole segment", () => {
    expect(matchGlob("a**/x", "a/b/x")).toBe(false);
    expect(matchGlob("a**/x", "abc/x")).toBe(true);
    expect(matchGlob("**a/x", "b/a/x")).toBe(false);
    expect(matchGlob("x/**b", "x/y/b")).toBe(false);
    expect(matchGlob("x/**b", "x/yb")).toBe(true);
    expect(matchGlob("a/**/x", "a/x")).toBe(true);
    expect(matchGlob("a/**/x", "a/b/c/x")).toBe(true);
    expect(matchGlob("a/*/x", "a/b/c/x")).toBe(false);
  });

  it("lets a trailing ** cross segments but a trailing * not", () => {
    expect(matchGlob("a/**", "a/b/c")).toBe(true);
    expect(matchGlob("a/*", "a/b/c")).toBe(false);
  });

  it("keeps an escaped comma or brace inside alternatives literal", () => {
    expect(matchGlob("{a\\,b,c}", "a,b")).toBe(true);
    expect(matchGlob("{a\\,b,c}", "a")).toBe(false);
    expect(matchGlob("{a\\},b}", "a}")).toBe(true);
    expect(matchGlob("{a\\},b}", "b")).toBe(true);
  });

  it("splits only on top-level commas of nested braces", () => {
    expect(matchGlob("{x{a,b},c}", "xa")).toBe(true);
    expect(matchGlob("{x{a,b},c}", "xb")).toBe(true);
    expect(matchGlob("{x{a,b},c}", "c")).toBe(true);
    expect(matchGlob("{x{a,b},c}", "a")).toBe(false);
    expect(matchGlob("{x{a,b}y,c}", "xby")).toBe(true);
  });

  it("takes an unclosed brace literally, including its commas", () => {
    expect(matchGlob("{a,b", "{a,b")).toBe(true);
    expect(matchGlob("{a,b", "a")).toBe(false);
    expect(matchGlob("{{a,b}", "{a")).toBe(true);
    expect(matchGlob("x{a", "x{a")).toBe(true);
  });

  it("matches a name containing a newline like any other character", () => {
    expect(matchGlob("*.html", "a\nb.html")).toBe(true);
    expect(matchGlob("?", "\n")).toBe(true);
  });

  it("anchors the whole path", () => {
    expect(matchGlob("b.html", "ab.html")).toBe(false);
    expect(matchGlob("a", "ab")).toBe(false);
  });
});
