/**
 * How each kind of Python project is installed for lint and tests, and what pip-audit audits.
 */
import { describe, expect, it } from "vitest";
import {
  AUDIT_REQUIREMENTS,
  GENERATED_DIR,
  type PlanInputs,
  planPythonProject,
  PYTHON_TOOLS,
  PythonPlanError,
  TOOLS_BIN,
  VENV,
  workspaceOf,
} from "../../ci/src/python/plan.js";
import type { PyprojectFacts } from "../../ci/src/python/pyproject.js";

const facts = (over: Partial<PyprojectFacts> = {}): PyprojectFacts => ({
  dependencies: [],
  optionalDependencies: {},
  dependencyGroups: {},
  buildable: false,
  poetry: false,
  ...over,
});

const inputs = (over: Partial<PlanInputs>): PlanInputs => ({
  target: "api",
  folder: "svc",
  folderSource: "python.project",
  context: "svc",
  manager: "pip",
  managerSource: "requirements.txt",
  version: "3.12",
  versionSource: "default (3.12)",
  settings: {},
  files: [],
  requirements: [],
  requirementsText: {},
  ...over,
});

const PIP = ["python", "-m", "pip", "install", "--no-input"];
const RUNTIME_FILE = "/opt/cloud-run-pipeline/requirements.txt";
const DEV_FILE = "/opt/cloud-run-pipeline/requirements-dev.txt";

describe("constants", () => {
  it("audit input is written under the generated folder", () => {
    expect([GENERATED_DIR, AUDIT_REQUIREMENTS]).toEqual(["/opt/cloud-run-pipeline", "/opt/cloud-run-pipeline/audit-requirements.txt"]);
  });

  it("the project environment and tool folder are fixed paths", () => {
    expect([VENV, TOOLS_BIN]).toEqual(["/opt/venv", "/opt/tools/bin"]);
  });
});

describe("planPythonProject copies the identity fields through", () => {
  it("target, folder, manager and version and their sources come from the inputs", () => {
    const plan = planPythonProject(
      inputs({ manager: "pip", folder: "svc", folderSource: "the build context", managerSource: "requirements.txt", version: "3.11", versionSource: ".python-version (3.11)", files: ["requirements.txt"], requirements: ["requirements.txt"], requirementsText: { "requirements.txt": "flask\n" } }),
    );
    expect({ target: plan.target, folder: plan.folder, folderSource: plan.folderSource, manager: plan.manager, managerSource: plan.managerSource, version: plan.version, versionSource: plan.versionSource }).toEqual({
      target: "api",
      folder: "svc",
      folderSource: "the build context",
      manager: "pip",
      managerSource: "requirements.txt",
      version: "3.11",
      versionSource: ".python-version (3.11)",
    });
  });

  it("workspace and workdir come from workspaceOf(folder, context)", () => {
    const plan = planPythonProject(inputs({ folder: "services/api", context: ".", files: ["requirements.txt"], requirements: ["requirements.txt"], requirementsText: { "requirements.txt": "" } }));
    expect([plan.workspace, plan.workdir]).toEqual([".", "/src/services/api"]);
  });
});

describe("uv", () => {
  const plan = planPythonProject(inputs({ manager: "uv", managerSource: "uv.lock", files: ["pyproject.toml", "uv.lock", ".python-version", "main.py"], pyproject: facts() }));

  it("copies pyproject.toml, uv.lock and .python-version first", () => {
    expect(plan.dependencyFiles).toEqual(["pyproject.toml", "uv.lock", ".python-version"]);
  });

  it("copies only the dependency files that exist", () => {
    expect(planPythonProject(inputs({ manager: "uv", files: ["pyproject.toml", "uv.lock"] })).dependencyFiles).toEqual(["pyproject.toml", "uv.lock"]);
  });

  it("installs the locked dependencies of all groups without the project", () => {
    expect(plan.installDependencies).toEqual([["uv", "sync", "--frozen", "--no-install-project", "--all-groups"]]);
  });

  it("then installs the project with uv sync", () => {
    expect(plan.installProject).toEqual([["uv", "sync", "--frozen", "--all-groups"]]);
  });

  it("audits the locked runtime dependencies exported by uv", () => {
    expect(plan.audit).toEqual({
      prepare: [["uv", "export", "--frozen", "--no-dev", "--no-emit-project", "--no-hashes", "--output-file", "/opt/cloud-run-pipeline/audit-requirements.txt"]],
      requirements: ["/opt/cloud-run-pipeline/audit-requirements.txt"],
      locked: true,
    });
  });

  it("caches uv downloads", () => {
    expect(plan.caches).toEqual([{ path: "/root/.cache/uv", name: "uv" }]);
  });

  it("points uv at the pipeline's environment", () => {
    expect(plan.env).toEqual({ UV_PROJECT_ENVIRONMENT: "/opt/venv" });
  });

  it("installs no tools, generates nothing and does not need the source first", () => {
    expect([plan.tools, plan.generated, plan.sourceFirst]).toEqual([[], {}, false]);
  });

  it("without uv.lock is an error", () => {
    expect(() => planPythonProject(inputs({ manager: "uv", files: ["pyproject.toml"] }))).toThrow(
      new PythonPlanError('"svc" has no uv.lock, which python.manager uv installs from; commit the lock file (`uv lock`) or set python.manager'),
    );
  });
});

