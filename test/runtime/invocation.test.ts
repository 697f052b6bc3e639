/**
 * Every function of the module called through the Dagger TypeScript SDK's own invoker
 * (entrypoint/invoke.js with the Executor), the way `dagger call` reaches it: the constructor with
 * the flags before the function (its state becomes the parent, as the engine stores it), then, for
 * a sub-object, the entry function returning it, then the function with the CLI's values
 * JSON-encoded, enum members by their registered names, Secrets and Directories as IDs the fake
 * session minted, and the registered defaults of the flags left out. Each call asserts the JS
 * values the method received and what came back: a report, an object ID, a module object's state,
 * or the module's user-facing error. Release functions are called with credentials they reject
 * before any call to Google (the module's clients cannot be pointed at the local fakes from the
 * CLI), or with a target the catalog does not have.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { dag } from "@dagger.io/dagger";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeId } from "../support/dagger/chain.js";
import { scannedModule } from "../support/introspect.js";
import { mkdocsWritesSite, REPO_ROOT, useFakeSession } from "../module/harness.js";
import { type CallSpec, DEFAULT_CONSTRUCTOR, MODULE, type Outcome, type TableValue } from "./table.js";
import {
  call, type CallOutcome, type CliValue, ENTRY_OBJECT, exportedClass, inputArgs, type RegisteredFunction, type RegisteredModule, registeredModule,
} from "./runtime.js";

const session = useFakeSession(mkdocsWritesSite);

let reg: RegisteredModule;

beforeAll(async () => {
  reg = await registeredModule();
}, 60_000);

/** The ignore list the module registers for its constructor's flag `name` (the CLI applies it to a host folder). */
const ignoreOf = (name: string): string[] => reg.objects[ENTRY_OBJECT]?.ctor?.args.find(([n]) => n === name)?.[1].ignore ?? [];

/** A table value as the test hands it to the CLI: placeholders become objects of the fake session. */
function cliValue(value: TableValue, argName: string): CliValue {
  if (typeof value !== "object" || Array.isArray(value)) return value;
  if ("$secret" in value) return dag.setSecret(`secret-${createHash("sha256").update(value.$secret).digest("hex").slice(0, 12)}`, value.$secret);
  if ("$directory" in value) return dag.host().directory(join(REPO_ROOT, value.$directory), { exclude: ignoreOf(argName) });
  return dag.host().directory(REPO_ROOT, { exclude: ignoreOf(value.$contextual) });
}

/** A table value as it must arrive (objects as their IDs), to compare with what the method received. */
async function expected(value: unknown, argName: string): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map((v) => expected(v, argName)));
  if (value !== null && typeof value === "object") return (cliValue(value as TableValue, argName) as { id(): Promise<string> }).id();
  return value;
}

/** What the method received, objects as their IDs. */
async function received(value: unknown): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map(received));
  if (value !== null && typeof value === "object" && typeof (value as { id?: unknown }).id === "function") return (value as { id(): Promise<string> }).id();
  return value;
}

async function cliArgs(fn: RegisteredFunction, given: Record<string, TableValue>, label: string) {
  return inputArgs(reg, fn, Object.fromEntries(Object.entries(given).map(([k, v]) => [k, cliValue(v, k)])), label);
}

/** Calls the entry object's constructor with `flags`; its state, as JSON. */
async function construct(flags: Record<string, TableValue>): Promise<string> {
  const outcome = await call({ parentName: ENTRY_OBJECT, fnName: "", parent: "{}", inputArgs: await cliArgs(reg.objects[ENTRY_OBJECT]!.ctor!, flags, "constructor") });
  if (!("value" in outcome)) throw new Error(`the constructor failed: ${outcome.error}`);
  return outcome.value;
}

/** The parent state of a call of `objectName`: the constructor's, then the entry function that returns the object. */
async function parentOf(objectName: string, spec: CallSpec): Promise<string> {
  const entryState = await construct({ ...DEFAULT_CONSTRUCTOR, ...spec.ctor });
  const reachedBy = MODULE[objectName]!.reachedBy;
  if (objectName === ENTRY_OBJECT) return entryState;
  if (!reachedBy) throw new Error(`${objectName} has no reachedBy in the table`);
  const outcome = await call({ parentName: ENTRY_OBJECT, fnName: reachedBy, parent: entryState, inputArgs: [] });
  if (!("value" in outcome)) throw new Error(`${reachedBy} failed: ${outcome.error}`);
  return outcome.value;
}

