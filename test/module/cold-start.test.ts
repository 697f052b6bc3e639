/**
 * Cold start (issue 9): `list`, `build` and `verify` never talk to Google, so they must not load
 * the Google client libraries; a release verb loads them on first use. Run in a fresh process,
 * because this test process has long since imported them.
 */
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const CHILD = resolve(import.meta.dirname, "support/cold-start-child.ts");

describe("cold start", () => {
  const phases = JSON.parse(execFileSync(process.execPath, ["--import", "tsx", CHILD], { encoding: "utf8", timeout: 120_000 })) as Record<string, { google: string[]; outcome: string }>;

  it.each(["import", "list", "build", "verify"])("%s loads no Google client library", (name) => {
    expect(phases[name]!.outcome).not.toMatch(/^error: .*(Cannot find|is not a function)/);
    expect(phases[name]!.google).toEqual([]);
  });

  it("list and build succeed and verify runs every step to its report in the fresh process", () => {
    expect(phases["list"]!.outcome).toBe("ok");
    expect(phases["build"]!.outcome).toBe("ok");
    // The fake session writes no MkDocs output here, so the docs steps fail; the rest ran.
    expect(phases["verify"]!.outcome).toMatch(/34 passed, 3 failed/);
  });

  it("a release verb loads them on its first use (so the recorder sees them when they load)", () => {
    expect(phases["plan"]!.google).toEqual(expect.arrayContaining(["@google-cloud/run", "google-auth-library"]));
  });
});
