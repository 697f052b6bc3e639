import { describe, expect, it } from "vitest";
import { MODULE_SOURCE_IGNORE, readRepoFile } from "./harness.js";

describe("module source argument", () => {
  it("is loaded in these tests with the constructor's own ignore list", () => {
    const index = readRepoFile("ci/src/index.ts");
    const match = /defaultPath: "\/",\s*ignore: \[([^\]]*)\]/.exec(index);
    expect(match, "ci/src/index.ts declares source with defaultPath \"/\" and an ignore list").not.toBeNull();
    const declared = [...match![1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    expect(MODULE_SOURCE_IGNORE).toEqual(declared);
  });

  it("keeps what resolveGitSha reads from .git", () => {
    for (const kept of [".git/HEAD", ".git/refs", ".git/packed-refs"]) {
      expect(MODULE_SOURCE_IGNORE.some((p) => kept === p || kept.startsWith(`${p}/`))).toBe(false);
    }
  });

  it("never uploads the credentials file google-github-actions/auth writes into the workspace", () => {
    expect(MODULE_SOURCE_IGNORE).toContain("gha-creds-*.json");
  });
});