describe("poetry", () => {
  const plan = planPythonProject(inputs({ manager: "poetry", managerSource: "poetry.lock", files: ["pyproject.toml", "poetry.lock"], pyproject: facts({ poetry: true, buildable: true }) }));

  it("copies pyproject.toml and poetry.lock first", () => {
    expect(plan.dependencyFiles).toEqual(["pyproject.toml", "poetry.lock"]);
  });

  it("installs pinned poetry and its export plugin", () => {
    expect(plan.tools).toEqual(["poetry==2.5.1", "poetry-plugin-export==1.10.1"]);
  });

  it("the tools are PYTHON_TOOLS.poetry", () => {
    expect(plan.tools).toEqual([...PYTHON_TOOLS.poetry]);
  });

  it("installs the dependencies of all groups without the root package", () => {
    expect(plan.installDependencies).toEqual([["poetry", "install", "--no-interaction", "--no-root", "--all-groups"]]);
  });

  it("then installs only the root package", () => {
    expect(plan.installProject).toEqual([["poetry", "install", "--no-interaction", "--only-root"]]);
  });

  it("installs no root package when the pyproject is known not to be buildable", () => {
    expect(planPythonProject(inputs({ manager: "poetry", files: ["pyproject.toml"], pyproject: facts({ buildable: false }) })).installProject).toEqual([]);
  });

  it("still installs the root package when the pyproject was not read", () => {
    expect(planPythonProject(inputs({ manager: "poetry", files: ["pyproject.toml", "poetry.lock"] })).installProject).toEqual([["poetry", "install", "--no-interaction", "--only-root"]]);
  });

  it("audits the main group exported by poetry, as locked when poetry.lock exists", () => {
    expect(plan.audit).toEqual({
      prepare: [["poetry", "export", "--only", "main", "--without-hashes", "--format", "requirements.txt", "--output", "/opt/cloud-run-pipeline/audit-requirements.txt"]],
      requirements: ["/opt/cloud-run-pipeline/audit-requirements.txt"],
      locked: true,
    });
  });

  it("without poetry.lock the audit is not locked and only pyproject.toml is copied", () => {
    const unlocked = planPythonProject(inputs({ manager: "poetry", files: ["pyproject.toml"], pyproject: facts({ poetry: true, buildable: true }) }));
    expect([unlocked.audit.locked, unlocked.dependencyFiles]).toEqual([false, ["pyproject.toml"]]);
  });

  it("caches poetry downloads", () => {
    expect(plan.caches).toEqual([{ path: "/root/.cache/pypoetry", name: "poetry" }]);
  });

  it("makes poetry install into the active environment, non-interactively", () => {
    expect(plan.env).toEqual({ POETRY_VIRTUALENVS_CREATE: "false", POETRY_CACHE_DIR: "/root/.cache/pypoetry", POETRY_NO_INTERACTION: "1" });
  });
});

