/**
 * The Dagger TypeScript SDK's own module runtime (node_modules/@dagger.io/dagger/dist/src/module),
 * driven against the fake Dagger session the way the engine drives it, with no engine:
 *
 * - registration: the SDK's `Register` (entrypoint/register.js) turns the scan into
 *   `dag.module().withObject(typeDef().withObject(...).withFunction(...))...` and asks for the
 *   module's ID. The fake session mints IDs that encode the whole chain, so the ID `Register`
 *   returns is decoded back into the typedefs it registered (`registeredModule`).
 * - invocation: what the SDK's `entrypoint` (entrypoint/entrypoint.js) does for a function call,
 *   minus its process.exit: parse the parent JSON and each input argument's JSON value, `load`
 *   the module's files, then `invoke` with an `Executor`; the result is JSON-encoded as the
 *   entrypoint returns it, an error is its message as the entrypoint returns it (`dag.error(e.message)`).
 *   The arguments are what the engine hands the module for a `dagger call`: the CLI's values
 *   JSON-encoded, enum members by the name the module registered, core objects as IDs, and the
 *   registered defaults of the arguments left out (the engine applies them); a contextual
 *   Directory (defaultPath) is the repository root loaded with the registered ignore list.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { dag } from "@dagger.io/dagger";
import { type ArgValue, decodeId, isObjectRef, type ObjectRef, type Step } from "../support/dagger/chain.js";
import { type ScannedModule, scannedModule, sdkModuleFile } from "../support/introspect.js";
import { REPO_ROOT } from "../module/harness.js";

/** The name the engine knows the module by (dagger.json). */
export const MODULE_NAME = "cloud-run-pipeline";
/** The module's entry object. */
export const ENTRY_OBJECT = "CloudRunPipeline";

// ---------------------------------------------------------------------------------------------
// Registration

/** A registered type as GraphQL spells it: `String!`, `[String!]`, `Secret`, `Format!`, `Void`. */
export type TypeText = string;

export interface RegisteredArg {
  type: TypeText;
  description?: string;
  /** JSON, as registered (`"\"\""`, `"false"`, `"[]"`, `"\"Text\""`). */
  defaultValue?: string;
  defaultPath?: string;
  ignore?: string[];
}

export interface RegisteredFunction {
  returns: TypeText;
  description?: string;
  /** The cache policy as registered: undefined (the engine's default), "Never" or "PerSession". */
  cachePolicy?: string;
  /** With the "Default" policy: how long the engine keeps a result (`@func({ cache: "10m" })`). */
  timeToLive?: string;
  isCheck: boolean;
  /** In registration order (the order `dagger call --help` and the invoker use). */
  args: Array<[string, RegisteredArg]>;
}

export interface RegisteredObject {
  description?: string;
  fields: Record<string, { type: TypeText; description?: string }>;
  functions: Record<string, RegisteredFunction>;
  ctor?: RegisteredFunction;
}

export interface RegisteredEnum {
  description?: string;
  /** By member name: the value the module receives, and its doc. */
  members: Record<string, { value?: string; description?: string }>;
}

export interface RegisteredModule {
  description?: string;
  objects: Record<string, RegisteredObject>;
  enums: Record<string, RegisteredEnum>;
}

const str = (v: ArgValue | undefined): string | undefined => (typeof v === "string" ? v : undefined);

function ref(step: Step, name: string): ObjectRef {
  const v = step.args[name];
  if (!isObjectRef(v)) throw new Error(`${step.field}: argument ${name} is not an object ID (${JSON.stringify(v)})`);
  return v;
}

/** TypeDefKind names as the SDK sends them (`withKind(kind: STRING)`). */
const SCALAR_KINDS: Record<string, string> = { STRING: "String", INTEGER: "Int", BOOLEAN: "Boolean", FLOAT: "Float", VOID: "Void" };

