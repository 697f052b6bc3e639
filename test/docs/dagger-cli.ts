/**
 * Checks one documented `dagger call` / `dagger check` command against the module's CLI
 * (module-cli.ts) the way Dagger 0.21's CLI reads it:
 *
 *   dagger [ROOT FLAGS] call [CALL FLAGS] [CONSTRUCTOR FLAGS] FUNCTION [FLAGS] [FUNCTION [FLAGS]]...
 *   dagger call [CALL FLAGS] cloud-run-pipeline [CONSTRUCTOR FLAGS] FUNCTION ...   (as a toolchain)
 *   dagger [ROOT FLAGS] check [-l] [PATTERN...]
 *
 * Each FUNCTION is looked up on what the previous one returned: the module's objects (`checks
 * lint`), or the core types' functions in core-api.ts (`export --path=.` after a Directory); a
 * function returning a String or Void ends the chain. Flags: `--name=value` or `--name value`
 * (booleans take no separate value); enum values must be members as the CLI spells them (matched
 * case-insensitively); Secret values a provider URI (env://, file://, cmd://...). Commands with a
 * placeholder where the function goes (`dagger call ...`, `<function>`) and commands for another
 * module (`-m github.com/other/module`) are not checked.
 *
 * Root and call flags: the CLI reference of Dagger 0.21 (docs/current_docs/reference/cli/index.mdx
 * at dagger/dagger tag v0.21.8, sections "dagger" and "dagger call"); check flags:
 * cmd/dagger/checks.go at the same tag.
 */
import { CORE_FUNCTIONS, type CoreFunction, isCoreType } from "./core-api.js";
import type { CliFlag, CliFunction, ModuleCli } from "./module-cli.js";

/** Flag -> whether it takes a value. Short forms included. */
const ROOT_FLAGS: Record<string, boolean> = {
  "--allow-llm": true, "-y": false, "--auto-apply": false, "-c": true, "--command": true, "-d": false, "--debug": false,
  "--eager-runtime": false, "-i": false, "--interactive": false, "--interactive-command": true, "--lock": true,
  "-m": true, "--mod": true, "--model": true, "-E": false, "--no-exit": false, "-M": false, "--no-mod": false,
  "--progress": true, "-q": false, "--quiet": false, "-s": false, "--silent": false, "-v": false, "--verbose": false,
  "-w": false, "--web": false, "--x-release": true, "-h": false, "--help": false,
};
const CALL_FLAGS: Record<string, boolean> = { ...ROOT_FLAGS, "-j": false, "--json": false, "-o": true, "--output": true };
const CHECK_FLAGS: Record<string, boolean> = { ...ROOT_FLAGS, "-l": false, "--list": false, "--failfast": false, "--no-generate": false, "--generate": false };

export interface CommandResult {
  /** "skipped" says why it was not checked (a placeholder, another module, another verb). */
  status: "checked" | "skipped";
  why?: string;
  problems: string[];
}

export interface CheckOptions {
  /** Report required flags left out (for commands meant to be run as written: code blocks). */
  requireFlags?: boolean;
}

const isPlaceholder = (word: string): boolean => word === "..." || word.includes("<") || /^[A-Z_]+$/.test(word);
const isFlag = (word: string): boolean => word.startsWith("-") && word !== "-" && word !== "--";
const splitFlag = (word: string): { name: string; value?: string } => {
  const eq = word.indexOf("=");
  return eq < 0 ? { name: word } : { name: word.slice(0, eq), value: word.slice(eq + 1) };
};
/** A value the shell fills in (a variable, a command substitution, a GitHub expression) or a placeholder: not checkable. */
const isDynamic = (value: string): boolean => /\$|<|\.\.\./.test(value);

class Reader {
  i = 0;
  constructor(readonly words: string[]) {}
  get word(): string | undefined {
    return this.words[this.i];
  }
  next(): string | undefined {
    return this.words[this.i++];
  }
}