describe("pdm", () => {
  const plan = planPythonProject(inputs({ manager: "pdm", managerSource: "pdm.lock", files: ["pyproject.toml", "pdm.lock", ".python-version"], pyproject: facts() }));

  it("copies pyproject.toml, pdm.lock and .python-version first", () => {
    expect(plan.dependencyFiles).toEqual(["pyproject.toml", "pdm.lock", ".python-version"]);
  });

  it("installs pinned pdm", () => {
    expect(plan.tools).toEqual(["pdm==2.29.4"]);
  });

  it("installs all groups without the project itself", () => {
    expect(plan.installDependencies).toEqual([["pdm", "sync", "--no-self", "--group", ":all"]]);
  });

  it("then syncs again with the project", () => {
    expect(plan.installProject).toEqual([["pdm", "sync", "--group", ":all"]]);
  });

  it("audits the locked production dependencies exported by pdm", () => {
    expect(plan.audit).toEqual({
      prepare: [["pdm", "export", "--prod", "--no-hashes", "--format", "requirements", "--output", "/opt/cloud-run-pipeline/audit-requirements.txt"]],
      requirements: ["/opt/cloud-run-pipeline/audit-requirements.txt"],
      locked: true,
    });
  });

  it("caches pdm downloads", () => {
    expect(plan.caches).toEqual([{ path: "/root/.cache/pdm", name: "pdm" }]);
  });

  it("configures pdm's cache and turns off its prompts and update check", () => {
    expect(plan.env).toEqual({ PDM_CACHE_DIR: "/root/.cache/pdm", PDM_CHECK_UPDATE: "false", PDM_NON_INTERACTIVE: "1" });
  });

  it("without pdm.lock is an error", () => {
    expect(() => planPythonProject(inputs({ manager: "pdm", files: ["pyproject.toml"] }))).toThrow(
      '"svc" has no pdm.lock, which python.manager pdm installs from; commit the lock file (`pdm lock`) or set python.manager',
    );
  });
});

describe("pip", () => {
  const pip = (files: Record<string, string>, requirements: string[], extra: Partial<PlanInputs> = {}) =>
    planPythonProject(inputs({ manager: "pip", files: Object.keys(files), requirements, requirementsText: files, ...extra }));

  it("installs every requirements file with -r, in the given order", () => {
    const plan = pip({ "requirements.txt": "flask\n", "requirements-dev.txt": "pytest\n" }, ["requirements.txt", "requirements-dev.txt"]);
    expect(plan.installDependencies).toEqual([[...PIP, "-r", "requirements.txt", "-r", "requirements-dev.txt"]]);
  });

  it("copies the installed files and the files they include, sorted", () => {
    const plan = pip({ "requirements.txt": "-r base.txt\n-c constraints.txt\n", "base.txt": "flask\n", "constraints.txt": "flask==3.0.0\n" }, ["requirements.txt"]);
    expect(plan.dependencyFiles).toEqual(["base.txt", "constraints.txt", "requirements.txt"]);
  });

  it("follows includes of includes", () => {
    const plan = pip({ "requirements-dev.txt": "-r requirements.txt\n", "requirements.txt": "-r requirements/base.txt\n", "requirements/base.txt": "flask\n" }, ["requirements-dev.txt"]);
    expect(plan.dependencyFiles).toEqual(["requirements-dev.txt", "requirements.txt", "requirements/base.txt"]);
  });

  it("resolves includes of a requirements/ folder file inside that folder", () => {
    const plan = pip({ "requirements/dev.txt": "-r base.txt\npytest\n", "requirements/base.txt": "flask\n" }, ["requirements/dev.txt"]);
    expect(plan.dependencyFiles).toEqual(["requirements/base.txt", "requirements/dev.txt"]);
  });

  it("survives files that include each other", () => {
    const plan = pip({ "a.txt": "-r b.txt\n", "b.txt": "-r a.txt\n" }, ["a.txt"]);
    expect(plan.dependencyFiles).toEqual(["a.txt", "b.txt"]);
  });

  it("audits only the runtime requirements files, not the dev ones", () => {
    const plan = pip({ "requirements.txt": "flask\n", "requirements-dev.txt": "pytest\n", "requirements-test.txt": "pytest-cov\n" }, ["requirements-dev.txt", "requirements-test.txt", "requirements.txt"]);
    expect(plan.audit).toEqual({ prepare: [], requirements: ["requirements.txt"], locked: false });
  });

  it("audits every file when only dev requirements files exist", () => {
    const plan = pip({ "requirements-dev.txt": "pytest\n", "requirements-test.txt": "pytest-cov\n" }, ["requirements-dev.txt", "requirements-test.txt"]);
    expect(plan.audit.requirements).toEqual(["requirements-dev.txt", "requirements-test.txt"]);
  });

  it("installs dependencies before the source when no file names a local path", () => {
    expect(pip({ "requirements.txt": "flask\n" }, ["requirements.txt"]).sourceFirst).toBe(false);
  });

  it("-e . needs the source first", () => {
    expect(pip({ "requirements.txt": "flask\n-e .\n" }, ["requirements.txt"]).sourceFirst).toBe(true);
  });

  it("a local path in an included file also needs the source first", () => {
    expect(pip({ "requirements.txt": "-r local.txt\n", "local.txt": "./vendor/pkg\n" }, ["requirements.txt"]).sourceFirst).toBe(true);
  });

  it("installs nothing more when the folder has no setup.py and no buildable pyproject", () => {
    expect(pip({ "requirements.txt": "flask\n" }, ["requirements.txt"]).installProject).toEqual([]);
  });

  it("installs the project without dependencies when it has setup.py", () => {
    const plan = planPythonProject(inputs({ manager: "pip", files: ["requirements.txt", "setup.py"], requirements: ["requirements.txt"], requirementsText: { "requirements.txt": "flask\n" } }));
    expect(plan.installProject).toEqual([[...PIP, "--no-deps", "."]]);
  });

  it("installs the project without dependencies when its pyproject is buildable", () => {
    const plan = pip({ "requirements.txt": "flask\n", "pyproject.toml": "" }, ["requirements.txt"], { pyproject: facts({ buildable: true }) });
    expect(plan.installProject).toEqual([[...PIP, "--no-deps", "."]]);
  });

  it("caches pip downloads, installs no tools, sets no env and generates nothing", () => {
    const plan = pip({ "requirements.txt": "flask\n" }, ["requirements.txt"]);
    expect([plan.caches, plan.tools, plan.env, plan.generated]).toEqual([[{ path: "/root/.cache/pip", name: "pip" }], [], {}, {}]);
  });

  it("an include outside the project folder is an error naming it", () => {
    expect(() => pip({ "requirements.txt": "-r ../shared.txt\n" }, ["requirements.txt"])).toThrow(
      new PythonPlanError("svc/../shared.txt is not in the project folder (a requirements file includes it); set python.project to a folder that holds every requirements file"),
    );
  });

  it("without requirements files is an error", () => {
    expect(() => planPythonProject(inputs({ manager: "pip", files: ["setup.py"], requirements: [] }))).toThrow(
      new PythonPlanError('"svc" has no requirements*.txt for python.manager pip; add one or list the files in python.requirements'),
    );
  });

  it("does not need a pyproject.toml", () => {
    expect(() => pip({ "requirements.txt": "flask\n" }, ["requirements.txt"])).not.toThrow();
  });
});

