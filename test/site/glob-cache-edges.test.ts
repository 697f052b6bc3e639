/**
 * Edges of the glob matcher and of the fingerprint rule behind Cache-Control (issue 12, mutation
 * testing): `**` across names with a newline, hashes in extensionless names and dotfiles, folders
 * named after a commit, and hex runs that are only part of a name part.
 */
import { describe, expect, it } from "vitest";
import { cacheControlFor, IMMUTABLE, isFingerprinted, SHORT_LIVED } from "../../ci/src/site/cache-control.js";
import { matchGlob } from "../../ci/src/site/glob.js";

describe("matchGlob: ** and newlines", () => {
  it("lets ** cross names that contain a newline, as a trailing run and as a folder run", () => {
    expect(matchGlob("docs/**", "docs/a\nb.html")).toBe(true);
    expect(matchGlob("**/*.html", "a\nb/c.html")).toBe(true);
  });
});

describe("isFingerprinted: what counts as the name", () => {
  it("finds the hash in a name without an extension", () => {
    expect(isFingerprinted("assets/chunk-3f9a1c2b")).toBe(true);
    expect(cacheControlFor("assets/chunk-3f9a1c2b")).toBe(IMMUTABLE);
  });

  it("reads a dotfile's whole name, the leading dot being no extension", () => {
    expect(isFingerprinted(".3f9a1c2b")).toBe(true);
  });

  it("does not cache for a year the files of a folder named after a commit", () => {
    expect(isFingerprinted("builds/site-3f9a1c2b-preview/logo.png")).toBe(false);
    expect(cacheControlFor("builds/site-3f9a1c2b-preview/logo.png")).toBe(SHORT_LIVED);
  });
});

describe("isFingerprinted: the hash is a whole name part", () => {
  it("ignores a hex run that ends a part starting with other letters", () => {
    expect(isFingerprinted("intro-v3f9a1c2b.pdf")).toBe(false);
  });

  it("ignores a hex run that starts a part ending with other letters", () => {
    expect(isFingerprinted("report-2024abcdefg.pdf")).toBe(false);
  });
});
