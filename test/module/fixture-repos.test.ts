/**
 * The module on repositories shaped like users' (test/fixtures/repos): for each one, lint, tests
 * and pip-audit run in the right folder, on the right Python image, with the manager's own install
 * commands (dependencies before the source) and cache volume, and `verify` passes when every exec
 * succeeds.
 */
import { describe, expect, it } from "vitest";
import { CACHES, PYTHON_IMAGES } from "../../ci/src/containers/images.js";
import type { PythonVersion } from "../../ci/src/catalog/schema.js";
import { execsStarting, fixturePath, pipeline, useFakeSession } from "./harness.js";
import { mkdocsWritesSite } from "./harness.js";

const session = useFakeSession(mkdocsWritesSite);

interface FixtureCase {
  repo: string;
  catalog?: string;
  target: string;
  version: PythonVersion;
  /** Where lint and tests run, and what sits at /src. */
  workdir: string;
  /** The dependency install, and the files it sees (absolute). */
  install: string[];
  installFiles: string[];
  /** Installs of the project itself, after the source. */
  installProject: string[][];
  cache: string;
  /** pip-audit's input arguments. */
  audit: string[];
  /** A file of the project the lint container must hold (proves which folder is at /src). */
  holds: string;
}

const PIP = ["python", "-m", "pip", "install", "--no-input"];

const CASES: FixtureCase[] = [
  {
    repo: "pip-flask", target: "analytics", version: "3.10", workdir: "/src",
    install: [...PIP, "-r", "requirements-dev.txt", "-r", "requirements.txt"],
    installFiles: ["/src/requirements-dev.txt", "/src/requirements.txt"],
    installProject: [], cache: CACHES.pip,
    audit: ["--requirement", "requirements.txt"], holds: "/src/app.py",
  },
  {
    repo: "dlt-pipelines", target: "dlt-ingestion", version: "3.12", workdir: "/src",
    install: [...PIP, "-r", "requirements-dev.txt", "-r", "requirements.txt"],
    installFiles: ["/src/requirements-dev.txt", "/src/requirements.txt"],
    installProject: [], cache: CACHES.pip,
    audit: ["--requirement", "requirements.txt"], holds: "/src/ingest.py",
  },
  {
    repo: "poetry-monorepo", target: "api", version: "3.11", workdir: "/src",
    install: ["poetry", "install", "--no-interaction", "--no-root", "--all-groups"],
    installFiles: ["/src/pyproject.toml", "/src/poetry.lock"],
    // package-mode = false: the project itself is not installed.
    installProject: [], cache: CACHES.poetry,
    audit: ["--requirement", "/opt/cloud-run-pipeline/audit-requirements.txt", "--no-deps", "--disable-pip"], holds: "/src/app/main.py",
  },
  {
    repo: "pdm-service", catalog: "deploy/catalog", target: "web", version: "3.13", workdir: "/src",
    install: ["pdm", "sync", "--no-self", "--group", ":all"],
    installFiles: ["/src/pyproject.toml", "/src/pdm.lock", "/src/.python-version"],
    installProject: [["pdm", "sync", "--group", ":all"]], cache: CACHES.pdm,
    audit: ["--requirement", "/opt/cloud-run-pipeline/audit-requirements.txt", "--no-deps", "--disable-pip"], holds: "/src/src/shortlinks/app.py",
  },
  {
    repo: "shared-context", target: "api", version: "3.11", workdir: "/src/services/api",
    install: [...PIP, "-r", "/opt/cloud-run-pipeline/requirements.txt", "-r", "/opt/cloud-run-pipeline/requirements-dev.txt"],
    installFiles: ["/src/services/api/pyproject.toml", "/opt/cloud-run-pipeline/requirements.txt", "/opt/cloud-run-pipeline/requirements-dev.txt"],
    installProject: [[...PIP, "--no-deps", "."]], cache: CACHES.pip,
    audit: ["--requirement", "/opt/cloud-run-pipeline/requirements.txt"], holds: "/src/libs/common/acme_common/build.py",
  },
  {
    repo: "shared-context", target: "worker", version: "3.11", workdir: "/src/services/worker",
    install: [...PIP, "-r", "requirements-test.txt", "-r", "requirements.txt"],
    installFiles: ["/src/services/worker/requirements-test.txt", "/src/services/worker/requirements.txt"],
    installProject: [], cache: CACHES.pip,
    audit: ["--requirement", "requirements.txt"], holds: "/src/services/worker/worker/app.py",
  },
  {
    repo: "root-mkdocs", target: "app", version: "3.11", workdir: "/src",
    install: ["uv", "sync", "--frozen", "--no-install-project", "--all-groups"],
    installFiles: ["/src/pyproject.toml", "/src/uv.lock"],
    installProject: [["uv", "sync", "--frozen", "--all-groups"]], cache: CACHES.uv,
    audit: ["--requirement", "/opt/cloud-run-pipeline/audit-requirements.txt", "--no-deps", "--disable-pip"], holds: "/src/src/invoicer/app.py",
  },
  {
    repo: "uv-workspace", target: "backend", version: "3.11", workdir: "/src",
    install: ["uv", "sync", "--frozen", "--no-install-project", "--all-groups"],
    installFiles: ["/src/pyproject.toml", "/src/uv.lock", "/src/.python-version"],
    installProject: [["uv", "sync", "--frozen", "--all-groups"]], cache: CACHES.uv,
    audit: ["--requirement", "/opt/cloud-run-pipeline/audit-requirements.txt", "--no-deps", "--disable-pip"], holds: "/src/src/notes/app.py",
  },
];

