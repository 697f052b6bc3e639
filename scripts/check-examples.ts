/**
 * Host checks for the example monorepo in examples/dataface, without containers:
 *   - every Python app (a folder with pyproject.toml): `uv sync --locked`, `ruff check`,
 *     `ruff format --check`, `pytest -q`;
 *   - every MkDocs site (a folder with mkdocs.yml): its requirements.txt in a fresh uv venv,
 *     then `mkdocs build --strict` into a temporary folder, which must contain 404.html.
 *
 * Usage, from the repository root:
 *   node --import tsx scripts/check-examples.ts            # everything
 *   node --import tsx scripts/check-examples.ts cloud docs # only targets with these names
 *
 * Needs `uv` on PATH. An app lists the environment its tests need in its pyproject.toml
 * (`[tool.dataface] test-env = [...]`); the cloud app needs DATABASE_URL, a PostgreSQL URL
 * whose user may create databases. Exits 1 when any check failed.
 */
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { $, which } from "zx";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const EXAMPLE_ROOT = join(REPO_ROOT, "examples", "dataface");
/** Folders below EXAMPLE_ROOT that hold one app or site each (e.g. services/playground). */
const TARGET_GROUPS = ["services", "jobs", "sites"];

type TargetKind = "app" | "site";

interface Target {
  kind: TargetKind;
  name: string;
  dir: string;
  /** Path relative to the repository root, for messages. */
  label: string;
}

interface CheckResult {
  target: string;
  check: string;
  ok: boolean;
  seconds: number;
  note?: string;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

/** Every app and site below the example root, sorted, found by their marker files. */
async function discoverTargets(): Promise<Target[]> {
  const targets: Target[] = [];
  for (const group of TARGET_GROUPS) {
    const groupDir = join(EXAMPLE_ROOT, group);
    const entries = await readdir(groupDir, { withFileTypes: true }).catch(() => []);
    const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
    for (const name of names) {
      const dir = join(groupDir, name);
      const label = relative(REPO_ROOT, dir);
      if (await isFile(join(dir, "pyproject.toml"))) targets.push({ kind: "app", name, dir, label });
      else if (await isFile(join(dir, "mkdocs.yml"))) targets.push({ kind: "site", name, dir, label });
    }
  }
  return targets;
}

/** The environment for child processes: ours, minus an activated venv that would confuse uv. */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.VIRTUAL_ENV;
  return env;
}

class Checker {
  readonly results: CheckResult[] = [];

  /** Runs one command with its output streamed to ours; records and returns whether it passed. */
  async run(target: Target, check: string, cwd: string, command: string[]): Promise<boolean> {
    console.log(`\n==> ${target.label}: ${check}\n    $ ${command.join(" ")}`);
    const started = performance.now();
    const result = await $({ cwd, env: childEnv(), nothrow: true, stdio: "inherit" })`${command}`;
    const ok = result.exitCode === 0;
    this.record(target, check, ok, started, ok ? undefined : `exit code ${result.exitCode}`);
    return ok;
  }

  fail(target: Target, check: string, note: string): void {
    console.error(`\n==> ${target.label}: ${check}\n    FAILED: ${note}`);
    this.record(target, check, false, performance.now(), note);
  }

  private record(target: Target, check: string, ok: boolean, started: number, note?: string): void {
    const seconds = (performance.now() - started) / 1000;
    this.results.push({ target: target.label, check, ok, seconds, note });
  }
}

/** Environment variable names an app's tests need, from `[tool.dataface] test-env`. */
async function requiredTestEnv(app: Target): Promise<string[]> {
  const script =
    "import json, tomllib; " +
    "print(json.dumps(tomllib.load(open('pyproject.toml', 'rb'))" +
    ".get('tool', {}).get('dataface', {}).get('test-env', [])))";
  const inApp = $({ cwd: app.dir, env: childEnv(), quiet: true });
  const out = await inApp`uv run --no-sync python -c ${script}`;
  const names: unknown = JSON.parse(out.stdout);
  if (!Array.isArray(names) || !names.every((n) => typeof n === "string")) {
    throw new Error(`${app.label}/pyproject.toml: [tool.dataface] test-env must list strings`);
  }
  return names;
}

