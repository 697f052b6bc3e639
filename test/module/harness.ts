/**
 * Shared helpers for the module tests: the repository as the engine hands it to the module, the
 * pipeline object, temp copies of the repository with edited catalog files, and lookups in the
 * fake session's recordings.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Container, dag, type Directory } from "@dagger.io/dagger";
import { expect } from "vitest";
import type { Step } from "../support/dagger/chain.js";
import { parse, stringify } from "yaml";
import { IMAGES } from "../../ci/src/containers/images.js";
import { CloudRunPipeline } from "../../ci/src/index.js";
import {
  useFakeDaggerSession, type ExecRecord, type FakeDaggerSession, type FakeDaggerSessionOptions,
} from "../support/dagger/index.js";

/** The repository root (pipelines/ points at examples/dataface/). */
export const REPO_ROOT = resolve(import.meta.dirname, "../..");

/** The `ignore` list of the module constructor's `source` argument (ci/src/index.ts). */
export const MODULE_SOURCE_IGNORE = [
  "**/node_modules", "**/.venv", "**/__pycache__", "**/.pytest_cache", "**/.ruff_cache", "ci/sdk",
  ".git/*", "!.git/HEAD", "!.git/refs", "!.git/packed-refs", ".tools", "gha-creds-*.json",
];

export const GIT_SHA = "0123456789abcdef0123456789abcdef01234567";
export const SHORT_SHA = GIT_SHA.slice(0, 7);

/** The services, jobs and sites of the real catalog in pipelines/. */
export const SERVICES = ["alie", "cloud", "playground"];
export const JOBS = ["ingestion"];
export const SITES = ["asql-docs", "docs", "tasks"];
export const BUILDABLES = [...SERVICES, ...JOBS];

/**
 * A repository folder as the engine loads `--source` (defaultPath "/" with the constructor's
 * ignore list applied while loading, so node_modules and .venv folders are never read).
 */
export function repoSource(root = REPO_ROOT): Directory {
  return dag.host().directory(root, { exclude: MODULE_SOURCE_IGNORE });
}

export function pipeline(root = REPO_ROOT, gitSha = GIT_SHA, catalog?: string): CloudRunPipeline {
  return new CloudRunPipeline(repoSource(root), gitSha, catalog);
}

/** The fixture repositories under test/fixtures/repos (see its README.md). */
export const FIXTURES_ROOT = resolve(import.meta.dirname, "../fixtures/repos");
export const fixturePath = (name: string): string => join(FIXTURES_ROOT, name);

/**
 * The fake session the module runs against: it pulls no image, so it is told the files the
 * module copies out of images — the pinned uv image ships its binaries at /uv and /uvx
 * (ci/src/containers/python.ts copies /uv into the Python image).
 */
const MODULE_SESSION_OPTIONS: FakeDaggerSessionOptions = {
  imageFiles: { [IMAGES.uv]: { "/uv": "uv binary (fake)\n", "/uvx": "uvx binary (fake)\n" } },
};

/**
 * The session hooks of a module test file: a fake session with MODULE_SESSION_OPTIONS, started
 * before its tests, closed after them and reset before each test, then `prepare`d (e.g.
 * mkdocsWritesSite). Returns the accessor tests read the session by.
 */
export function useFakeSession(prepare?: (session: FakeDaggerSession) => void): () => FakeDaggerSession {
  return useFakeDaggerSession(MODULE_SESSION_OPTIONS, prepare);
}

/** Folders copied into a temp repository: the catalog and the example monorepo, without clutter. */
const COPY_SKIP = /(^|\/)(node_modules|\.venv|__pycache__|\.pytest_cache|\.ruff_cache)(\/|$)/;

/** A temp copy of pipelines/ and examples/dataface/ whose catalog files the test may edit. */
export function tempRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), "module-repo-"));
  for (const folder of ["pipelines", "examples/dataface"]) {
    cpSync(join(REPO_ROOT, folder), join(dir, folder), { recursive: true, filter: (src) => !COPY_SKIP.test(src) });
  }
  return dir;
}

/** Rewrites one YAML file of a temp repository: `edit` changes the parsed document in place. */
export function editYaml(root: string, file: string, edit: (doc: Record<string, any>) => void): void {
  const path = join(root, file);
  const doc = parse(readFileSync(path, "utf8")) as Record<string, any>;
  edit(doc);
  writeFileSync(path, stringify(doc));
}

export function writeText(root: string, file: string, text: string): void {
  writeFileSync(join(root, file), text);
}

export const readRepoFile = (relative: string): string => readFileSync(join(REPO_ROOT, relative), "utf8");

/** The dockerBuild call behind a built image and the files of the context it was given. */
export async function dockerBuildOf(session: FakeDaggerSession, image: Container): Promise<{ args: Step["args"]; context: string[] }> {
  const { chain } = await session.chainOf(image);
  const build = chain[chain.length - 1]!;
  expect(build.field).toBe("dockerBuild");
  const context = await session.visibleFiles({ $type: "Directory", chain: chain.slice(0, -1) });
  return { args: build.args, context };
}

/** Execs whose arguments start with `prefix`. */
export function execsStarting(session: FakeDaggerSession, ...prefix: string[]): ExecRecord[] {
  return session.execs().filter((e) => prefix.every((p, i) => e.args[i] === p));
}

export { rejection } from "../support/rejection.js";

/** Build context folder of each service and job in the real catalog. */
export const CONTEXTS: Record<string, string> = {
  alie: "examples/dataface/services/alie",
  cloud: "examples/dataface/services/cloud",
  playground: "examples/dataface/services/playground",
  ingestion: "examples/dataface/jobs/ingestion",
};

/** The service or job whose project a Python exec ran in (told by the pyproject.toml at /src). */
export function targetOf(exec: Pick<ExecRecord, "readFile">): string | undefined {
  const pyproject = exec.readFile("/src/pyproject.toml");
  if (pyproject === undefined) return undefined;
  return Object.keys(CONTEXTS).find((name) => readRepoFile(`${CONTEXTS[name]}/pyproject.toml`) === pyproject);
}

/** mkdocs writes the built site to its --site-dir, as the real command does. */
export function mkdocsWritesSite(session: FakeDaggerSession): void {
  session.onExec((e) => {
    if (e.args[0] !== "mkdocs" || e.args[1] !== "build") return undefined;
    const out = e.args[e.args.indexOf("--site-dir") + 1] ?? "site";
    return { files: { [`${out}/index.html`]: "<!doctype html><title>site</title>\n" } };
  });
}