/** Calls `objectName.fnName` through the invoker, recording the arguments the real method is called with. */
async function invokeRecording(objectName: string, fnName: string, parent: string, spec: CallSpec): Promise<{ outcome: CallOutcome; calls: unknown[][] }> {
  const args = await cliArgs(reg.objects[objectName]!.functions[fnName]!, spec.cli, `${objectName}.${fnName}`);
  const proto = (await exportedClass(objectName)).prototype;
  const original = proto[fnName] as (...a: unknown[]) => unknown;
  const calls: unknown[][] = [];
  proto[fnName] = function (this: unknown, ...a: unknown[]) {
    calls.push(a);
    return original.apply(this, a);
  };
  try {
    return { outcome: await call({ parentName: objectName, fnName, parent, inputArgs: args }), calls };
  } finally {
    proto[fnName] = original;
  }
}

async function expectOutcome(outcome: CallOutcome, want: Outcome): Promise<void> {
  if ("error" in want) {
    expect(outcome).toEqual({ error: want.error, sdkError: false });
    return;
  }
  if ("error" in outcome) throw new Error(`expected a result, got the error: ${outcome.error}`);
  const value = JSON.parse(outcome.value) as unknown;
  if ("text" in want) {
    expect(typeof value).toBe("string");
    for (const part of want.text) expect(value).toContain(part);
  } else if ("directory" in want) {
    expect(decodeId(String(value)).$type).toBe("Directory");
    const files = await session().visibleFiles(String(value));
    for (const file of want.directory) expect(files).toContain(file);
  } else if ("object" in want) {
    const { $type, chain } = decodeId(String(value));
    expect({ type: $type, madeBy: chain[chain.length - 1]?.field }).toEqual({ type: want.object, madeBy: want.madeBy });
  } else {
    const state = Object.fromEntries(await Promise.all(Object.entries(want.state).map(async ([k, v]) => [k, await expected(v, k)] as const)));
    expect(value).toEqual(state);
  }
}

describe("invocation through the SDK's invoker", () => {
  it("has an invocation case for every function the SDK scans, and for the entry object's constructor", async () => {
    const scanned = await scannedModule();
    const missing: string[] = [];
    for (const [objectName, object] of Object.entries(scanned.objects)) {
      for (const fnName of Object.keys(object.methods)) if (!MODULE[objectName]?.functions[fnName]?.calls.length) missing.push(`${objectName}.${fnName}`);
      if (objectName !== ENTRY_OBJECT && !MODULE[objectName]?.reachedBy) missing.push(`${objectName} (how dagger call reaches it)`);
    }
    if (!MODULE[ENTRY_OBJECT]?.ctor?.calls.length) missing.push(`${ENTRY_OBJECT} constructor`);
    expect(missing).toEqual([]);
  });

  describe(`${ENTRY_OBJECT} constructor`, () => {
    for (const spec of MODULE[ENTRY_OBJECT]!.ctor!.calls) {
      it(spec.name, async () => {
        const outcome = await call({ parentName: ENTRY_OBJECT, fnName: "", parent: "{}", inputArgs: await cliArgs(reg.objects[ENTRY_OBJECT]!.ctor!, spec.cli, "constructor") });
        await expectOutcome(outcome, spec.outcome);
      });
    }
  });

  for (const [objectName, object] of Object.entries(MODULE)) {
    for (const [fnName, fn] of Object.entries(object.functions)) {
      describe(`${objectName}.${fnName}`, () => {
        for (const spec of fn.calls) {
          it(spec.name, async () => {
            const parent = await parentOf(objectName, spec);
            const { outcome, calls } = await invokeRecording(objectName, fnName, parent, spec);
            await expectOutcome(outcome, spec.outcome);
            expect(calls).toHaveLength(1);
            const names = reg.objects[objectName]!.functions[fnName]!.args.map(([name]) => name);
            const want = await Promise.all((spec.receives ?? []).map((v, i) => expected(v, names[i] ?? "")));
            expect(await received(calls[0])).toEqual(want);
          });
        }
      });
    }
  }
});
