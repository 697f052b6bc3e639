/**
 * The module as `dagger call` and `dagger check` see it, built from what the SDK's introspector
 * registers (test/support/introspect.ts): objects with their functions and exposed fields, each
 * function's flags (camelCase names in the CLI's kebab-case), what it returns, the constructor's
 * flags, enum members as the CLI spells them, and the names `dagger check` gives the checks.
 */
import { type ScannedFunction, type ScannedModule, scannedModule } from "../support/introspect.js";

export type FlagKind = "boolean" | "string" | "integer" | "list" | "enum" | "secret" | "object";

export interface CliFlag {
  flag: string;
  kind: FlagKind;
  required: boolean;
  /** Enum flags: the registered type and its members as the CLI spells them (BLUE_GREEN). */
  enumName?: string;
  members?: string[];
}

export interface CliFunction {
  name: string;
  flags: Record<string, CliFlag>;
  /** An object of the module, a core type (Container, Directory, ...) or a leaf (String, Void ...). */
  returns: string;
  isCheck: boolean;
}

export interface ModuleCli {
  /** The module's name: a toolchain is called by it, and it prefixes check names. */
  name: string;
  entry: string;
  constructorFlags: Record<string, CliFlag>;
  objects: Record<string, Record<string, CliFunction>>;
  /** Every check as `dagger check -l` lists it (cloud-run-pipeline:checks:lint). */
  checkNames: string[];
}

/** camelCase -> the CLI's kebab-case (deployAll -> deploy-all, gitSHA -> git-sha). */
export const kebab = (name: string): string =>
  name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .toLowerCase();

/** How Dagger 0.21 names an enum member on the CLI (BlueGreen -> BLUE_GREEN; typed case-insensitively). */
export const screamingSnake = (member: string): string => member.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();

type ScannedArg = ScannedFunction["arguments"][string] & { defaultPath?: string };

/** The parts of the scan this file reads beyond ScannedModule's declared shape. */
interface ScannedObjectDetail {
  methods: Record<string, ScannedFunction>;
  _constructor?: { arguments: Record<string, ScannedArg> };
  properties?: Record<string, { type?: { kind: string; name?: string }; isExposed?: boolean }>;
}

function typeName(type: { kind: string; name?: string } | undefined): string {
  switch (type?.kind) {
    case "OBJECT_KIND":
    case "ENUM_KIND":
      return type.name ?? "?";
    case "STRING_KIND":
      return "String";
    case "INTEGER_KIND":
      return "Int";
    case "BOOLEAN_KIND":
      return "Boolean";
    case "VOID_KIND":
      return "Void";
    case "LIST_KIND":
      return "List";
    default:
      return type?.kind ?? "?";
  }
}

function cliFlag(name: string, arg: ScannedArg, module: ScannedModule): CliFlag {
  const required = !arg.isOptional && arg.defaultValue == null && !arg.defaultPath;
  const base = { flag: kebab(name), required };
  switch (arg.type?.kind) {
    case "BOOLEAN_KIND":
      return { ...base, kind: "boolean" };
    case "INTEGER_KIND":
      return { ...base, kind: "integer" };
    case "LIST_KIND":
      return { ...base, kind: "list" };
    case "ENUM_KIND": {
      const en = module.enums[arg.type.name ?? ""];
      return { ...base, kind: "enum", enumName: arg.type.name, members: Object.keys(en?.values ?? {}).map(screamingSnake) };
    }
    case "OBJECT_KIND":
      return { ...base, kind: arg.type.name === "Secret" ? "secret" : "object" };
    default:
      return { ...base, kind: "string" };
  }
}

const flagsOf = (args: Record<string, ScannedArg>, module: ScannedModule): Record<string, CliFlag> =>
  Object.fromEntries(Object.entries(args).map(([name, arg]) => [kebab(name), cliFlag(name, arg, module)]));

export function moduleCli(scanned: ScannedModule, name = "cloud-run-pipeline", entry = "CloudRunPipeline"): ModuleCli {
  const objects: ModuleCli["objects"] = {};
  for (const [objectName, raw] of Object.entries(scanned.objects)) {
    const object = raw as unknown as ScannedObjectDetail;
    const functions: Record<string, CliFunction> = {};
    for (const [field, property] of Object.entries(object.properties ?? {})) {
      if (property.isExposed) functions[kebab(field)] = { name: kebab(field), flags: {}, returns: typeName(property.type), isCheck: false };
    }
    for (const [fn, scannedFn] of Object.entries(object.methods)) {
      functions[kebab(fn)] = { name: kebab(fn), flags: flagsOf(scannedFn.arguments as Record<string, ScannedArg>, scanned), returns: typeName(scannedFn.returnType), isCheck: Boolean(scannedFn.isCheck) };
    }
    objects[objectName] = functions;
  }
  const ctor = (scanned.objects[entry] as unknown as ScannedObjectDetail | undefined)?._constructor?.arguments ?? {};
  return { name, entry, constructorFlags: flagsOf(ctor, scanned), objects, checkNames: checkNames(objects, name, entry) };
}

/**
 * `dagger check` names: the entry's own checks as `module:check`, and the checks of an object an
 * argument-free function returns as `module:function:check` (Dagger 0.21 finds them there).
 */
function checkNames(objects: ModuleCli["objects"], name: string, entry: string): string[] {
  const names: string[] = [];
  for (const fn of Object.values(objects[entry] ?? {})) {
    if (fn.isCheck) names.push(`${name}:${fn.name}`);
    const sub = objects[fn.returns];
    if (!sub || Object.values(fn.flags).some((f) => f.required)) continue;
    for (const check of Object.values(sub)) if (check.isCheck) names.push(`${name}:${fn.name}:${check.name}`);
  }
  return names;
}

let cli: Promise<ModuleCli> | undefined;

/** The module's CLI as the real introspector registers it (scanned once per test file). */
export function scannedCli(): Promise<ModuleCli> {
  cli ??= scannedModule().then((m) => moduleCli(m));
  return cli;
}
