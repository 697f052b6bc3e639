/**
 * Finds a service's or job's Python project in the repository and reads what detection needs
 * (folder listing, pyproject.toml, .python-version, the Dockerfile, requirements files), then
 * plans its install. Every problem names the folder, what was looked for, and the catalog field
 * that settles it.
 */
import type { Directory } from "@dagger.io/dagger";
import type { JobSpec, ServiceSpec } from "../catalog/schema.js";
import { detectManager, type FolderListing, holdsPythonProject, LOOKED_FOR, requirementsFiles, requirementsRefs } from "./detect.js";
import { planPythonProject, type PythonProject } from "./plan.js";
import { readPyproject } from "./pyproject.js";
import { resolvePythonVersion } from "./version.js";
import { entriesOf, folderOf } from "../source/folder.js";

export class PythonProjectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PythonProjectError";
  }
}

/** "a/b/../c" -> "a/c"; "" and "." -> ".". */
export function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== "." && part !== "") parts.push(part);
  }
  return parts.length ? parts.join("/") : ".";
}

const dirname = (path: string): string => normalizePath(path.split("/").slice(0, -1).join("/"));
export const joinPath = (...parts: string[]): string => normalizePath(parts.join("/"));

async function listFolder(source: Directory, folder: string): Promise<FolderListing | undefined> {
  const entries = await entriesOf(source, folder);
  if (!entries) return undefined;
  const dir = folderOf(source, folder);
  const files = entries.filter((e) => !e.endsWith("/"));
  const requirementsFolder = entries.includes("requirements/") ? (await dir.glob("requirements/*.txt")).sort() : [];
  return { files, requirementsFolder };
}

async function readText(dir: Directory, path: string): Promise<string | undefined> {
  try {
    return await dir.file(path).contents();
  } catch {
    return undefined;
  }
}

/** The project folder: python.project, else the Dockerfile's folder when it holds a project, else the build context. */
async function chooseFolder(source: Directory, target: ServiceSpec | JobSpec): Promise<{ folder: string; folderSource: string; listing?: FolderListing }> {
  if (target.python.project) {
    const folder = normalizePath(target.python.project);
    return { folder, folderSource: "python.project", listing: await listFolder(source, folder) };
  }
  const context = normalizePath(target.build.context);
  const dockerDir = joinPath(context, dirname(target.build.dockerfile));
  if (dockerDir !== context) {
    const listing = await listFolder(source, dockerDir);
    if (listing && holdsPythonProject(listing)) return { folder: dockerDir, folderSource: `the folder of ${target.build.dockerfile}`, listing };
  }
  return { folder: context, folderSource: "the build context", listing: await listFolder(source, context) };
}

export async function inspectPythonProject(source: Directory, target: ServiceSpec | JobSpec, catalogFile: string): Promise<PythonProject> {
  const fail = (message: string): never => {
    throw new PythonProjectError(`${target.kind} "${target.name}" (${catalogFile}): ${message}`);
  };
  const { folder, folderSource, listing } = await chooseFolder(source, target);
  if (!listing) return fail(`the project folder "${folder}" (${folderSource}) does not exist in the repository; fix python.project`);
  const dir = folderOf(source, folder);
  try {
    const pyprojectText = listing.files.includes("pyproject.toml") ? await readText(dir, "pyproject.toml") : undefined;
    const pyproject = pyprojectText === undefined ? undefined : readPyproject(pyprojectText, `${folder}/pyproject.toml`);
    const detected = target.python.manager
      ? { manager: target.python.manager, marker: "python.manager in the catalog" }
      : detectManager(listing, pyproject);
    if (!detected) {
      return fail(
        `no Python project found in "${folder}" (${folderSource}); looked for ${LOOKED_FOR}. ` +
          "Set python.project to the folder that holds the project, or python.manager (uv, poetry, pdm, pip, pyproject) to say how it is installed.",
      );
    }
    const dockerfile = await readText(folderOf(source, normalizePath(target.build.context)), target.build.dockerfile);
    const pythonVersionFile = listing.files.includes(".python-version") ? await readText(dir, ".python-version") : undefined;
    const version = resolvePythonVersion({ catalog: target.python.version, pythonVersionFile, requiresPython: pyproject?.requiresPython, dockerfile });

    const requirements = detected.manager === "pip" ? (target.python.requirements ?? requirementsFiles(listing)) : [];
    const requirementsText: Record<string, string> = {};
    const queue = [...requirements];
    while (queue.length) {
      const file = queue.shift()!;
      if (file in requirementsText) continue;
      const text = await readText(dir, file);
      if (text === undefined) {
        if (requirements.includes(file)) fail(`"${folder}/${file}" does not exist; fix python.requirements`);
        continue;
      }
      requirementsText[file] = text;
      queue.push(...requirementsRefs(file, text).includes);
    }
    return planPythonProject({
      target: target.name,
      folder,
      folderSource,
      context: normalizePath(target.build.context),
      manager: detected.manager,
      managerSource: detected.marker,
      version: version.version,
      versionSource: version.source,
      settings: target.python,
      files: [...listing.files, ...listing.requirementsFolder],
      requirements,
      requirementsText,
      pyproject,
    });
  } catch (err) {
    if (err instanceof PythonProjectError) throw err;
    return fail(err instanceof Error ? err.message : String(err));
  }
}
