/**
 * init against a repository Directory: refuse when a catalog is already there, glob the
 * Dockerfiles and MkDocs configs, read what the guesses need, and return a Directory holding only
 * the new catalog folder (so `export --path=.` adds it to the repository and touches nothing else).
 */
import { dag, type Directory } from "@dagger.io/dagger";
import { CATALOG_PATTERNS, normalizeCatalogDir } from "../catalog/read.js";
import { INIT_REPORT, initCatalogFiles, SCHEMA_FILE } from "./catalog-files.js";
import { contextProbes } from "./context.js";
import { dockerfileFacts } from "./dockerfile.js";
import { DOCKERFILE_GLOBS, type FoundFile, isDockerfilePath, isSkippedPath, MKDOCS_GLOBS, planInit } from "./plan.js";

export class InitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InitError";
  }
}

async function globAll(source: Directory, patterns: string[]): Promise<string[]> {
  const found = (await Promise.all(patterns.map((p) => source.glob(p).catch(() => [] as string[])))).flat();
  return [...new Set(found.map((p) => p.replace(/^\.\//, "").replace(/\/+$/, "")))].sort();
}

async function exists(source: Directory, path: string): Promise<boolean> {
  return source.exists(path).catch(() => false);
}

/** Catalog files (and init's own files) already in the catalog folder: init writes none of them over. */
async function existingCatalogFiles(source: Directory, folder: string): Promise<string[]> {
  const prefix = folder === "." ? "" : `${folder}/`;
  if (folder !== "." && !(await exists(source, folder))) return [];
  return globAll(source, [...CATALOG_PATTERNS, SCHEMA_FILE, INIT_REPORT].map((p) => `${prefix}${p}`));
}

const ELSEWHERE = "write a new one into another folder: `dagger call --catalog=another/folder init export --path=.` (every later call then needs --catalog=another/folder)";

function refuse(folder: string, existing: string[]): never {
  const project = existing.find((p) => /^project\.ya?ml$/.test(folder === "." ? p : p.slice(folder.length + 1)));
  if (project) {
    throw new InitError(`${project} already exists: this repository has a catalog in ${folder}/, and init never overwrites one. Edit the existing catalog (then run \`dagger call verify\`), or ${ELSEWHERE}.`);
  }
  const list = existing.slice(0, 5).join(", ") + (existing.length > 5 ? ", ..." : "");
  throw new InitError(`${folder}/ already holds ${list}, which init would write over, and init never overwrites catalog files. Move them away, or ${ELSEWHERE}.`);
}

async function readDockerfiles(source: Directory, paths: string[]): Promise<FoundFile[]> {
  const read = await Promise.all(
    paths.map(async (path) => {
      try {
        return { path, text: await source.file(path).contents() };
      } catch {
        return undefined; // a folder named like a Dockerfile
      }
    }),
  );
  return read.filter((f) => f !== undefined);
}

export async function initCatalog(source: Directory, catalogDir: string): Promise<Directory> {
  const folder = normalizeCatalogDir(catalogDir);
  const existing = await existingCatalogFiles(source, folder);
  if (existing.length) refuse(folder, existing);

  const [dockerfilePaths, mkdocsConfigs] = await Promise.all([
    globAll(source, DOCKERFILE_GLOBS).then((paths) => paths.filter(isDockerfilePath)),
    globAll(source, MKDOCS_GLOBS).then((paths) => paths.filter((p) => !isSkippedPath(p))),
  ]);
  const dockerfiles = await readDockerfiles(source, dockerfilePaths);
  const probes = [...new Set(dockerfiles.flatMap((d) => contextProbes(d.path, dockerfileFacts(d.text).copySources)))];
  const present = new Set<string>();
  await Promise.all(probes.map(async (p) => (await exists(source, p)) && present.add(p)));

  const plan = planInit({ dockerfiles, mkdocsConfigs, exists: (p) => present.has(p) });
  const prefix = folder === "." ? "" : `${folder}/`;
  return initCatalogFiles(plan, folder).reduce((dir, f) => dir.withNewFile(`${prefix}${f.file}`, f.text), dag.directory());
}
