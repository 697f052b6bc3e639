/**
 * The build context of a Dockerfile: its own folder, unless its COPY / ADD lines name paths that
 * exist only relative to the repository root (`COPY libs/common ...` in services/api/Dockerfile),
 * which means it is built from the root (`docker build -f services/api/Dockerfile .`).
 */
import { baseName, folderOf } from "./naming.js";

export interface ContextChoice {
  /** build.context, relative to the repository root. */
  context: string;
  /** build.dockerfile, relative to the context. */
  dockerfile: string;
  /** Why the context is the repository root (undefined when it is the Dockerfile's folder). */
  reason?: string;
  /** COPY sources that fit neither folder alone: the user must check the context. */
  warning?: string;
}

/** The COPY / ADD sources init can look up: plain relative paths (no variables, globs, URLs or ".."). */
export function plainSources(sources: string[]): string[] {
  const out = new Set<string>();
  for (const raw of sources) {
    if (/[$*?[\]]/.test(raw) || /^[a-z]+:\/\//i.test(raw)) continue;
    const path = raw.replace(/^(\.\/|\/)+/, "").replace(/\/+$/, "").replace(/\/\.$/, "");
    if (path === "" || path === "." || path.split("/").includes("..")) continue;
    out.add(path);
  }
  return [...out];
}

const inFolder = (folder: string, path: string): string => (folder === "." ? path : `${folder}/${path}`);

/** Repository paths whose existence decides the context of the Dockerfile at `dockerfilePath`. */
export function contextProbes(dockerfilePath: string, sources: string[]): string[] {
  const folder = folderOf(dockerfilePath);
  if (folder === ".") return [];
  return plainSources(sources).flatMap((s) => [inFolder(folder, s), s]);
}

export function chooseContext(dockerfilePath: string, sources: string[], exists: (path: string) => boolean): ContextChoice {
  const folder = folderOf(dockerfilePath);
  const own: ContextChoice = { context: folder, dockerfile: baseName(dockerfilePath) };
  if (folder === ".") return own;
  const plain = plainSources(sources);
  const rootOnly = plain.filter((s) => exists(s) && !exists(inFolder(folder, s)));
  const folderOnly = plain.filter((s) => exists(inFolder(folder, s)) && !exists(s));
  if (rootOnly.length === 0) return own;
  const list = (paths: string[]) => paths.slice(0, 3).join(", ") + (paths.length > 3 ? ", ..." : "");
  if (folderOnly.length > 0) {
    return {
      ...own,
      warning: `the Dockerfile copies ${list(folderOnly)} (found in ${folder}) and ${list(rootOnly)} (found only at the repository root): no single context holds both; check build.context`,
    };
  }
  return {
    context: ".",
    dockerfile: dockerfilePath,
    reason: `the Dockerfile copies ${list(rootOnly)}, which exist${rootOnly.length === 1 ? "s" : ""} at the repository root but not in ${folder}`,
  };
}
