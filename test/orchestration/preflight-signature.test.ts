/**
 * preflight, and --preflight on deploy and deploy-all, as the Dagger TypeScript SDK's own
 * introspector registers them (what `dagger functions` / `dagger call` see): never cached, the
 * arguments and defaults, the new flag LAST so positional callers are unchanged, the README's example.
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
  returnType?: { kind: string };
}

const tsFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith(".ts") ? [p] : [];
  });

let methods: Record<string, ScannedFunction>;

beforeAll(async () => {
  // The introspector resolves core types (Secret, Directory) from a non-declaration client.gen.ts.
  const clientGen = join(mkdtempSync(join(tmpdir(), "scan-")), "client.gen.ts");
  copyFileSync(join(SDK, "api/client.gen.d.ts"), clientGen);
  const { scan } = (await import(join(SDK, "module/introspector/index.js"))) as { scan: (files: string[], name: string, loadModule: boolean) => Promise<unknown> };
  const mod = (await scan([...tsFiles(join(ROOT, "ci/src")), clientGen], "cloud-run-pipeline", false)) as { objects: Record<string, { methods: Record<string, ScannedFunction> }> };
  methods = mod.objects["CloudRunPipeline"]!.methods;
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
