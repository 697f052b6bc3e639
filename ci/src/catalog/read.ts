/**
 * Reads the catalog from the repository Directory at call time (the catalog is data, not code).
 */
import type { Directory } from "@dagger.io/dagger";
import { CatalogError } from "./errors.js";
import { type Catalog, type CatalogFile, parseCatalog } from "./parse.js";

export const CATALOG_DIR = "pipelines";

export async function readCatalogFiles(source: Directory): Promise<CatalogFile[]> {
  const root = source.directory(CATALOG_DIR);
  let names: string[];
  try {
    // Dagger's glob (moby/patternmatcher) has no {a,b} alternation: one glob per extension.
    names = (await Promise.all(["**/*.yaml", "**/*.yml"].map((pattern) => root.glob(pattern)))).flat();
  } catch {
    throw new CatalogError([
      { file: `${CATALOG_DIR}/`, field: "", message: "not found in --source; pass the repository root (e.g. --source=.) that holds pipelines/project.yaml" },
    ]);
  }
  return Promise.all(
    names.sort().map(async (name) => ({ path: `${CATALOG_DIR}/${name}`, text: await root.file(name).contents() })),
  );
}

export async function loadCatalog(source: Directory): Promise<Catalog> {
  return parseCatalog(await readCatalogFiles(source));
}
