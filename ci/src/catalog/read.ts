/**
 * Reads the catalog from the repository Directory at call time (the catalog is data, not code).
 * Only `project.yaml` and the files directly inside `services/`, `jobs/` and `sites/` of the
 * catalog folder are catalog files: any other YAML there (a dlt schema, a Kubernetes manifest, a
 * pipeline's own config) belongs to another tool and is never read.
 */
import type { Directory } from "@dagger.io/dagger";
import { CatalogError } from "./errors.js";
import { type Catalog, type CatalogFile, parseCatalog } from "./parse.js";
import { CATALOG_YAML_LIMITS } from "./yaml-load.js";
import { folderOf } from "../source/folder.js";

/** The catalog folder when the user names none (`--catalog=deploy/catalog` sets another). */
export const DEFAULT_CATALOG_DIR = "pipelines";

/** Where catalog files may sit, relative to the catalog folder. */
export const CATALOG_PATTERNS = ["project.yaml", "project.yml", ...["services", "jobs", "sites"].flatMap((folder) => [`${folder}/*.yaml`, `${folder}/*.yml`])];

/** The catalog folder as given: trailing slashes and a leading "./" dropped. */
export function normalizeCatalogDir(dir: string): string {
  const trimmed = dir.trim().replace(/^\.\/+/, "").replace(/\/+$/, "");
  return trimmed === "" ? "." : trimmed;
}

export async function readCatalogFiles(source: Directory, dir = DEFAULT_CATALOG_DIR): Promise<CatalogFile[]> {
  const folder = normalizeCatalogDir(dir);
  const root = folderOf(source, folder);
  let names: string[];
  try {
    // Dagger's glob (moby/patternmatcher) has no {a,b} alternation, and "*" never crosses "/": one
    // glob per place a catalog file may be, so YAML deeper down is never even listed.
    names = (await Promise.all(CATALOG_PATTERNS.map((pattern) => root.glob(pattern)))).flat();
  } catch {
    throw new CatalogError([
      {
        file: `${folder}/`,
        field: "",
        message: `the catalog folder is not in --source; pass the repository root (--source=.) and, when the catalog is not in ${DEFAULT_CATALOG_DIR}/, its folder (--catalog=deploy/catalog); \`dagger call --source=. init export --path=.\` writes a starting catalog`,
      },
    ]);
  }
  const prefix = folder === "." ? "" : `${folder}/`;
  return Promise.all(
    [...new Set(names)].sort().map(async (name): Promise<CatalogFile> => {
      const file = root.file(name);
      // A file too large to be a catalog file is measured, not read: parseCatalog reports its size.
      const bytes = await file.size();
      if (bytes > CATALOG_YAML_LIMITS.maxBytes) return { path: `${prefix}${name}`, text: "", bytes };
      return { path: `${prefix}${name}`, text: await file.contents() };
    }),
  );
}

export async function loadCatalog(source: Directory, dir = DEFAULT_CATALOG_DIR): Promise<Catalog> {
  return parseCatalog(await readCatalogFiles(source, dir), normalizeCatalogDir(dir));
}
