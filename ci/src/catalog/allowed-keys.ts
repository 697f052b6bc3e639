/**
 * Finds the fields allowed at a path of a document schema, so "unknown field" errors can list them.
 * Reads zod's public `_zod.def` structure (object shape, array element, record value, wrappers).
 */
import type { z } from "zod";

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const wrappers = new Set(["optional", "default", "nullable", "prefault", "pipe"]);

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let def = defOf(current); wrappers.has(def.type); def = defOf(current)) {
    const inner = def.innerType ?? def.in;
    if (!inner) break;
    current = inner;
  }
  return current;
}

function child(schema: z.ZodType, key: PropertyKey): z.ZodType | undefined {
  const def = defOf(unwrap(schema));
  if (def.type === "object") return def.shape?.[String(key)];
  if (def.type === "array") return def.element;
  if (def.type === "record") return def.valueType;
  return undefined;
}

/** The schema of the field at `path` (through objects, arrays, records and their wrappers), if there is one. */
export function schemaAt(root: z.ZodType, path: ReadonlyArray<PropertyKey>): z.ZodType | undefined {
  let schema: z.ZodType | undefined = root;
  for (const key of path) {
    if (!schema) return undefined;
    schema = child(schema, key);
  }
  return schema;
}

/** Keys of the object schema found at `path` inside the document schema `root`. */
export function allowedKeysAt(root: z.ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  const schema = schemaAt(root, path);
  if (!schema) return [];
  const def = defOf(unwrap(schema));
  return def.type === "object" && def.shape ? Object.keys(def.shape).filter((k) => k !== "$schema") : [];
}
