/**
 * Fixture repositories for the docs tests: their paths, temp copies a test may edit, and what the
 * mkdocs exec of a build saw.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { ExecRecord, FakeDaggerSession } from "../support/dagger/index.js";
import { execsStarting } from "../module/harness.js";

export const FIXTURES = resolve(import.meta.dirname, "../fixtures/repos");
export const fixture = (name: string): string => join(FIXTURES, name);

/** A temp copy of a fixture repository; `edit` writes (string) or removes (null) files in it. */
export function fixtureCopy(name: string, edit: Record<string, string | null> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), `docs-${name}-`));
  cpSync(fixture(name), dir, { recursive: true });
  for (const [file, text] of Object.entries(edit)) {
    const path = join(dir, file);
    if (text === null) rmSync(path, { recursive: true, force: true });
    else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
  }
  return dir;
}

/** The pip install and mkdocs build execs of the one site built in this session. */
export function siteExecs(session: FakeDaggerSession): { pip: ExecRecord; mkdocs: ExecRecord; copied: string[] } {
  const [pip] = execsStarting(session, "pip", "install");
  const [mkdocs] = execsStarting(session, "mkdocs", "build");
  if (!pip || !mkdocs) throw new Error(`expected a pip install and an mkdocs build, got: ${session.execs().map((e) => e.args.join(" ")).join("; ")}`);
  const copied = mkdocs.directories.find((d) => d.path === "/repo")?.files ?? [];
  return { pip, mkdocs, copied: [...copied].sort() };
}
