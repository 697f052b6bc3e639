/**
 * The JSON Schema editors use for pipelines/*.yaml, generated from the zod schema.
 */
import { z } from "zod";
import { CatalogDocument } from "./schema.js";

export function catalogJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(CatalogDocument, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: "https://github.com/cloud-run-pipeline/cloud-run-pipeline/pipelines/schema.json",
    title: "cloud-run-pipeline catalog file",
    description: "One file of the catalog: kind project, service, job or site. Generated from ci/src/catalog/schema.ts by `npm run schema`; do not edit.",
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== "$schema")),
  };
}

export const renderCatalogJsonSchema = (): string => `${JSON.stringify(catalogJsonSchema(), null, 2)}\n`;
