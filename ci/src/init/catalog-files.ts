/**
 * Every file init writes into the catalog folder, checked with the real catalog parser before it is
 * returned: a starting catalog that does not parse would be a bug in init, not the user's mistake.
 */
import { CatalogError } from "../catalog/errors.js";
import { renderCatalogJsonSchema } from "../catalog/json-schema.js";
import { parseCatalog } from "../catalog/parse.js";
import type { InitPlan } from "./plan.js";
import { renderBuildable, renderProject, renderSite } from "./render.js";
import { renderInitReport } from "./report.js";

export interface InitFile {
  /** Relative to the catalog folder. */
  file: string;
  text: string;
}

/** The report beside the catalog, and the JSON Schema its first lines point editors at. */
export const INIT_REPORT = "INIT.md";
export const SCHEMA_FILE = "schema.json";

export function initCatalogFiles(plan: InitPlan, catalogDir: string): InitFile[] {
  const rendered = [renderProject(), ...plan.buildables.map(renderBuildable), ...plan.sites.map(renderSite)];
  const prefix = catalogDir === "." ? "" : `${catalogDir}/`;
  try {
    parseCatalog(rendered.map((r) => ({ path: `${prefix}${r.file}`, text: r.text })), catalogDir);
  } catch (err) {
    const why = err instanceof CatalogError ? err.message : String(err);
    throw new Error(`init wrote a catalog the parser rejects (a bug in init; please report it with the repository's Dockerfile paths):\n${why}`);
  }
  return [
    ...rendered.map(({ file, text }) => ({ file, text })),
    { file: SCHEMA_FILE, text: renderCatalogJsonSchema() },
    { file: INIT_REPORT, text: renderInitReport(plan, catalogDir, rendered.flatMap((r) => r.placeholders)) },
  ];
}
