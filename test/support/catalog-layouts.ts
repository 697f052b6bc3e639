/**
 * Catalogs of several shapes read from disk (the bundled pipelines/ and the fixture repositories'
 * catalogs), as the parser receives them, with helpers that edit one document before parsing.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse, stringify } from "yaml";
import type { CatalogFile } from "../../ci/src/catalog/parse.js";

export const REPO_ROOT = resolve(import.meta.dirname, "../..");
const FIXTURES = join(REPO_ROOT, "test/fixtures/repos");

export interface CatalogLayout {
  /** What the layout is, for test names. */
  name: string;
  /** The repository root on disk. */
  root: string;
  /** The catalog folder, relative to the root. */
  dir: string;
}

/** The bundled example and fixture repositories of other shapes (a root service schedule, a job, a non-default catalog folder). */
export const LAYOUTS = {
  bundled: { name: "the bundled pipelines/ (dataface)", root: REPO_ROOT, dir: "pipelines" },
  pipFlask: { name: "pip-flask (service with a schedule)", root: join(FIXTURES, "pip-flask"), dir: "pipelines" },
  dltPipelines: { name: "dlt-pipelines (scheduled job)", root: join(FIXTURES, "dlt-pipelines"), dir: "pipelines" },
  pdmService: { name: "pdm-service (catalog in deploy/catalog)", root: join(FIXTURES, "pdm-service"), dir: "deploy/catalog" },
  rootMkdocs: { name: "root-mkdocs (a site at the repository root)", root: join(FIXTURES, "root-mkdocs"), dir: "pipelines" },
} as const satisfies Record<string, CatalogLayout>;

/** The catalog files of a layout: project.yaml and the YAML directly inside services/, jobs/, sites/. */
export function layoutFiles(layout: CatalogLayout): CatalogFile[] {
  const files: CatalogFile[] = [];
  const read = (path: string) => files.push({ path, text: readFileSync(join(layout.root, path), "utf8") });
  read(`${layout.dir}/project.yaml`);
  for (const folder of ["services", "jobs", "sites"]) {
    const at = join(layout.root, layout.dir, folder);
    if (!existsSync(at)) continue;
    for (const name of readdirSync(at).filter((n) => /\.ya?ml$/.test(n)).sort()) read(`${layout.dir}/${folder}/${name}`);
  }
  return files;
}

/** `files` with the document at `path` edited (parsed, changed by `edit`, written back); a new path adds the document `edit` fills. */
export function editDocument(files: CatalogFile[], path: string, edit: (doc: Record<string, any>) => void): CatalogFile[] {
  const found = files.find((f) => f.path === path);
  const doc = (found ? parse(found.text) : {}) as Record<string, any>;
  edit(doc);
  return [...files.filter((f) => f.path !== path), { path, text: stringify(doc) }];
}

/** `files` with the project document edited. */
export const editProject = (layout: CatalogLayout, files: CatalogFile[], edit: (project: Record<string, any>) => void): CatalogFile[] =>
  editDocument(files, `${layout.dir}/project.yaml`, edit);
