/**
 * What kind of Python project a folder holds, from its file names (and, for requirements files,
 * their `-r` includes). Pure: the caller lists the folder and reads the files.
 */
import type { PythonManager } from "../catalog/schema.js";

/** What detection looks for, in this order, shown in errors. */
export const MANAGER_MARKERS: ReadonlyArray<readonly [PythonManager, string]> = [
  ["uv", "uv.lock"],
  ["poetry", "poetry.lock"],
  ["pdm", "pdm.lock"],
  ["pip", "requirements*.txt"],
  ["pyproject", "pyproject.toml"],
];

export const LOOKED_FOR = MANAGER_MARKERS.map(([, file]) => file).join(", ");

/** requirements.txt, requirements-dev.txt, dev-requirements.txt, requirements_test.txt. */
export const isRequirementsFile = (name: string): boolean => /^([A-Za-z0-9_.-]*[-_.])?requirements([-_.][A-Za-z0-9_.-]*)?\.txt$/.test(name);

/** Files of a requirements/ folder (requirements/base.txt, requirements/dev.txt), as Django projects lay them out. */
const inRequirementsFolder = (path: string): boolean => /^requirements\/[A-Za-z0-9_.-]+\.txt$/.test(path);

/** Requirements files that only serve development (not audited as the application's dependencies). */
export const isDevRequirements = (path: string): boolean => /(^|[/_.-])(dev|develop|development|test|tests|testing|lint|ci|docs?|local)([-_.]|\.txt$)/.test(path.split("/").pop()!);

export interface FolderListing {
  /** Files directly in the folder. */
  files: string[];
  /** Files of its requirements/ subfolder, as "requirements/x.txt". */
  requirementsFolder: string[];
}

export function requirementsFiles(listing: FolderListing): string[] {
  return [...listing.files.filter(isRequirementsFile), ...listing.requirementsFolder.filter(inRequirementsFolder)].sort();
}

/** True when the folder holds something detection recognises as a Python project. */
export function holdsPythonProject(listing: FolderListing): boolean {
  return detectManager(listing, undefined) !== undefined || listing.files.includes("setup.py");
}

/**
 * The manager, from the lock file present (a lock says how the project is installed); a
 * pyproject.toml with [tool.poetry] and no lock is still poetry.
 */
export function detectManager(listing: FolderListing, pyproject: { poetry: boolean } | undefined): { manager: PythonManager; marker: string } | undefined {
  const has = (name: string) => listing.files.includes(name);
  if (has("uv.lock")) return { manager: "uv", marker: "uv.lock" };
  if (has("poetry.lock")) return { manager: "poetry", marker: "poetry.lock" };
  if (has("pdm.lock")) return { manager: "pdm", marker: "pdm.lock" };
  const requirements = requirementsFiles(listing);
  if (requirements.length) return { manager: "pip", marker: requirements.join(", ") };
  if (has("pyproject.toml")) return pyproject?.poetry ? { manager: "poetry", marker: "pyproject.toml [tool.poetry]" } : { manager: "pyproject", marker: "pyproject.toml" };
  return undefined;
}

export interface RequirementsRefs {
  /** Other requirements/constraints files it includes (-r / -c), relative to the project folder. */
  includes: string[];
  /** True when a line installs a local path (".", "-e .", "./pkg", file:): the source must be there first. */
  localPaths: boolean;
}

/** `ref` seen from the file `from`; a path that climbs out of the folder keeps its leading "../". */
const joinRelative = (from: string, ref: string): string => {
  const parts = from.split("/").slice(0, -1);
  let above = 0;
  for (const part of ref.split("/")) {
    if (part === "..") {
      if (parts.length) parts.pop();
      else above += 1;
    } else if (part !== "." && part !== "") parts.push(part);
  }
  return [...Array<string>(above).fill(".."), ...parts].join("/");
};

/** What one requirements file refers to besides package names. */
export function requirementsRefs(path: string, text: string): RequirementsRefs {
  const includes: string[] = [];
  let localPaths = false;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (!line) continue;
    const include = /^(?:(?:-r|-c)\s*|(?:--requirement|--constraint)(?:\s+|=))(\S+)$/.exec(line);
    if (include) {
      includes.push(joinRelative(path, include[1]!));
      continue;
    }
    const target = line.replace(/^(?:-e|--editable)(?:\s+|=)/, "");
    if (/^(\.{1,2}(\/|$)|file:|\/)/.test(target)) localPaths = true;
  }
  return { includes, localPaths };
}
