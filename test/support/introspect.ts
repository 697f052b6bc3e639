/**
 * The module as the Dagger TypeScript SDK's own introspector registers it (what `dagger
 * functions` / `dagger call` see), from the SDK's `module/introspector`. The introspector resolves
 * core types (Secret, Directory, Service) from a non-declaration client.gen.ts, so the SDK's
 * client.gen.d.ts is presented as one.
 */
import { copyFileSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");
const SDK = join(ROOT, "node_modules/@dagger.io/dagger/dist/src");

export interface ScannedFunction {
  description?: string;
  cache?: string;
  isCheck?: boolean;
  arguments: Record<string, { type?: { kind: string; name?: string; typeDef?: { kind: string } }; isOptional: boolean; isNullable?: boolean; defaultValue?: unknown; description?: string }>;
  returnType?: { kind: string; name?: string };
}

const tsFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith(".ts") ? [p] : [];
  });

export interface ScannedEnum {
  name: string;
  description?: string;
  /** By member name (what the engine hands the module): the value the function receives, and its doc. */
  values: Record<string, { name: string; value: unknown; description?: string }>;
}

/** The SDK's scan result (its DaggerModule), as far as the tests read it; pass it on to the SDK's Register / Executor as is. */
export interface ScannedModule {
  objects: Record<string, { methods: Record<string, ScannedFunction> }>;
  enums: Record<string, ScannedEnum>;
}

let scanned: Promise<ScannedModule> | undefined;

/** The module as the SDK's introspector scans it (once per test file: scanning takes seconds). */
export function scannedModule(): Promise<ScannedModule> {
  scanned ??= (async () => {
    const clientGen = join(mkdtempSync(join(tmpdir(), "scan-")), "client.gen.ts");
    copyFileSync(join(SDK, "api/client.gen.d.ts"), clientGen);
    const { scan } = (await import(join(SDK, "module/introspector/index.js"))) as { scan: (files: string[], name: string, loadModule: boolean) => Promise<unknown> };
    return (await scan([...tsFiles(join(ROOT, "ci/src")), clientGen], "cloud-run-pipeline", false)) as ScannedModule;
  })();
  return scanned;
}

/** The functions of one of the module's objects (default: the entry class CloudRunPipeline), by method name. */
export async function scannedFunctions(object = "CloudRunPipeline"): Promise<Record<string, ScannedFunction>> {
  const found = (await scannedModule()).objects[object];
  if (!found) throw new Error(`the scan has no object ${object}`);
  return found.methods;
}

/** The SDK module runtime's own files (entrypoint/register.js, executor.js, ...), imported by path: its package exports do not list them. */
export const sdkModuleFile = (path: string): Promise<unknown> => import(join(SDK, "module", path));
