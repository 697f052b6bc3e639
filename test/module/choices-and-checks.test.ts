/**
 * The module's closed choices and its checks as the Dagger TypeScript SDK's own module runtime
 * registers and invokes them:
 * - --format and --strategy are enums (Format, ReleaseFormat, DeployStrategy). Dagger 0.21 names
 *   the members JSON, MARKDOWN, BLUE_GREEN... (the CLI matches them case-insensitively, so
 *   --format=json, --strategy=blue_green); the engine hands the module the member's TS name and
 *   the SDK's Executor turns it into the value ("blue-green") the commands parse.
 * - The checks live on a `checks` sub-object, so `dagger check` lists them as
 *   cloud-run-pipeline:checks:lint ...;
 *   the entry object has no @check functions of its own.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type ScannedFunction, type ScannedModule, scannedModule, sdkModuleFile } from "../support/introspect.js";

let mod: ScannedModule;
let methods: Record<string, ScannedFunction>;

beforeAll(async () => {
  mod = await scannedModule();
  methods = mod.objects["CloudRunPipeline"]!.methods;
}, 60_000);

const membersOf = (name: string) => Object.fromEntries(Object.entries(mod.enums[name]?.values ?? {}).map(([member, v]) => [member, v.value]));

describe("enums for closed choices", () => {
  it("registers Format, ReleaseFormat and DeployStrategy with the values the commands parse", () => {
    expect(membersOf("Format")).toEqual({ Text: "text", Json: "json" });
    expect(membersOf("ReleaseFormat")).toEqual({ Text: "text", Json: "json", Markdown: "markdown" });
    expect(membersOf("DeployStrategy")).toEqual({ BlueGreen: "blue-green", Direct: "direct" });
    for (const name of ["Format", "ReleaseFormat", "DeployStrategy"]) {
      for (const member of Object.values(mod.enums[name]!.values)) expect({ name, member: member.name, documented: Boolean(member.description) }).toEqual({ name, member: member.name, documented: true });
    }
  });

  it("types every --format as Format, and the release reports' as ReleaseFormat, default text", () => {
    const release = new Set(["deploy", "deployAll", "publishSite", "preview", "previewSite"]);
    const withFormat = Object.entries(methods).filter(([, fn]) => "format" in fn.arguments);
    expect(withFormat.map(([name]) => name).sort()).toEqual(
      ["deploy", "deployAll", "deployJob", "list", "monitoring", "plan", "preflight", "preview", "previewCleanup", "previewSite", "promote", "pruneRevisions", "publishSite", "rollback", "rollbackJob", "schedules", "status"].sort(),
    );
    for (const [name, fn] of withFormat) {
      expect({ name, type: fn.arguments["format"]!.type, defaultValue: fn.arguments["format"]!.defaultValue }).toEqual({
        name,
        type: { kind: "ENUM_KIND", name: release.has(name) ? "ReleaseFormat" : "Format" },
        defaultValue: "text",
      });
    }
  });

  it("types --strategy as an optional DeployStrategy with no default (the project's deploy.strategy)", () => {
    for (const name of ["deploy", "deployAll"]) {
      const arg = methods[name]!.arguments["strategy"]!;
      expect({ name, type: arg.type, isOptional: arg.isOptional, defaultValue: arg.defaultValue }).toEqual({ name, type: { kind: "ENUM_KIND", name: "DeployStrategy" }, isOptional: true, defaultValue: undefined });
      expect(arg.description).toContain("--strategy=blue_green");
    }
  });

  it("registers the default as the member name, which the engine hands back to the module", async () => {
    const { Register } = (await sdkModuleFile("entrypoint/register.js")) as { Register: new (m: unknown) => { getDefaultValueFromArg(arg: unknown): unknown } };
    const register = new Register(mod);
    expect(register.getDefaultValueFromArg(methods["list"]!.arguments["format"])).toBe("Text");
    expect(register.getDefaultValueFromArg(methods["deploy"]!.arguments["format"])).toBe("Text");
  });

  it("turns the member names the engine sends into the values, and leaves a left-out --strategy undefined (the project's default)", async () => {
    const { Executor } = (await sdkModuleFile("executor.js")) as { Executor: new (modules: unknown[], m: unknown) => unknown };
    const { loadArgs } = (await sdkModuleFile("entrypoint/load.js")) as { loadArgs: (e: unknown, fn: unknown, ctx: { fnArgs: Record<string, unknown> }) => Promise<Record<string, unknown>> };
    const executor = new Executor([], mod);
    const deploy = await loadArgs(executor, methods["deploy"], { fnArgs: { service: "alie", strategy: "BlueGreen", format: "Markdown" } });
    expect(deploy).toMatchObject({ service: "alie", strategy: "blue-green", format: "markdown" });
    const deployAll = await loadArgs(executor, methods["deployAll"], { fnArgs: { format: "Json" } });
    expect(deployAll).toMatchObject({ format: "json" });
    expect(deployAll["strategy"]).toBeUndefined();
  });
});

describe("checks on a checks sub-object", () => {
  it("has no @check functions on the entry object, and a checks function returning Checks with no arguments", () => {
    expect(Object.entries(methods).filter(([, fn]) => fn.isCheck).map(([name]) => name)).toEqual([]);
    expect(methods["checks"]).toMatchObject({ arguments: {}, returnType: { kind: "OBJECT_KIND", name: "Checks" } });
    expect(methods["checks"]!.description).toContain("Example: dagger check cloud-run-pipeline:checks:lint");
  });

  it("registers catalog, builds, lint, tests, scans, docs and secrets as argument-free checks returning their report", () => {
    const checks = mod.objects["Checks"]!.methods;
    expect(Object.keys(checks).sort()).toEqual(["builds", "catalog", "docs", "lint", "scans", "secrets", "tests"]);
    for (const [name, fn] of Object.entries(checks)) {
      expect({ name, isCheck: fn.isCheck, args: fn.arguments, returns: fn.returnType?.kind }).toEqual({ name, isCheck: true, args: {}, returns: "STRING_KIND" });
      expect(fn.description).toContain(`Example: dagger check cloud-run-pipeline:checks:${name}`);
    }
  });
});