describe("pyproject (plain pip install of a PEP 621 project)", () => {
  const project = facts({
    dependencies: ["flask>=3", "gunicorn"],
    optionalDependencies: { dev: ["pytest"], docs: ["mkdocs"], test: ["pytest-cov"] },
    dependencyGroups: { lint: ["ruff"] },
    buildable: true,
  });
  const plan = planPythonProject(inputs({ manager: "pyproject", managerSource: "pyproject.toml", files: ["pyproject.toml"], pyproject: project }));

  it("copies pyproject.toml first", () => {
    expect(plan.dependencyFiles).toEqual(["pyproject.toml"]);
  });

  it("writes the [project] dependencies as the runtime requirements", () => {
    expect(plan.generated[RUNTIME_FILE]).toBe("# Written by cloud-run-pipeline from svc/pyproject.toml ([project] dependencies)\nflask>=3\ngunicorn\n");
  });

  it("writes the declared dev sets (dev, test, lint; not docs) as the dev requirements, in DEV_SETS order", () => {
    expect(plan.generated[DEV_FILE]).toBe("# Written by cloud-run-pipeline from svc/pyproject.toml (extras / groups: dev, test, lint)\npytest\npytest-cov\nruff\n");
  });

  it("generates exactly the two requirements files", () => {
    expect(Object.keys(plan.generated)).toEqual([RUNTIME_FILE, DEV_FILE]);
  });

  it("installs both generated files", () => {
    expect(plan.installDependencies).toEqual([[...PIP, "-r", RUNTIME_FILE, "-r", DEV_FILE]]);
  });

  it("installs the buildable project without dependencies", () => {
    expect(plan.installProject).toEqual([[...PIP, "--no-deps", "."]]);
  });

  it("audits the runtime requirements only", () => {
    expect(plan.audit).toEqual({ prepare: [], requirements: [RUNTIME_FILE], locked: false });
  });

  it("caches pip downloads and sets no env or tools", () => {
    expect([plan.caches, plan.env, plan.tools]).toEqual([[{ path: "/root/.cache/pip", name: "pip" }], {}, []]);
  });

  it("python.extras replaces the default dev sets", () => {
    const chosen = planPythonProject(inputs({ manager: "pyproject", files: ["pyproject.toml"], pyproject: project, settings: { extras: ["docs"] } }));
    expect(chosen.generated[DEV_FILE]).toBe("# Written by cloud-run-pipeline from svc/pyproject.toml (extras / groups: docs)\nmkdocs\n");
  });

  it("an extra that is both an optional dependency and a group installs both lists", () => {
    const both = facts({ optionalDependencies: { dev: ["a"] }, dependencyGroups: { dev: ["b"] } });
    expect(planPythonProject(inputs({ manager: "pyproject", files: ["pyproject.toml"], pyproject: both })).generated[DEV_FILE]).toBe(
      "# Written by cloud-run-pipeline from svc/pyproject.toml (extras / groups: dev)\na\nb\n",
    );
  });

  it("a project declaring no dev sets gets a dev file with only its header", () => {
    const bare = planPythonProject(inputs({ manager: "pyproject", files: ["pyproject.toml"], pyproject: facts({ dependencies: ["flask"] }) }));
    expect(bare.generated[DEV_FILE]).toBe("# Written by cloud-run-pipeline from svc/pyproject.toml (extras / groups: none)\n");
  });

  it("an unknown extra is an error listing the declared ones", () => {
    expect(() => planPythonProject(inputs({ manager: "pyproject", files: ["pyproject.toml"], pyproject: project, settings: { extras: ["dev", "qa"] } }))).toThrow(
      new PythonPlanError("python.extras names qa, which svc/pyproject.toml does not declare; declared: dev, docs, test, lint"),
    );
  });

  it("an unknown extra with nothing declared says none", () => {
    expect(() => planPythonProject(inputs({ manager: "pyproject", files: ["pyproject.toml"], pyproject: facts(), settings: { extras: ["dev"] } }))).toThrow(
      "python.extras names dev, which svc/pyproject.toml does not declare; declared: none",
    );
  });

  it("does not install the project when it is neither buildable nor has setup.py", () => {
    expect(planPythonProject(inputs({ manager: "pyproject", files: ["pyproject.toml"], pyproject: facts() })).installProject).toEqual([]);
  });

  it("installs the project when it has setup.py though the pyproject is not buildable", () => {
    expect(planPythonProject(inputs({ manager: "pyproject", files: ["pyproject.toml", "setup.py"], pyproject: facts() })).installProject).toEqual([[...PIP, "--no-deps", "."]]);
  });

  it("an unread pyproject.toml is an error", () => {
    expect(() => planPythonProject(inputs({ manager: "pyproject", files: ["pyproject.toml"] }))).toThrow(new PythonPlanError('"svc/pyproject.toml" could not be read'));
  });
});

