/**
 * pipelines/schema.json: generated from the zod schema, never drifting from it, and usable by
 * editors as a JSON Schema that tells the four kinds apart by `kind`.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { catalogJsonSchema, renderCatalogJsonSchema } from "../../ci/src/catalog/json-schema.js";

const schemaFile = join(resolve(import.meta.dirname, "..", ".."), "pipelines", "schema.json");

type Json = Record<string, unknown>;

/** Every subschema object in the document, depth first. */
function* subschemas(node: unknown): Generator<Json> {
  if (Array.isArray(node)) for (const item of node) yield* subschemas(item);
  else if (node && typeof node === "object") {
    yield node as Json;
    for (const value of Object.values(node)) yield* subschemas(value);
  }
}

describe("pipelines/schema.json", () => {
  it("equals renderCatalogJsonSchema() (run `npm run schema` after changing schema.ts)", () => {
    expect(readFileSync(schemaFile, "utf8")).toBe(renderCatalogJsonSchema());
  });

  it("declares JSON Schema draft 2020-12 with an $id and a title", () => {
    const schema = JSON.parse(readFileSync(schemaFile, "utf8")) as Json;
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toMatch(/schema\.json$/);
    expect(schema.title).toBe("cloud-run-pipeline catalog file");
  });

  it("offers one alternative per kind, each requiring its constant `kind`", () => {
    const alternatives = (catalogJsonSchema().oneOf ?? catalogJsonSchema().anyOf) as Json[];
    const kinds = alternatives.map((alt) => ((alt.properties as Json).kind as Json).const);
    expect(kinds).toEqual(["project", "service", "job", "site"]);
    for (const alt of alternatives) expect(alt.required).toContain("kind");
  });

  it("rejects unknown fields in every object, as the parser does", () => {
    const alternatives = catalogJsonSchema().oneOf as Json[];
    for (const alt of alternatives) expect(alt.additionalProperties).toBe(false);
  });

  it("uses only regular expressions that compile as ECMA-262 with the u flag", () => {
    const patterns = [...subschemas(catalogJsonSchema())].map((s) => s.pattern).filter((p): p is string => typeof p === "string");
    expect(patterns.length).toBeGreaterThan(20);
    for (const pattern of patterns) expect(() => new RegExp(pattern, "u")).not.toThrow();
  });

  it("uses only JSON Schema types", () => {
    const types = new Set(["object", "array", "string", "number", "integer", "boolean", "null"]);
    for (const node of subschemas(catalogJsonSchema())) {
      if (typeof node.type === "string") expect(types).toContain(node.type);
    }
  });

  it("requires build and run.public for services", () => {
    const service = (catalogJsonSchema().oneOf as Json[])[1]!;
    expect(service.required).toEqual(expect.arrayContaining(["kind", "name", "build", "run"]));
    const run = (service.properties as Json).run as Json;
    expect(run.required).toContain("public");
  });
});
