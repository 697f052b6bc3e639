/**
 * promote and status --all-envs as the Dagger TypeScript SDK's own introspector registers them
 * (what `dagger functions` / `dagger call` see): never cached (promote changes Cloud Run, status
 * must read it fresh), argument names, types and defaults, and the documented examples.
 */
import { copyFileSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const SDK = join(ROOT, "node_modules/@dagger.io/dagger/dist/src");

interface ScannedFunction {
  description?: string;
  cache?: string;
  arguments: Record<string, { type?: { kind: string; name?: string }; isOptional: boolean; defaultValue?: unknown; description?: string }>;
}

const tsFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith(".ts") ? [p] : [];
  });

let methods: Record<string, ScannedFunction>;

beforeAll(async () => {
  const clientGen = join(mkdtempSync(join(tmpdir(), "scan-")), "client.gen.ts");
  copyFileSync(join(SDK, "api/client.gen.d.ts"), clientGen);
  const { scan } = (await import(join(SDK, "module/introspector/index.js"))) as { scan: (files: string[], name: string, loadModule: boolean) => Promise<unknown> };
  const mod = (await scan([...tsFiles(join(ROOT, "ci/src")), clientGen], "cloud-run-pipeline", false)) as { objects: Record<string, { methods: Record<string, ScannedFunction> }> };
  methods = mod.objects["CloudRunPipeline"]!.methods;
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