/** A TypeDef chain (typeDef().withKind(..).withOptional(..)...) as GraphQL spells the type. */
export function typeText(def: ObjectRef): TypeText {
  let base: string | undefined;
  let optional = false;
  for (const step of def.chain) {
    switch (step.field) {
      case "typeDef": break;
      case "withKind": {
        const kind = String(step.args["kind"]);
        base = SCALAR_KINDS[kind] ?? `<kind ${kind}>`;
        break;
      }
      case "withScalar": case "withObject": case "withEnum": case "withInterface":
        base = String(step.args["name"]);
        break;
      case "withListOf":
        base = `[${typeText(ref(step, "elementType"))}]`;
        break;
      case "withOptional":
        optional = step.args["optional"] === true;
        break;
      // The constructor returns its object's own typedef, as registered so far.
      case "withFunction": case "withField": case "withConstructor":
        if (def.chain[1]?.field !== "withObject") throw new Error(`${step.field} on a TypeDef that is not an object`);
        break;
      default:
        throw new Error(`unexpected TypeDef step ${step.field} in an argument or return type`);
    }
  }
  if (base === undefined) throw new Error(`a TypeDef without a kind: ${JSON.stringify(def.chain.map((s) => s.field))}`);
  // A Void return is registered optional: `Void`, as `dagger functions` shows it.
  return optional ? base : `${base}!`;
}

function registeredFunction(def: ObjectRef): [string, RegisteredFunction] {
  const [head, ...rest] = def.chain;
  if (head?.field !== "function") throw new Error(`a function chain must start with function(), not ${head?.field}`);
  const fn: RegisteredFunction = { returns: typeText(ref(head, "returnType")), isCheck: false, args: [] };
  for (const step of rest) {
    switch (step.field) {
      case "withDescription": fn.description = str(step.args["description"]); break;
      case "withSourceMap": break;
      case "withCachePolicy":
        fn.cachePolicy = String(step.args["policy"]);
        if (step.args["timeToLive"] !== undefined) fn.timeToLive = String(step.args["timeToLive"]);
        break;
      case "withCheck": fn.isCheck = true; break;
      case "withArg": {
        const arg: RegisteredArg = { type: typeText(ref(step, "typeDef")) };
        const description = str(step.args["description"]);
        if (description !== undefined) arg.description = description;
        const defaultValue = str(step.args["defaultValue"]);
        if (defaultValue !== undefined) arg.defaultValue = defaultValue;
        const defaultPath = str(step.args["defaultPath"]);
        if (defaultPath !== undefined) arg.defaultPath = defaultPath;
        const ignore = step.args["ignore"];
        if (Array.isArray(ignore)) arg.ignore = ignore.map(String);
        fn.args.push([String(step.args["name"]), arg]);
        break;
      }
      default:
        // withDeprecated, withGenerator, withUp...: not used by this module; a test notices them.
        throw new Error(`unexpected Function step ${step.field} for ${String(head.args["name"])}`);
    }
  }
  return [String(head.args["name"]), fn];
}

function registeredObject(def: ObjectRef): [string, RegisteredObject] {
  const [head, declaration, ...rest] = def.chain;
  if (head?.field !== "typeDef" || declaration?.field !== "withObject") throw new Error("an object must be registered as typeDef().withObject(name)");
  const obj: RegisteredObject = { fields: {}, functions: {} };
  const description = str(declaration.args["description"]);
  if (description !== undefined) obj.description = description;
  for (const step of rest) {
    if (step.field === "withFunction") {
      const [name, fn] = registeredFunction(ref(step, "function"));
      obj.functions[name] = fn;
    } else if (step.field === "withField") {
      obj.fields[String(step.args["name"])] = { type: typeText(ref(step, "typeDef")), description: str(step.args["description"]) };
    } else if (step.field === "withConstructor") {
      obj.ctor = registeredFunction(ref(step, "function"))[1];
    } else {
      throw new Error(`unexpected object step ${step.field}`);
    }
  }
  return [String(declaration.args["name"]), obj];
}

function registeredEnum(def: ObjectRef): [string, RegisteredEnum] {
  const [head, declaration, ...rest] = def.chain;
  if (head?.field !== "typeDef" || declaration?.field !== "withEnum") throw new Error("an enum must be registered as typeDef().withEnum(name)");
  const en: RegisteredEnum = { members: {} };
  const description = str(declaration.args["description"]);
  if (description !== undefined) en.description = description;
  for (const step of rest) {
    if (step.field !== "withEnumMember") throw new Error(`unexpected enum step ${step.field}`);
    en.members[String(step.args["name"])] = { value: str(step.args["value"]), description: str(step.args["description"]) };
  }
  return [String(declaration.args["name"]), en];
}