const run = (c: FixtureCase) => pipeline(fixturePath(c.repo), undefined, c.catalog);
const named = (c: FixtureCase) => `${c.repo} ${c.target}`;
const sameArgs = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

describe.each(CASES)("fixture repository $repo ($target)", (c) => {
  it("lints in the project folder on the image of its Python version, with its own environment first on PATH", async () => {
    await run(c).lint(c.target);
    const [ruff] = execsStarting(session(), "ruff", "check", ".");
    expect(ruff, named(c)).toBeDefined();
    expect(ruff!.from).toBe(PYTHON_IMAGES[c.version]);
    expect(ruff!.workdir).toBe(c.workdir);
    expect(ruff!.env["PATH"]?.split(":").slice(0, 2)).toEqual(["/opt/venv/bin", "/opt/tools/bin"]);
    expect(ruff!.readFile(c.holds), `${c.holds} is in the lint container`).toBeDefined();
    expect(ruff!.caches.map((m) => m.key)).toContain(c.cache);
  });

  it("installs the dependencies with the manager's own command before the source is copied", async () => {
    await run(c).test(c.target);
    const execs = session().execs();
    const install = execs.find((e) => sameArgs(e.args, c.install));
    expect(install, `${named(c)}: ${c.install.join(" ")}; ran: ${execs.map((e) => e.args.join(" ")).join(" | ")}`).toBeDefined();
    expect(install!.directories).toEqual([]);
    for (const file of c.installFiles) expect(install!.files).toContain(file);
    const projectInstalls = execs.filter((e) => c.installProject.some((p) => sameArgs(e.args, p)));
    expect(projectInstalls.map((e) => e.args)).toEqual(c.installProject);
    for (const e of projectInstalls) expect(e.directories.map((d) => d.path)).toEqual(["/src"]);
    const [pytest] = execsStarting(session(), "pytest", "-q");
    expect(pytest!.workdir).toBe(c.workdir);
    expect(pytest!.from).toBe(PYTHON_IMAGES[c.version]);
  });

  it("audits what the manager locks or lists", async () => {
    await run(c).scan(c.target);
    const audit = session().execs().find((e) => e.args.includes("pip-audit"));
    expect(audit).toBeDefined();
    const args = audit!.args;
    const start = args.indexOf("pip-audit") + 1;
    expect(args.slice(start, start + c.audit.length)).toEqual(c.audit);
  });

  it("passes verify when every command succeeds", async () => {
    const report = await run(c).verify();
    expect(report).toMatch(/\n\d+ passed, 0 failed$/);
    expect(report).not.toContain("NOTE:");
  });
});

describe("fixture repositories: what they prove beyond the install", () => {
  it("reads only catalog files: the dlt schema and sources.yml under pipelines/dlt-ingestion/ are not catalog", async () => {
    const out = await pipeline(fixturePath("dlt-pipelines")).list();
    expect(out.split("\n")[0]).toBe("catalog: pipelines/ (2 files: project.yaml, services/, jobs/, sites/; other YAML there is not read)");
    expect(out).toContain("dlt-ingestion");
  });

  it("reads a catalog in deploy/catalog/ next to a Kubernetes manifest", async () => {
    const out = await pipeline(fixturePath("pdm-service"), undefined, "deploy/catalog").list();
    expect(out.split("\n")[0]).toMatch(/^catalog: deploy\/catalog\/ \(2 files/);
    expect(out).toContain("web");
  });

  it("binds the test database of the uv project under its alias", async () => {
    await pipeline(fixturePath("uv-workspace")).test("backend");
    const [pytest] = execsStarting(session(), "pytest", "-q");
    expect(Object.keys(pytest!.services)).toEqual(["postgres"]);
    expect(pytest!.env["DATABASE_URL"]).toBe("postgresql://notes:notes@postgres:5432/notes");
  });
});
