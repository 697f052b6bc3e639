/**
 * A target's own build context: only its folder, without local clutter, so a service's build
 * never sees another service's files (and caches are not invalidated by them).
 */
import type { Directory } from "@dagger.io/dagger";
import { folderOf } from "../source/folder.js";

export const CONTEXT_EXCLUDES = [
  "**/.venv",
  "**/__pycache__",
  "**/*.pyc",
  "**/.pytest_cache",
  "**/.ruff_cache",
  "**/.mypy_cache",
  "**/node_modules",
  ".git",
];

export function targetContext(source: Directory, path: string): Directory {
  return folderOf(source, path).filter({ exclude: CONTEXT_EXCLUDES });
}
