/**
 * promote and status --all-envs as the Dagger TypeScript SDK's own introspector registers them
 * (what `dagger functions` / `dagger call` see): never cached (promote changes Cloud Run, status
 * must read it fresh), argument names, types and defaults, and the documented examples.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type ScannedFunction, scannedFunctions } from "../support/introspect.js";

let methods: Record<string, ScannedFunction>;

beforeAll(async () => {
  methods = await scannedFunctions();
}, 60_000);

describe("promote registers", () => {
  it("as never cached", () => {
    expect(methods["promote"]?.cache).toBe("never");
  });

  it("with required --from, --to and --credentials, then optional --service, --job, --all, --confirm, --format", () => {
    const args = methods["promote"]!.arguments;
    expect(Object.keys(args)).toEqual(["from", "to", "credentials", "service", "job", "all", "confirm", "format"]);
    for (const name of ["from", "to"]) expect(args[name]).toMatchObject({ type: { kind: "STRING_KIND" }, isOptional: false });
    expect(args["credentials"]).toMatchObject({ type: { kind: "OBJECT_KIND", name: "Secret" }, isOptional: false });
    expect(args["all"]).toMatchObject({ type: { kind: "BOOLEAN_KIND" }, defaultValue: false });
    for (const name of ["service", "job", "confirm"]) expect(args[name]).toMatchObject({ type: { kind: "STRING_KIND" }, defaultValue: "" });
    expect(args["format"]).toMatchObject({ defaultValue: "text" });
    for (const [name, arg] of Object.entries(args)) expect({ name, documented: Boolean(arg.description) }).toEqual({ name, documented: true });
  });

  it("with its examples in the doc comment", () => {
    expect(methods["promote"]!.description).toContain("Example: dagger call promote --from=staging --to=prod --service=alie --confirm=prod --credentials=env://GCP_CREDENTIALS");
    expect(methods["promote"]!.description).toContain("Example: dagger call promote --from=dev --to=staging --all --credentials=env://GCP_CREDENTIALS");
  });
});

describe("status registers --all-envs", () => {
  it("as a boolean after the existing arguments, so positional callers are unchanged", () => {
    const args = methods["status"]!.arguments;
    expect(Object.keys(args)).toEqual(["credentials", "service", "env", "format", "allEnvs"]);
    expect(args["allEnvs"]).toMatchObject({ type: { kind: "BOOLEAN_KIND" }, defaultValue: false });
    expect(methods["status"]!.description).toContain("Example: dagger call status --all-envs --credentials=env://GCP_CREDENTIALS");
    expect(methods["status"]?.cache).toBe("never");
  });
});
