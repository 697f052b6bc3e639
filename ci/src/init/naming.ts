/**
 * Target names: from the Dockerfile's (or mkdocs.yml's) folder, made a valid Cloud Run id
 * (lowercase letters, digits, hyphens, starting with a letter, at most 49) and unique.
 */

export const MAX_NAME = 49;

/** "My_Service.v2" -> "my-service-v2"; "2024" -> "app-2024"; "" -> "app". */
export function cloudRunId(raw: string): string {
  let id = raw.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  if (id === "") return "app";
  if (!/^[a-z]/.test(id)) id = `app-${id}`;
  return trimTo(id, MAX_NAME);
}

function trimTo(id: string, max: number): string {
  return id.slice(0, max).replace(/-+$/, "");
}

/** The folder part of a repository path ("." at the root). */
export function folderOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "." : path.slice(0, i);
}

export const baseName = (path: string): string => path.slice(path.lastIndexOf("/") + 1);

/** "Dockerfile.api" -> "api", "api.Dockerfile" -> "api", "Dockerfile" -> undefined. */
export function dockerfileSuffix(file: string): string | undefined {
  const match = /^Dockerfile\.(.+)$/i.exec(file) ?? /^(.+)\.Dockerfile$/i.exec(file);
  return match?.[1];
}

/**
 * The name a Dockerfile's target starts from: its folder's name, or the file's suffix when
 * several Dockerfiles share the folder; at the repository root "app" (or the suffix).
 */
export function buildableRawName(path: string, sharesFolder: boolean): string {
  const folder = folderOf(path);
  const suffix = dockerfileSuffix(baseName(path));
  if (sharesFolder && suffix) return suffix;
  return folder === "." ? "app" : baseName(folder);
}

/** A site's name: its folder's name, "docs" at the repository root. */
export function siteRawName(folder: string): string {
  return folder === "." ? "docs" : baseName(folder);
}

/** Valid, unique ids in input order: a taken name gets -2, -3, ... */
export function uniqueIds(raws: string[]): string[] {
  const taken = new Set<string>();
  return raws.map((raw) => {
    const base = cloudRunId(raw);
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${trimTo(base, MAX_NAME - String(n).length - 1)}-${n}`;
    taken.add(id);
    return id;
  });
}