/** Root/call/check flags at the reader; unknown ones are problems. Returns the -m value, if any. */
function generalFlags(r: Reader, known: Record<string, boolean>, problems: string[], where: string, stopAt?: (flag: string) => boolean): string | undefined {
  let module: string | undefined;
  while (r.word && isFlag(r.word)) {
    const { name, value } = splitFlag(r.word);
    if (!(name in known)) {
      if (stopAt?.(name)) return module;
      problems.push(`${where} has no flag ${name}`);
      r.next();
      continue;
    }
    r.next();
    const v = known[name] && value === undefined ? r.next() : value;
    if (name === "-m" || name === "--mod") module = v;
  }
  return module;
}

/** Reads the flags after a function (or the constructor) and checks them against `flags`. */
function functionFlags(r: Reader, label: string, flags: Record<string, CliFlag>, problems: string[], options: CheckOptions, hint?: (flag: string) => string | undefined): void {
  const given = new Set<string>();
  while (r.word && isFlag(r.word)) {
    const { name, value } = splitFlag(r.next()!);
    if (name === "--help" || name === "-h") return;
    const flag = flags[name.replace(/^--/, "")];
    if (!name.startsWith("--") || !flag) {
      const known = Object.keys(flags).map((f) => `--${f}`).join(", ") || "none";
      problems.push(`${label} has no flag ${name} (its flags: ${known})${hint?.(name) ?? ""}`);
      if (value === undefined && r.word && !isFlag(r.word) && !/^[a-z][a-z-]*$/.test(r.word)) r.next();
      continue;
    }
    given.add(flag.flag);
    const v = flag.kind === "boolean" ? (value ?? "true") : (value ?? r.next());
    if (v === undefined) {
      problems.push(`${label} --${flag.flag} needs a value`);
      continue;
    }
    if (isDynamic(v)) continue;
    const bad = badValue(flag, v);
    if (bad) problems.push(`${label} --${flag.flag}=${v}: ${bad}`);
  }
  if (options.requireFlags) {
    for (const f of Object.values(flags)) if (f.required && !given.has(f.flag)) problems.push(`${label} needs --${f.flag} (a required flag)`);
  }
}

function badValue(flag: CliFlag, value: string): string | undefined {
  switch (flag.kind) {
    case "boolean":
      return /^(true|false)$/i.test(value) ? undefined : "a boolean flag takes true or false";
    case "integer":
      return /^-?\d+$/.test(value) ? undefined : "not an integer";
    case "secret":
      return /^[a-z][a-z0-9+.-]*:\/\//.test(value) ? undefined : "a Secret flag takes a provider URI (env://NAME, file://PATH, cmd://COMMAND)";
    case "enum":
      return flag.members?.includes(value.toUpperCase()) ? undefined : `not a member of ${flag.enumName} (the CLI takes ${flag.members?.join(", ")}, in any case)`;
    default:
      return undefined;
  }
}

/** A function of the module object or core type `on`, or undefined. */
function lookup(cli: ModuleCli, on: string, name: string): CliFunction | (CoreFunction & { core: true }) | undefined {
  const own = cli.objects[on]?.[name];
  if (own) return own;
  if (isCoreType(on)) {
    const core = CORE_FUNCTIONS[on][name];
    if (core) return { ...core, core: true };
  }
  return undefined;
}

const coreFlags = (fn: CoreFunction): Record<string, CliFlag> => ({
  ...Object.fromEntries(fn.required.map((f) => [f, { flag: f, kind: "string", required: true }])),
  ...Object.fromEntries(Object.entries(fn.optional).map(([f, kind]) => [f, { flag: f, kind: kind === "boolean" ? "boolean" : "string", required: false }])),
});

function functionsOn(cli: ModuleCli, on: string): string[] {
  return [...Object.keys(cli.objects[on] ?? {}), ...(isCoreType(on) ? Object.keys(CORE_FUNCTIONS[on]).map((f) => `${f} (core)`) : [])];
}

