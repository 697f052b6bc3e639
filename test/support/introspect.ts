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
  arguments: Record<string, { type?: { kind: string; name?: string; typeDef?: { kind: string } }; isOptional: boolean; defaultValue?: unknown; description?: string }>;
  returnType?: { kind: string; name?: string };
}

const tsFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith(".ts") ? [p] : [];
  });

/** The functions of the module's CloudRunPipeline object, by method name. */
export async function scannedFunctions(): Promise<Record<string, ScannedFunction>> {
  const clientGen = join(mkdtempSync(join(tmpdir(), "scan-")), "client.gen.ts");
  copyFileSync(join(SDK, "api/client.gen.d.ts"), clientGen);
  const { scan } = (await import(join(SDK, "module/introspector/index.js"))) as { scan: (files: string[], name: string, loadModule: boolean) => Promise<unknown> };
  const mod = (await scan([...tsFiles(join(ROOT, "ci/src")), clientGen], "cloud-run-pipeline", false)) as { objects: Record<string, { methods: Record<string, ScannedFunction> }> };
  return mod.objects["CloudRunPipeline"]!.methods;
}
