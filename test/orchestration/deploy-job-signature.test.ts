/**
 * deploy-job's override flags as the Dagger TypeScript SDK's own introspector registers them
 * (the scan `dagger functions` / `dagger call` see): names (the CLI spells them --args,
 * --clear-args, --execution-env, --tasks, --task-timeout), types (lists of strings, an optional
 * integer), defaults and docs; the doc comment carries the README's example.
 */
import { copyFileSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const SDK = join(ROOT, "node_modules/@dagger.io/dagger/dist/src");

interface ScannedArgument {
  type?: { kind: string; typeDef?: { kind: string } };
  isOptional: boolean;
  defaultValue?: unknown;
  description?: string;
}
interface ScannedFunction {
  description?: string;
  arguments: Record<string, ScannedArgument>;
}

const tsFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith(".ts") ? [p] : [];
  });

let deployJob: ScannedFunction;

beforeAll(async () => {
  // The introspector resolves core types (Secret, Directory) from a non-declaration client.gen.ts.
  const clientGen = join(mkdtempSync(join(tmpdir(), "scan-")), "client.gen.ts");
  copyFileSync(join(SDK, "api/client.gen.d.ts"), clientGen);
  const { scan } = (await import(join(SDK, "module/introspector/index.js"))) as { scan: (files: string[], name: string, loadModule: boolean) => Promise<unknown> };
  // loadModule false: the static scan only (the typedefs), without importing the module's files.
  const mod = (await scan([...tsFiles(join(ROOT, "ci/src")), clientGen], "cloud-run-pipeline", false)) as { objects: Record<string, { methods: Record<string, ScannedFunction> }> };
  deployJob = mod.objects["CloudRunPipeline"]!.methods["deployJob"]!;
}, 60_000);

describe("deploy-job registers its execution override flags", () => {
  it("keeps the existing arguments first, so positional callers are unchanged", () => {
    expect(Object.keys(deployJob.arguments)).toEqual(["job", "credentials", "env", "execute", "wait", "skipChecks", "format", "dropUnmanaged", "args", "clearArgs", "executionEnv", "tasks", "taskTimeout"]);
  });

  it("takes --args and --execution-env as lists of strings, empty by default", () => {
    for (const name of ["args", "executionEnv"]) {
      expect(deployJob.arguments[name]).toMatchObject({ type: { kind: "LIST_KIND", typeDef: { kind: "STRING_KIND" } }, defaultValue: [] });
    }
  });

  it("takes --clear-args as a boolean, --tasks as an optional integer and --task-timeout as a string", () => {
    expect(deployJob.arguments["clearArgs"]).toMatchObject({ type: { kind: "BOOLEAN_KIND" }, defaultValue: false });
    expect(deployJob.arguments["tasks"]).toMatchObject({ type: { kind: "INTEGER_KIND" }, isOptional: true });
    expect(deployJob.arguments["tasks"]?.defaultValue).toBeUndefined();
    expect(deployJob.arguments["taskTimeout"]).toMatchObject({ type: { kind: "STRING_KIND" }, defaultValue: "" });
  });

  it("documents each flag as applying with --execute", () => {
    for (const name of ["args", "clearArgs", "executionEnv", "tasks", "taskTimeout"]) expect(deployJob.arguments[name]?.description).toMatch(/^With --execute: /);
  });

  it("shows the README's example in its doc comment", () => {
    expect(deployJob.description).toContain(
      "Example: dagger call deploy-job --job=ingestion --env=staging --execute --wait --args=--full-refresh --execution-env=RUN_MODE=backfill --tasks=4 --task-timeout=3600s --credentials=env://GCP_CREDENTIALS",
    );
  });
});