describe("managers that need pyproject.toml", () => {
  it.each(["uv", "poetry", "pdm", "pyproject"] as const)("%s without pyproject.toml is an error", (manager) => {
    expect(() => planPythonProject(inputs({ manager, files: ["uv.lock", "poetry.lock", "pdm.lock"] }))).toThrow(
      new PythonPlanError(`"svc" has no pyproject.toml, which ${manager} needs; point python.project at the folder that has it, or set python.manager`),
    );
  });
});

describe("workspaceOf", () => {
  it("context . with folder . works at /src", () => {
    expect(workspaceOf(".", ".")).toEqual({ workspace: ".", workdir: "/src" });
  });

  it("context . copies the whole repository and works in /src/<folder>", () => {
    expect(workspaceOf("services/api", ".")).toEqual({ workspace: ".", workdir: "/src/services/api" });
  });

  it("a folder equal to the context works at /src", () => {
    expect(workspaceOf("svc", "svc")).toEqual({ workspace: "svc", workdir: "/src" });
  });

  it("a folder inside the context copies the context and works in the folder's path within it", () => {
    expect(workspaceOf("svc/api/app", "svc")).toEqual({ workspace: "svc", workdir: "/src/api/app" });
  });

  it("a folder outside the context copies the folder alone", () => {
    expect(workspaceOf("tools/lint", "svc")).toEqual({ workspace: "tools/lint", workdir: "/src" });
  });

  it("a folder that only shares the context's name prefix is outside it", () => {
    expect(workspaceOf("svc2", "svc")).toEqual({ workspace: "svc2", workdir: "/src" });
  });
});
