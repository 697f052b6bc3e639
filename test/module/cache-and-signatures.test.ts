/**
 * What the Dagger TypeScript SDK's own introspector (the scan `dagger functions` / `dagger call`
 * see) registers for the functions of issue 9: the cache policy of the scanning functions (per
 * session, so a new `dagger call` scans again; the engine's default would keep a result 7 days),
 * and the signatures and documented examples of serve and verify-report.
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
  isCheck: boolean;
  arguments: Record<string, { type?: { kind: string }; isOptional: boolean; defaultValue?: unknown }>;
  returnType?: { kind: string; name?: string };
}

const tsFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith(".ts") ? [p] : [];
  });

let methods: Record<string, ScannedFunction>;

beforeAll(async () => {
  // The introspector resolves core types (Service, Directory) from a non-declaration client.gen.ts.
  const clientGen = join(mkdtempSync(join(tmpdir(), "scan-")), "client.gen.ts");
  copyFileSync(join(SDK, "api/client.gen.d.ts"), clientGen);
  const { scan } = (await import(join(SDK, "module/introspector/index.js"))) as { scan: (files: string[], name: string, loadModule: boolean) => Promise<unknown> };
  const mod = (await scan([...tsFiles(join(ROOT, "ci/src")), clientGen], "cloud-run-pipeline", false)) as { objects: Record<string, { methods: Record<string, ScannedFunction> }> };
  methods = mod.objects["CloudRunPipeline"]!.methods;
}, 60_000);

describe("caching and signatures of scan, verify, verify-report and serve", () => {
  it("caches scan, check-scans, verify and verify-report for the session only", () => {
    for (const name of ["scan", "checkScans", "verify", "verifyReport"]) expect({ name, cache: methods[name]?.cache }).toEqual({ name, cache: "session" });
  });

  it("keeps the other checks and the builds on the engine's default cache", () => {
    for (const name of ["build", "lint", "test", "docs", "checkLint", "checkTests"]) expect({ name, cache: methods[name]?.cache }).toEqual({ name, cache: undefined });
  });

  it("registers verify-report as returning a Directory, without arguments, and shows its example", () => {
    const fn = methods["verifyReport"]!;
    expect(fn.returnType).toMatchObject({ kind: "OBJECT_KIND", name: "Directory" });
    expect(fn.arguments).toEqual({});
    expect(fn.isCheck).toBe(false);
    expect(fn.description).toContain("Example: dagger call verify-report export --path=reports");
  });

  it("registers serve as returning a Service for one required --service, saying secrets are not provided", () => {
    const fn = methods["serve"]!;
    expect(fn.returnType).toMatchObject({ kind: "OBJECT_KIND", name: "Service" });
    expect(Object.keys(fn.arguments)).toEqual(["service"]);
    expect(fn.arguments["service"]).toMatchObject({ type: { kind: "STRING_KIND" }, isOptional: false });
    expect(fn.description).toContain("Secrets are NOT provided");
    expect(fn.description).toContain("Example: dagger call serve --service=cloud up --ports=8080:8080");
  });
});