function checkCall(cli: ModuleCli, r: Reader, module: string | undefined, problems: string[], options: CheckOptions): CommandResult {
  const ctor = cli.constructorFlags;
  const isCtorFlag = (flag: string) => flag.replace(/^--/, "") in ctor;
  const callModule = generalFlags(r, CALL_FLAGS, problems, "dagger call", isCtorFlag) ?? module;
  if (callModule && !callModule.includes(cli.name) && callModule !== ".") return { status: "skipped", why: `-m ${callModule} is another module`, problems: [] };
  const ctorFlags = r.i;
  functionFlags(r, "the constructor", ctor, problems, {});
  const first = r.word;
  if (first === undefined) return { status: "skipped", why: "no function named", problems: [] };
  if (isPlaceholder(first)) return { status: "skipped", why: `a placeholder (${first}) where the function goes`, problems: [] };
  if (first === cli.name && !callModule) {
    if (r.i > ctorFlags) problems.push(`constructor flags go after the toolchain name ${cli.name}, not before it`);
    r.next();
    functionFlags(r, "the constructor", ctor, problems, {});
  }
  let on = cli.entry;
  let chain = "";
  let after: string | undefined;
  while (r.word !== undefined) {
    const name = r.next()!;
    if (isPlaceholder(name)) return { status: "skipped", why: `a placeholder (${name}) where a function goes`, problems };
    if (after) {
      problems.push(`${chain} returns ${after}: nothing can be chained after it (got ${name})`);
      return { status: "checked", problems };
    }
    const fn = lookup(cli, on, name);
    if (!fn) {
      const also = on === cli.entry && name === cli.name && callModule ? ` (with -m the module is loaded directly: drop ${cli.name})` : "";
      problems.push(`${on} has no function ${name}${also} (functions: ${functionsOn(cli, on).join(", ")})`);
      return { status: "checked", problems };
    }
    chain = chain ? `${chain} ${name}` : name;
    const isCore = "core" in fn;
    const hint = on === cli.entry && !isCore ? (flag: string) => (isCtorFlag(flag) ? `; ${flag} is a constructor flag: put it after \`call\`, before ${name}` : undefined) : undefined;
    functionFlags(r, isCore ? `${on}.${name} (core)` : name, isCore ? coreFlags(fn) : fn.flags, problems, options, hint);
    if (cli.objects[fn.returns] || isCoreType(fn.returns)) on = fn.returns;
    else after = fn.returns;
  }
  return { status: "checked", problems };
}

/** A `dagger check` pattern: a check's name, a `:`-prefix of one (all its checks), or a glob matching one. */
function checkPattern(cli: ModuleCli, pattern: string): string | undefined {
  const glob = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*\*/g, "\u0000").replace(/\*/g, "[^:]*").replace(/\u0000/g, ".*")}$`);
  const matches = cli.checkNames.some((name) => name === pattern || name.startsWith(`${pattern}:`) || glob.test(name));
  return matches ? undefined : `dagger check ${pattern} matches no check (the checks: ${cli.checkNames.join(", ")})`;
}

export function checkCommand(cli: ModuleCli, words: string[], options: CheckOptions = {}): CommandResult {
  const problems: string[] = [];
  const r = new Reader(words.slice(1));
  const module = generalFlags(r, ROOT_FLAGS, problems, "dagger");
  const verb = r.next();
  if (verb === "call") return checkCall(cli, r, module, problems, options);
  if (verb !== "check") return { status: "skipped", why: `dagger ${verb ?? ""} is not call or check`, problems: [] };
  if (module && !module.includes(cli.name) && module !== ".") return { status: "skipped", why: `-m ${module} is another module`, problems: [] };
  while (r.word !== undefined) {
    if (isFlag(r.word)) generalFlags(r, CHECK_FLAGS, problems, "dagger check");
    else {
      const pattern = r.next()!;
      if (isPlaceholder(pattern)) continue;
      const bad = checkPattern(cli, pattern);
      if (bad) problems.push(bad);
    }
  }
  return { status: "checked", problems };
}
