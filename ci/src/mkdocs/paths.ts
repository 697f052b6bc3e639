/**
 * Where the files a site needs sit in the repository: config-relative references become
 * repository paths, and any that leave the repository are refused (the build only gets the
 * repository, as the user's own checkout would).
 */
import { posix } from "node:path";

/** A path relative to `folder` (a repository path, "." for the root) as a repository path, or an error text. */
export function inRepository(folder: string, path: string): { path: string } | { error: string } {
  if (posix.isAbsolute(path) || /^[A-Za-z]:[\\/]/.test(path)) return { error: "is an absolute path; write it relative to the config file's folder" };
  const joined = posix.normalize(posix.join(folder, path)).replace(/\/+$/, "");
  if (joined === ".." || joined.startsWith("../")) return { error: "points outside the repository; keep the files the site needs inside the repository" };
  return { path: joined === "" ? "." : joined };
}

/** A repository path relative to the mkdocs folder (for commands run in that folder). */
export function fromFolder(folder: string, repoPath: string): string {
  return posix.relative(folder === "." ? "" : folder, repoPath) || ".";
}

/**
 * The include list of the copy into /repo: each path once, none already covered by a folder in
 * the list. `["."]` means the whole (filtered) repository.
 */
export function copyList(paths: string[]): string[] {
  const unique = [...new Set(paths)].sort();
  if (unique.includes(".")) return ["."];
  return unique.filter((p) => !unique.some((other) => other !== p && p.startsWith(`${other}/`)));
}
