// The fake's file trees: what a Directory (or a container's filesystem) holds. Files are
// either backed by a real file on disk or by literal text; keys are relative POSIX paths.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { digestOf } from "./chain.js";
import { canSkipDirectory, filterStep, hostPatterns, pathFilter, type WalkState } from "./patterns.js";

export type FileSource = { disk: string } | { text: string };

export interface Tree {
  files: Map<string, FileSource>;
  /** Directories that exist even if empty (parents of files exist implicitly). */
  dirs: Set<string>;
}

export function emptyTree(): Tree {
  return { files: new Map(), dirs: new Set() };
}

/** Normalizes a path given to the API into a tree key ("" is the root). */
export function key(path: string): string {
  const n = posix.normalize("/" + path).replace(/^\/+/, "").replace(/\/+$/, "");
  return n === "." ? "" : n;
}

function under(prefix: string, path: string): string | undefined {
  if (prefix === "") return path;
  if (path === prefix) return "";
  return path.startsWith(prefix + "/") ? path.slice(prefix.length + 1) : undefined;
}

/**
 * A host folder as Host.directory uploads it: the patterns preprocessed as core/schema/host.go
 * does, then the filtered walk of internal/fsutil/filter.go, which evaluates each path with its
 * parent directory's match state and skips a non-matching or excluded directory whole when no
 * plain-prefix pattern could bring back anything inside it (so a `!` pattern only reopens the
 * folders it names). Kept directories exist even when empty.
 */
export function loadDisk(root: string, include?: string[], exclude?: string[]): Tree {
  const tree = emptyTree();
  const filter = pathFilter(hostPatterns(include), hostPatterns(exclude), true);
  const walk = (abs: string, rel: string, parent: WalkState | undefined): void => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const childRel = rel === "" ? entry.name : `${rel}/${entry.name}`;
      const isDir = entry.isDirectory();
      const step = filterStep(filter, childRel, parent);
      if (isDir && !step.included && filter.include && canSkipDirectory(filter.include, childRel, "include")) continue;
      if (isDir && step.excluded && filter.exclude && canSkipDirectory(filter.exclude, childRel, "exclusion")) continue;
      const kept = step.included && !step.excluded;
      if (isDir) {
        walk(join(abs, entry.name), childRel, step.state);
        if (kept) tree.dirs.add(childRel);
      } else if (kept) {
        tree.files.set(childRel, { disk: join(abs, entry.name) });
      }
    }
  };
  if (!statSync(root).isDirectory()) throw new Error(`${root}: not a directory`);
  walk(root, "", undefined);
  return tree;
}

export function hasDirectory(tree: Tree, dir: string): boolean {
  if (dir === "") return true;
  if (tree.dirs.has(dir)) return true;
  for (const p of tree.files.keys()) if (p.startsWith(dir + "/")) return true;
  for (const d of tree.dirs) if (d.startsWith(dir + "/")) return true;
  return false;
}

export function subtree(tree: Tree, dir: string): Tree {
  const prefix = key(dir);
  if (tree.files.has(prefix)) throw new Error(`${dir}: not a directory`);
  if (!hasDirectory(tree, prefix)) throw new Error(`${dir}: no such file or directory`);
  const out = emptyTree();
  for (const [p, src] of tree.files) {
    const rel = under(prefix, p);
    if (rel !== undefined && rel !== "") out.files.set(rel, src);
  }
  for (const d of tree.dirs) {
    const rel = under(prefix, d);
    if (rel !== undefined && rel !== "") out.dirs.add(rel);
  }
  return out;
}

/**
 * A tree copied through include/exclude (Directory.filter, withDirectory), as util/layercopy
 * matches: every path with its parent directory's match state, no directory skipped, patterns
 * taken as given. A kept directory is created even if nothing below it is kept.
 */
export function filterTree(tree: Tree, include?: string[], exclude?: string[]): Tree {
  const filter = pathFilter(include, exclude);
  if (!filter.include && !filter.exclude) return { files: new Map(tree.files), dirs: new Set(tree.dirs) };
  const states = new Map<string, { kept: boolean; state: WalkState }>();
  const visit = (path: string): { kept: boolean; state: WalkState } => {
    const known = states.get(path);
    if (known) return known;
    const slash = path.lastIndexOf("/");
    const parent = slash < 0 ? undefined : visit(path.slice(0, slash)).state;
    const step = filterStep(filter, path, parent);
    const result = { kept: step.included && !step.excluded, state: step.state };
    states.set(path, result);
    return result;
  };
  const out = emptyTree();
  for (const [p, src] of tree.files) if (visit(p).kept) out.files.set(p, src);
  for (const d of directoryPaths(tree)) if (visit(d).kept) out.dirs.add(d);
  return out;
}

export function without(tree: Tree, path: string): Tree {
  const k = key(path);
  const out = emptyTree();
  for (const [p, src] of tree.files) if (under(k, p) === undefined) out.files.set(p, src);
  for (const d of tree.dirs) if (under(k, d) === undefined) out.dirs.add(d);
  return out;
}

/** Copies `source` into `tree` at `path` (merging, source wins). */
export function mergeAt(tree: Tree, path: string, source: Tree): Tree {
  const k = key(path);
  const out: Tree = { files: new Map(tree.files), dirs: new Set(tree.dirs) };
  const join2 = (rel: string): string => (k === "" ? rel : `${k}/${rel}`);
  for (const [p, src] of source.files) out.files.set(join2(p), src);
  for (const d of source.dirs) out.dirs.add(join2(d));
  if (k !== "") out.dirs.add(k);
  return out;
}

export function withFileAt(tree: Tree, path: string, source: FileSource): Tree {
  const out: Tree = { files: new Map(tree.files), dirs: new Set(tree.dirs) };
  out.files.set(key(path), source);
  return out;
}

export function readSource(source: FileSource): Buffer {
  return "disk" in source ? readFileSync(source.disk) : Buffer.from(source.text);
}

/** Sorted relative paths of all files. */
export function filePaths(tree: Tree): string[] {
  return [...tree.files.keys()].sort();
}

/** Every directory path in the tree, implicit parents included. */
export function directoryPaths(tree: Tree): string[] {
  const dirs = new Set(tree.dirs);
  for (const p of [...tree.files.keys(), ...tree.dirs]) {
    const parts = p.split("/");
    for (let n = 1; n < parts.length; n++) dirs.add(parts.slice(0, n).join("/"));
  }
  return [...dirs].sort();
}

/** Immediate children of `dir`; directories carry a trailing "/" as the 0.21 engine returns. */
export function entries(tree: Tree, dir: string): string[] {
  const sub = subtree(tree, dir);
  const names = new Set<string>();
  for (const p of sub.files.keys()) {
    const [first, ...rest] = p.split("/");
    names.add(rest.length > 0 ? `${first}/` : first!);
  }
  for (const d of directoryPaths(sub)) names.add(`${d.split("/")[0]}/`);
  return [...names].sort();
}

export function treeDigest(tree: Tree): string {
  const content = filePaths(tree).map((p) => [p, digestOf(readSource(tree.files.get(p)!).toString("base64"))]);
  return "sha256:" + digestOf({ content, dirs: [...tree.dirs].sort() });
}

export function exportTree(tree: Tree, target: string, wipe: boolean): void {
  if (wipe) rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const d of directoryPaths(tree)) mkdirSync(join(target, d), { recursive: true });
  for (const [p, src] of tree.files) {
    const dest = join(target, p);
    mkdirSync(dirname(dest), { recursive: true });
    if ("disk" in src) copyFileSync(src.disk, dest);
    else writeFileSync(dest, src.text);
  }
}
