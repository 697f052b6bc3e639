/**
 * Folders of the repository by their catalog path: "." is the repository itself.
 */
import type { Directory } from "@dagger.io/dagger";

/** The folder at a repository-relative path ("." for the repository root). */
export function folderOf(source: Directory, path: string): Directory {
  return path === "." ? source : source.directory(path);
}

/** The folder's entries (folders end in "/"), or undefined when it does not exist. */
export async function entriesOf(source: Directory, path: string): Promise<string[] | undefined> {
  try {
    return await folderOf(source, path).entries();
  } catch {
    return undefined;
  }
}