async function checkApp(checker: Checker, app: Target): Promise<void> {
  if (!(await checker.run(app, "uv sync", app.dir, ["uv", "sync", "--locked"]))) {
    const note = "not run: `uv sync --locked` failed (run `uv lock` if pyproject.toml changed)";
    checker.fail(app, "lint and tests", note);
    return;
  }
  const uvRun = ["uv", "run", "--no-sync"];
  await checker.run(app, "ruff check", app.dir, [...uvRun, "ruff", "check", "."]);
  await checker.run(app, "ruff format", app.dir, [...uvRun, "ruff", "format", "--check", "."]);
  let required: string[];
  try {
    required = await requiredTestEnv(app);
  } catch (error) {
    checker.fail(app, "pytest", `not run: cannot read [tool.dataface] test-env: ${(error as Error).message}`);
    return;
  }
  const missing = required.filter((name) => !process.env[name]);
  if (missing.length > 0) {
    const hint = missing.includes("DATABASE_URL")
      ? " (start PostgreSQL and export DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/NAME;" +
        " the user needs CREATEDB)"
      : "";
    const note = `not run: its tests need ${missing.join(", ")} in the environment${hint}`;
    checker.fail(app, "pytest", note);
    return;
  }
  await checker.run(app, "pytest", app.dir, [...uvRun, "pytest", "-q"]);
}

async function checkSite(checker: Checker, site: Target): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), `check-examples-${site.name}-`));
  try {
    const venv = join(work, "venv");
    const output = join(work, "site");
    if (!(await isFile(join(site.dir, "requirements.txt")))) {
      checker.fail(site, "requirements", "no requirements.txt: pin mkdocs and any plugin there");
      return;
    }
    const installed =
      (await checker.run(site, "venv", site.dir, ["uv", "venv", "--quiet", venv])) &&
      (await checker.run(site, "install requirements", site.dir, [
        "uv", "pip", "install", "--quiet", "--python", join(venv, "bin", "python"), "-r", "requirements.txt",
      ]));
    if (!installed) {
      checker.fail(site, "mkdocs build", "not run: the requirements did not install");
      return;
    }
    const mkdocs = join(venv, "bin", "mkdocs");
    const build = [mkdocs, "build", "--strict", "-d", output];
    if (await checker.run(site, "mkdocs build --strict", site.dir, build)) {
      if (await isFile(join(output, "404.html"))) {
        checker.results.push({ target: site.label, check: "404 page", ok: true, seconds: 0 });
      } else {
        checker.fail(site, "404 page", "no 404.html was built: use a theme that renders one");
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function printSummary(results: CheckResult[]): number {
  const failed = results.filter((r) => !r.ok);
  console.log("\nSummary of the example checks:");
  const width = Math.max(...results.map((r) => r.target.length));
  for (const r of results) {
    const note = r.note ? `  (${r.note})` : "";
    const status = r.ok ? "PASS" : "FAIL";
    const seconds = `${r.seconds.toFixed(1)}s`;
    console.log(`  ${status}  ${r.target.padEnd(width)}  ${r.check.padEnd(22)} ${seconds}${note}`);
  }
  console.log(`check-examples: ${results.length - failed.length} passed, ${failed.length} failed`);
  return failed.length;
}

async function main(): Promise<number> {
  const uv = await which("uv", { nothrow: true });
  if (!uv) {
    console.error(
      "check-examples: `uv` is not on PATH. Install it, e.g. `python3 -m venv /tmp/uvenv && " +
        "/tmp/uvenv/bin/pip install uv==0.13.9`, then `export PATH=/tmp/uvenv/bin:$PATH`.",
    );
    return 1;
  }
  const version = await $({ quiet: true })`uv --version`;
  console.log(`check-examples: using ${version.stdout.trim()} at ${uv}`);

  const wanted = process.argv.slice(2);
  const all = await discoverTargets();
  const unknown = wanted.filter((name) => !all.some((t) => t.name === name));
  if (unknown.length > 0) {
    const known = all.map((t) => t.name).join(", ");
    console.error(`check-examples: no app or site named ${unknown.join(", ")}; known: ${known}`);
    return 1;
  }
  const targets = wanted.length > 0 ? all.filter((t) => wanted.includes(t.name)) : all;
  if (targets.length === 0) {
    const root = relative(REPO_ROOT, EXAMPLE_ROOT);
    console.error(`check-examples: found no app (pyproject.toml) or site (mkdocs.yml) under ${root}`);
    return 1;
  }

  const checker = new Checker();
  for (const target of targets) {
    if (target.kind === "app") await checkApp(checker, target);
    else await checkSite(checker, target);
  }
  return printSummary(checker.results) === 0 ? 0 : 1;
}

process.exitCode = await main();
