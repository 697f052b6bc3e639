/**
 * Checks that what the catalog points at exists in the repository: each build context with its
 * Dockerfile, each python.project folder, each MkDocs folder with its config. (What kind of
 * Python project a folder holds is detected by lint and tests, which say what they looked for.)
 */
import { type Directory, ExistsType } from "@dagger.io/dagger";
import type { CatalogProblem } from "./errors.js";
import type { Catalog } from "./parse.js";
import { entriesOf, folderOf } from "../source/folder.js";

/** A file the folder must hold, and the catalog field that names it (when not the folder's field). */
interface RequiredFile {
  name: string;
  field?: string;
}

async function checkFolder(source: Directory, file: string, field: string, path: string, required: RequiredFile[]): Promise<CatalogProblem[]> {
  const entries = await entriesOf(source, path);
  if (!entries) return [{ file, field, message: `folder "${path}" does not exist in the repository; fix the path (relative to the repository root)` }];
  // exists() rather than entries(): a required file may sit in a subfolder (dockerfile: docker/Dockerfile).
  const dir = folderOf(source, path);
  const present = await Promise.all(required.map(({ name }) => dir.exists(name, { expectedType: ExistsType.RegularType }).catch(() => false)));
  return required
    .filter((_, i) => !present[i])
    .map(({ name, field: fileField }) =>
      fileField
        ? { file, field: fileField, message: `"${path}" has no ${name} (${fileField} is relative to ${field}); add the file, or fix ${fileField} or ${field}` }
        : { file, field, message: `"${path}" has no ${name}; add it or point ${field} at the folder that has it` },
    );
}

export async function checkSources(source: Directory, catalog: Catalog): Promise<CatalogProblem[]> {
  const checks: Promise<CatalogProblem[]>[] = [];
  for (const target of [...catalog.services, ...catalog.jobs]) {
    const file = catalog.files[`${target.kind}:${target.name}`]!;
    checks.push(checkFolder(source, file, "build.context", target.build.context, [{ name: target.build.dockerfile, field: "build.dockerfile" }]));
    if (target.python.project) checks.push(checkFolder(source, file, "python.project", target.python.project, []));
  }
  for (const site of catalog.sites) {
    const file = catalog.files[`site:${site.name}`]!;
    checks.push(
      (async (): Promise<CatalogProblem[]> => {
        const missingFolder = await checkFolder(source, file, "mkdocs", site.mkdocs, []);
        if (missingFolder.length) return missingFolder;
        const dir = folderOf(source, site.mkdocs);
        const has = (name: string) => dir.exists(name, { expectedType: ExistsType.RegularType }).catch(() => false);
        const problems: CatalogProblem[] = [];
        if (site.config) {
          if (!(await has(site.config))) problems.push({ file, field: "config", message: `"${site.mkdocs}" has no ${site.config}; fix config, or point mkdocs at the folder that has it` });
        } else if (!(await has("mkdocs.yml")) && !(await has("mkdocs.yaml"))) {
          problems.push({ file, field: "mkdocs", message: `"${site.mkdocs}" has no mkdocs.yml or mkdocs.yaml; point mkdocs at the folder holding the MkDocs config, or name the file in config` });
        }
        if (site.requirements && !(await has(site.requirements))) {
          problems.push({ file, field: "requirements", message: `"${site.mkdocs}" has no ${site.requirements}; fix requirements (relative to the mkdocs folder) or remove it to use requirements.txt or docs/requirements*.txt there` });
        }
        return problems;
      })(),
    );
  }
  return (await Promise.all(checks)).flat();
}
