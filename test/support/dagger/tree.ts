// The fake's file trees: what a Directory (or a container's filesystem) holds. Files are
// either backed by a real file on disk or by literal text; keys are relative POSIX paths.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { digestOf } from "./chain.js";
import { isExcluded, passesFilter } from "./patterns.js";

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

export function loadDisk(root: string, include?: string[], exclude?: string[]): Tree {
  const tree = emptyTree();
  const canReinclude = (exclude ?? []).some((p) => p.startsWith("!"));
  const walk = (abs: string, rel: string): void => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const childRel = rel === "" ? entry.name : `${rel}/${entry.name}`;
      const childAbs = join(abs, entry.name);
      if (entry.isDirectory()) {
        // An excluded folder cannot hold included files unless a `!` pattern re-includes some.
        if (!canReinclude && isExcluded(exclude ?? [], childRel)) continue;
        walk(childAbs, childRel);
        if (passesFilter(childRel, include, exclude)) tree.dirs.add(childRel);
      } else if (passesFilter(childRel, include, exclude)) {
        tree.files.set(childRel, { disk: childAbs });
      }
    }
  };
  if (!statSync(root).isDirectory()) throw new Error(`${root}: not a directory`);
  walk(root, "");
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

export function filterTree(tree: Tree, include?: string[], exclude?: string[]): Tree {
  const out = emptyTree();
  for (const [p, src] of tree.files) if (passesFilter(p, include, exclude)) out.files.set(p, src);
  for (const d of tree.dirs) if (passesFilter(d, include, exclude)) out.dirs.add(d);
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
