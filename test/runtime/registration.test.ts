/**
 * What the Dagger TypeScript SDK's own `Register` (entrypoint/register.js) registers for the module
 * — the typedefs the engine builds `dagger functions`, `dagger call --help` and `dagger check` from —
 * read back from the fake session and compared with the table in ./table.ts: every object, field,
 * function (return type, cache policy, check flag, description), argument (name, order, type,
 * default, contextual path and ignore list, description) and enum member.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useFakeSession } from "../module/harness.js";
import { type ArgSpec, ENUMS, type FunctionSpec, MODULE } from "./table.js";
import { type RegisteredArg, type RegisteredFunction, type RegisteredModule, registeredModule } from "./runtime.js";

useFakeSession();

let reg: RegisteredModule;

beforeAll(async () => {
  reg = await registeredModule();
}, 60_000);

/** The cache policy as the table spells it. */
function cacheOf(fn: RegisteredFunction): string {
  if (fn.cachePolicy === "Never") return "never";
  if (fn.cachePolicy === "PerSession") return "session";
  if (fn.cachePolicy === "Default" || fn.cachePolicy === undefined) return fn.timeToLive ?? "default";
  return `<unknown policy ${fn.cachePolicy}>`;
}

/** An argument without its description (checked separately, by containment). */
const argShape = (a: RegisteredArg | ArgSpec, isSpec: boolean) => ({
  type: a.type,
  default: isSpec ? ((a as ArgSpec).default === undefined ? undefined : JSON.stringify((a as ArgSpec).default)) : (a as RegisteredArg).defaultValue,
  defaultPath: a.defaultPath,
  ignore: a.ignore,
});

const registeredArgs = (fn: RegisteredFunction) => fn.args.map(([name, a]) => [name, argShape(a, false)]);
const expectedArgs = (args: Record<string, ArgSpec>) => Object.entries(args).map(([name, a]) => [name, argShape(a, true)]);

function expectDocs(label: string, registered: Array<[string, RegisteredArg]>, args: Record<string, ArgSpec>): void {
  for (const [name, a] of registered) {
    const spec = args[name];
    expect({ arg: `${label} --${name}`, description: a.description?.includes(spec?.doc ?? "<no table entry>") }).toEqual({ arg: `${label} --${name}`, description: true });
  }
}

describe("registration through the SDK's Register", () => {
  it("registers exactly the objects of the table", () => {
    expect(Object.keys(reg.objects).sort()).toEqual(Object.keys(MODULE).sort());
  });

  it("registers exactly the enums of the table, member name -> value, every member documented", () => {
    const registered = Object.fromEntries(Object.entries(reg.enums).map(([name, e]) => [name, Object.fromEntries(Object.entries(e.members).map(([m, v]) => [m, v.value]))]));
    expect(registered).toEqual(Object.fromEntries(Object.entries(ENUMS).map(([name, e]) => [name, e.members])));
    for (const [name, e] of Object.entries(ENUMS)) {
      expect({ name, doc: reg.enums[name]?.description?.includes(e.doc) }).toEqual({ name, doc: true });
      for (const [member, m] of Object.entries(reg.enums[name]!.members)) expect({ name, member, documented: Boolean(m.description) }).toEqual({ name, member, documented: true });
    }
  });

  for (const [objectName, object] of Object.entries(MODULE)) {
    describe(objectName, () => {
      it("registers the fields `dagger call` reads from its state, typed and documented", () => {
        const fields = reg.objects[objectName]!.fields;
        expect(Object.fromEntries(Object.entries(fields).map(([n, f]) => [n, f.type]))).toEqual(Object.fromEntries(Object.entries(object.fields).map(([n, f]) => [n, f.type])));
        for (const [name, f] of Object.entries(object.fields)) expect({ name, doc: fields[name]?.description?.includes(f.doc) }).toEqual({ name, doc: true });
      });

      it("registers exactly the functions of the table", () => {
        expect(Object.keys(reg.objects[objectName]!.functions).sort()).toEqual(Object.keys(object.functions).sort());
      });

      if (object.ctor) {
        const ctor = object.ctor;
        it("registers the constructor's flags: names, order, types, defaults, the contextual --source and its ignore list", () => {
          const registered = reg.objects[objectName]!.ctor;
          expect(registered?.returns).toBe(`${objectName}!`);
          expect(registeredArgs(registered!)).toEqual(expectedArgs(ctor.args));
          expectDocs(`${objectName} constructor`, registered!.args, ctor.args);
        });
      }

      for (const [fnName, fn] of Object.entries(object.functions) as Array<[string, FunctionSpec]>) {
        it(`registers ${fnName}: return type, cache policy, check flag, description and arguments`, () => {
          const registered = reg.objects[objectName]!.functions[fnName];
          expect(registered, `${objectName}.${fnName} is not registered`).toBeDefined();
          expect({ returns: registered!.returns, cache: cacheOf(registered!), check: registered!.isCheck, args: registeredArgs(registered!) }).toEqual({
            returns: fn.returns, cache: fn.cache, check: fn.check ?? false, args: expectedArgs(fn.args),
          });
          expect(registered!.description).toContain(fn.doc);
          expectDocs(`${objectName}.${fnName}`, registered!.args, fn.args);
        });
      }
    });
  }
});
