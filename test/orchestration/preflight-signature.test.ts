/**
 * preflight, and --preflight on deploy and deploy-all, as the Dagger TypeScript SDK's own
 * introspector registers them (what `dagger functions` / `dagger call` see): never cached, the
 * arguments and defaults, the new flag LAST so positional callers are unchanged, the README's example.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type ScannedFunction, scannedFunctions } from "../support/introspect.js";

let methods: Record<string, ScannedFunction>;

beforeAll(async () => {
  methods = await scannedFunctions();
}, 60_000);

describe("preflight registers", () => {
  it("as a never-cached function of --credentials, --env and --format returning text", () => {
    const fn = methods["preflight"]!;
    expect(fn.cache).toBe("never");
    expect(Object.keys(fn.arguments)).toEqual(["credentials", "env", "format"]);
    expect(fn.arguments["credentials"]).toMatchObject({ type: { kind: "OBJECT_KIND", name: "Secret" }, isOptional: false });
    expect(fn.arguments["env"]).toMatchObject({ defaultValue: "" });
    expect(fn.arguments["format"]).toMatchObject({ defaultValue: "text" });
    expect(fn.returnType).toMatchObject({ kind: "STRING_KIND" });
  });

  it("shows the README's example in its doc comment", () => {
    expect(methods["preflight"]!.description).toContain("Example: dagger call preflight --env=prod --credentials=env://GCP_CREDENTIALS");
  });
});

describe("--preflight on deploy and deploy-all", () => {
  it("is a boolean flag, false by default, appended after the existing arguments", () => {
    expect(Object.keys(methods["deploy"]!.arguments)).toEqual(["service", "credentials", "env", "strategy", "dryRun", "skipChecks", "format", "dropUnmanaged", "preflight"]);
    expect(Object.keys(methods["deployAll"]!.arguments)).toEqual(["credentials", "env", "strategy", "skipChecks", "prune", "format", "dropUnmanaged", "preflight"]);
    for (const name of ["deploy", "deployAll"]) {
      expect(methods[name]!.arguments["preflight"]).toMatchObject({ type: { kind: "BOOLEAN_KIND" }, defaultValue: false, description: expect.stringMatching(/^Run preflight .* on any FAIL\.$/) });
    }
  });
});
