// The return kind of every field of the Dagger API, read from the SDK's generated client
// (node_modules/@dagger.io/dagger/dist/src/api/client.gen.js), so the fake knows which fields
// yield objects (chainable, get an ID) and which are leaves.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

export type FieldKind =
  | { kind: "object"; type: string } // returns a chainable object (e.g. Container.withExec)
  | { kind: "objectList"; type: string } // returns [Object] selected as `{ id }`
  | { kind: "idOf"; type: string } // async leaf returning the ID of an object (e.g. Container.sync)
  | { kind: "scalar" }; // any other leaf (String, Int, Boolean, [String], enums, IDs)

export type Schema = ReadonlyMap<string, ReadonlyMap<string, FieldKind>>;

/** GraphQL name of the SDK class: the root `Client` is the Query type, `Module_` is `Module`. */
function graphqlTypeName(className: string): string {
  if (className === "Client") return "Query";
  return className.replace(/^_/, "").replace(/_$/, "").replace(/Client$/, "");
}

function classifyMethod(body: string): FieldKind {
  const idOf = /selectNode\(response, "(\w+)"\)/.exec(body);
  if (idOf) return { kind: "idOf", type: idOf[1]! };
  const list = /response\.map\(\(r\) => new (\w+)\(/.exec(body);
  if (list) return { kind: "objectList", type: graphqlTypeName(list[1]!) };
  const obj = /return new (\w+)\(ctx\)/.exec(body);
  if (obj) return { kind: "object", type: graphqlTypeName(obj[1]!) };
  return { kind: "scalar" };
}

export function parseSchema(source: string): Schema {
  const schema = new Map<string, Map<string, FieldKind>>();
  const classRe = /^export class (\w+) extends BaseClient \{$/gm;
  const starts = [...source.matchAll(classRe)];
  starts.forEach((m, i) => {
    const end = i + 1 < starts.length ? starts[i + 1]!.index! : source.length;
    const block = source.slice(m.index!, end);
    const fields = new Map<string, FieldKind>();
    const selectRe = /this\._ctx\.select\("(\w+)"/g;
    const selects = [...block.matchAll(selectRe)];
    selects.forEach((s, j) => {
      const stop = j + 1 < selects.length ? selects[j + 1]!.index! : block.length;
      const body = block.slice(s.index!, stop);
      const methodEnd = body.indexOf("\n    };");
      fields.set(s[1]!, classifyMethod(methodEnd >= 0 ? body.slice(0, methodEnd) : body));
    });
    schema.set(graphqlTypeName(m[1]!), fields);
  });
  return schema;
}

let cached: Schema | undefined;

/** The schema of the installed SDK (parsed once per process). */
export function sdkSchema(): Schema {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const entry = require.resolve("@dagger.io/dagger");
    const file = entry.replace(/index\.js$/, "api/client.gen.js");
    cached = parseSchema(readFileSync(file, "utf8"));
  }
  return cached;
}
