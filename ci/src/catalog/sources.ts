/**
 * Checks that what the catalog points at exists in the repository: each build context with its
 * Dockerfile, each python.project folder, each MkDocs folder with its config. (What kind of
 * Python project a folder holds is detected by lint and tests, which say what they looked for.)
 */
import { type Directory, ExistsType } from "@dagger.io/dagger";
import type { CatalogProblem } from "./errors.js";
import type { Catalog } from "./parse.js";

async function entriesOf(source: Directory, path: string): Promise<string[] | undefined> {
  try {
    return await source.directory(path).entries();
  } catch {
    return undefined;
  }
}

async function checkFolder(source: Directory, file: string, field: string, path: string, required: string[]): Promise<CatalogProblem[]> {
  const entries = path === "." ? [] : await entriesOf(source, path);
  if (!entries) return [{ file, field, message: `folder "${path}" does not exist in the repository; fix the path (relative to the repository root)` }];
  // exists() rather than entries(): a required file may sit in a subfolder (dockerfile: docker/Dockerfile).
  const dir = path === "." ? source : source.directory(path);
  const present = await Promise.all(required.map((name) => dir.exists(name, { expectedType: ExistsType.RegularType }).catch(() => false)));
  return required
    .filter((_, i) => !present[i])
    .map((name) => ({ file, field, message: `"${path}" has no ${name}; add it or point ${field} at the folder that has it` }));
}

export async function checkSources(source: Directory, catalog: Catalog): Promise<CatalogProblem[]> {
  const checks: Promise<CatalogProblem[]>[] = [];
  for (const target of [...catalog.services, ...catalog.jobs]) {
    const file = catalog.files[`${target.kind}:${target.name}`]!;
    checks.push(checkFolder(source, file, "build.context", target.build.context, [target.build.dockerfile]));
    if (target.python.project) checks.push(checkFolder(source, file, "python.project", target.python.project, []));
  }
  for (const site of catalog.sites) {
    checks.push(checkFolder(source, catalog.files[`site:${site.name}`]!, "mkdocs", site.mkdocs, [site.config ?? "mkdocs.yml"]));
  }
  return (await Promise.all(checks)).flat();
}