/** What the SDK's `Register` sends the engine for the scanned module, read back from the ID it returns. */
export async function registeredModule(mod?: ScannedModule): Promise<RegisteredModule> {
  const { Register } = (await sdkModuleFile("entrypoint/register.js")) as { Register: new (m: unknown) => { run(): Promise<string> } };
  const id = await new Register(mod ?? (await scannedModule())).run();
  const { $type, chain } = decodeId(id);
  if ($type !== "Module" || chain[0]?.field !== "module") throw new Error(`Register returned a ${$type} made by ${chain[0]?.field}, not a Module`);
  const out: RegisteredModule = { objects: {}, enums: {} };
  for (const step of chain.slice(1)) {
    if (step.field === "withDescription") out.description = str(step.args["description"]);
    else if (step.field === "withObject") {
      const [name, obj] = registeredObject(ref(step, "object"));
      out.objects[name] = obj;
    } else if (step.field === "withEnum") {
      const [name, en] = registeredEnum(ref(step, "enum"));
      out.enums[name] = en;
    } else throw new Error(`unexpected module step ${step.field}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Invocation

/** A function call as the engine hands it to the module: every value JSON-encoded. */
export interface FunctionCall {
  parentName: string;
  /** "" for the constructor. */
  fnName: string;
  /** The parent object's state as JSON ("{}" for the constructor). */
  parent: string;
  inputArgs: Array<{ name: string; value: string }>;
}

/** What the entrypoint sends back: `returnValue(json)` or `returnError(dag.error(message))`. */
export type CallOutcome = { value: string } | { error: string; sdkError: boolean };

const tsFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith(".ts") ? [p] : [];
  });

/** The module's files, as the TypeScript runtime hands them to the entrypoint. */
export const MODULE_FILES = tsFiles(join(REPO_ROOT, "ci/src"));

/**
 * Messages the SDK's own runtime (not the module) fails with: a call that never reached the
 * module's code. A test expecting the module's user error must not accept these.
 */
const SDK_ERRORS = [
  /^could not find (object|method|argument|type|parent property|result property)/,
  /^Enum \w+ does not have member/,
  /^Generated client class not found/,
  /^unsupported type/,
  /^cannot return float/,
  /^(Object|Method) \S+ not found/,
];

let loaded: Promise<unknown[]> | undefined;

/**
 * The SDK's `load` (entrypoint/load.js) is `Promise.all(files.map((f) => import(f)))`. The same
 * imports are made here, one at a time, through vitest's TypeScript transform: plain Node cannot
 * resolve the module's `./x.js` specifiers to .ts files (the Dagger runtime runs it with tsx), and
 * vitest's module runner can deadlock on concurrent imports of files that import each other.
 */
async function loadModuleFiles(): Promise<unknown[]> {
  const modules: unknown[] = [];
  for (const file of MODULE_FILES) modules.push(await import(file));
  return modules;
}

/** The class the module's files export under `name`, as the SDK's Executor finds it (executor.js getExportedObject). */
export async function exportedClass(name: string): Promise<{ prototype: Record<string, unknown> }> {
  loaded ??= loadModuleFiles();
  const found = (await loaded).find((m) => (m as Record<string, unknown>)[name] !== undefined) as Record<string, { prototype: Record<string, unknown> }> | undefined;
  if (!found) throw new Error(`no module file exports ${name}`);
  return found[name]!;
}

/** Runs one call the way the SDK's entrypoint does (entrypoint/entrypoint.js, invocation branch). */
export async function call(c: FunctionCall): Promise<CallOutcome> {
  const [{ Executor }, { invoke }] = (await Promise.all([sdkModuleFile("executor.js"), sdkModuleFile("entrypoint/invoke.js")])) as [
    { Executor: new (modules: unknown[], m: unknown) => unknown },
    { invoke: (e: unknown, m: unknown, ctx: { parentName: string; fnName: string; parentArgs: unknown; fnArgs: Record<string, unknown> }) => Promise<unknown> },
  ];
  const scanResult = await scannedModule();
  const parentJson = JSON.parse(c.parent) as unknown;
  const args: Record<string, unknown> = {};
  for (const arg of c.inputArgs) args[arg.name] = JSON.parse(arg.value);
  loaded ??= loadModuleFiles();
  const executor = new Executor(await loaded, scanResult);
  try {
    const result = await invoke(executor, scanResult, { parentName: c.parentName, fnName: c.fnName, parentArgs: parentJson ?? {}, fnArgs: args });
    return { value: result !== undefined && result !== null ? JSON.stringify(result) : "null" };
  } catch (e) {
    const message = e instanceof Error ? e.message : JSON.stringify(e);
    return { error: message, sdkError: SDK_ERRORS.some((re) => re.test(message)) };
  }
}

/**
 * A value as the CLI types it (`--format=json`, `--tasks=4`, `--args=a,b`), or a core object the
 * test made (a Directory, a Secret), or { id } for an ID the test minted itself.
 */
export type CliValue = string | number | boolean | string[] | { id(): Promise<string> };

/**
 * How Dagger 0.21 exposes a module's enum member on the CLI: in SCREAMING_SNAKE_CASE (BlueGreen ->
 * BLUE_GREEN), matched case-insensitively against what the user typed; the engine then hands the
 * module the member's original (registered) name.
 */
export const screamingSnake = (member: string): string => member.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();

function enumMember(reg: RegisteredModule, enumName: string, typed: string): string {
  const en = reg.enums[enumName];
  if (!en) throw new Error(`the module registers no enum ${enumName}`);
  const member = Object.keys(en.members).find((m) => screamingSnake(m) === typed.toUpperCase());
  if (!member) throw new Error(`--${typed}: not a member of ${enumName} (${Object.keys(en.members).map(screamingSnake).join(", ")})`);
  return member;
}

const baseType = (t: TypeText): string => t.replace(/!$/, "");

/** One argument's value as the engine sends it, JSON-encoded, for its registered type. */
async function encodeArg(reg: RegisteredModule, name: string, arg: RegisteredArg, value: CliValue): Promise<string> {
  const type = baseType(arg.type);
  if (typeof value === "object" && !Array.isArray(value)) return JSON.stringify(await value.id());
  if (reg.enums[type]) return JSON.stringify(enumMember(reg, type, String(value)));
  if (type === "String") return JSON.stringify(String(value));
  if (type === "Boolean") {
    if (typeof value !== "boolean") throw new Error(`--${name} is a Boolean flag; the test gave ${JSON.stringify(value)}`);
    return JSON.stringify(value);
  }
  if (type === "Int") {
    if (typeof value !== "number" || !Number.isInteger(value)) throw new Error(`--${name} is an Int; the test gave ${JSON.stringify(value)}`);
    return JSON.stringify(value);
  }
  if (type === "[String!]") return JSON.stringify(Array.isArray(value) ? value : String(value).split(","));
  throw new Error(`--${name}: the test cannot send a ${arg.type} from ${JSON.stringify(value)}`);
}

/**
 * The input arguments of a call as the engine builds them: the given CLI values, and for every
 * other argument its registered default (or, for a contextual Directory, the repository root
 * loaded with the registered ignore list). An argument the function does not register fails here,
 * as the CLI refuses an unknown flag.
 */
export async function inputArgs(reg: RegisteredModule, fn: RegisteredFunction, given: Record<string, CliValue>, label: string): Promise<FunctionCall["inputArgs"]> {
  const known = new Map(fn.args);
  for (const name of Object.keys(given)) if (!known.has(name)) throw new Error(`${label}: unknown flag --${name} (registered: ${[...known.keys()].join(", ") || "none"})`);
  const out: FunctionCall["inputArgs"] = [];
  for (const [name, arg] of fn.args) {
    const value = given[name];
    if (value !== undefined) out.push({ name, value: await encodeArg(reg, name, arg, value) });
    else if (arg.defaultValue !== undefined) out.push({ name, value: arg.defaultValue });
    else if (arg.defaultPath !== undefined) {
      if (baseType(arg.type) !== "Directory" || arg.defaultPath !== "/") throw new Error(`${label}: --${name}: the test only loads defaultPath "/" as a Directory`);
      const root = dag.host().directory(REPO_ROOT, { exclude: arg.ignore ?? [] });
      out.push({ name, value: JSON.stringify(await root.id()) });
    } else if (arg.type.endsWith("!")) throw new Error(`${label}: required flag --${name} not given`);
  }
  return out;
}
