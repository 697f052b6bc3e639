/**
 * How each kind of Python project is installed for lint and tests, and what pip-audit audits:
 * the dependency files are copied and installed BEFORE the source, so editing code reuses the
 * installed layer; each manager keeps its downloads in its own named cache volume. Pure.
 */
import type { PythonManager, PythonSettings, PythonVersion } from "../catalog/schema.js";
import { isDevRequirements, requirementsRefs } from "./detect.js";
import { DEV_SETS, type PyprojectFacts } from "./pyproject.js";

/** Tools the pipeline installs (with `uv tool install`, into TOOLS_BIN), pinned by version. */
export const PYTHON_TOOLS = {
  poetry: ["poetry==2.5.1", "poetry-plugin-export==1.10.1"],
  pdm: ["pdm==2.29.4"],
  ruff: ["ruff==0.17.6"],
} as const;

/** The project's environment, first on PATH; then the pipeline's tools. */
export const VENV = "/opt/venv";
export const TOOLS_BIN = "/opt/tools/bin";
/** Files the pipeline writes for pip (generated requirements, pip-audit input). */
export const GENERATED_DIR = "/opt/cloud-run-pipeline";
export const AUDIT_REQUIREMENTS = `${GENERATED_DIR}/audit-requirements.txt`;

export interface CacheMount {
  path: string;
  /** Suffix of the named cache volume: cloud-run-pipeline-<name>. */
  name: "uv" | "pip" | "poetry" | "pdm";
}

export interface PythonProject {
  /** The target (service or job) the project belongs to. */
  target: string;
  /** Folder lint, tests and scans run in, relative to the repository root ("." for the root). */
  folder: string;
  /** How that folder was chosen. */
  folderSource: string;
  /**
   * What lint and tests see at /src: the build context when the project is inside it (tests may
   * import sibling folders the Docker build also sees), else the project folder alone.
   */
  workspace: string;
  /** Where commands run: /src plus the project folder's path inside the workspace. */
  workdir: string;
  manager: PythonManager;
  managerSource: string;
  version: PythonVersion;
  versionSource: string;
  /** Files of the folder copied before dependencies are installed. */
  dependencyFiles: string[];
  /** Files the pipeline writes before installing: absolute path -> contents. */
  generated: Record<string, string>;
  /** Requirements name local paths ("-e ."): the source has to be there before installing. */
  sourceFirst: boolean;
  /** Tool specs installed with `uv tool install` (poetry, pdm). */
  tools: string[];
  /** Installs the dependencies (before the source is copied, unless sourceFirst). */
  installDependencies: string[][];
  /** Installs the project itself, after the source is copied. */
  installProject: string[][];
  /** pip-audit: commands writing its input, the requirements files it audits, and whether they pin everything (a lock). */
  audit: { prepare: string[][]; requirements: string[]; locked: boolean };
  caches: CacheMount[];
  env: Record<string, string>;
}

export interface PlanInputs {
  target: string;
  folder: string;
  folderSource: string;
  /** The build context, relative to the repository root. */
  context: string;
  manager: PythonManager;
  managerSource: string;
  version: PythonVersion;
  versionSource: string;
  settings: PythonSettings;
  /** Files directly in the folder (and requirements/ files as "requirements/x.txt"). */
  files: string[];
  /** Requirements files to install (pip), relative to the folder. */
  requirements: string[];
  /** Text of every requirements file read (installed ones and those they include). */
  requirementsText: Record<string, string>;
  pyproject?: PyprojectFacts;
}

export class PythonPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PythonPlanError";
  }
}

const present = (inputs: PlanInputs, names: string[]) => names.filter((n) => inputs.files.includes(n));

function uvPlan(inputs: PlanInputs): Partial<PythonProject> {
  return {
    dependencyFiles: present(inputs, ["pyproject.toml", "uv.lock", ".python-version"]),
    installDependencies: [["uv", "sync", "--frozen", "--no-install-project", "--all-groups"]],
    installProject: [["uv", "sync", "--frozen", "--all-groups"]],
    audit: {
      prepare: [["uv", "export", "--frozen", "--no-dev", "--no-emit-project", "--no-hashes", "--output-file", AUDIT_REQUIREMENTS]],
      requirements: [AUDIT_REQUIREMENTS],
      locked: true,
    },
    caches: [{ path: "/root/.cache/uv", name: "uv" }],
    env: { UV_PROJECT_ENVIRONMENT: VENV },
  };
}

function poetryPlan(inputs: PlanInputs): Partial<PythonProject> {
  const locked = inputs.files.includes("poetry.lock");
  return {
    dependencyFiles: present(inputs, ["pyproject.toml", "poetry.lock"]),
    tools: [...PYTHON_TOOLS.poetry],
    installDependencies: [["poetry", "install", "--no-interaction", "--no-root", "--all-groups"]],
    installProject: inputs.pyproject?.buildable === false ? [] : [["poetry", "install", "--no-interaction", "--only-root"]],
    // Without poetry.lock, `poetry export` resolves (and writes) one first.
    audit: { prepare: [["poetry", "export", "--only", "main", "--without-hashes", "--format", "requirements.txt", "--output", AUDIT_REQUIREMENTS]], requirements: [AUDIT_REQUIREMENTS], locked },
    caches: [{ path: "/root/.cache/pypoetry", name: "poetry" }],
    // Poetry installs into the active virtualenv (VIRTUAL_ENV) instead of creating its own.
    env: { POETRY_VIRTUALENVS_CREATE: "false", POETRY_CACHE_DIR: "/root/.cache/pypoetry", POETRY_NO_INTERACTION: "1" },
  };
}

function pdmPlan(inputs: PlanInputs): Partial<PythonProject> {
  return {
    dependencyFiles: present(inputs, ["pyproject.toml", "pdm.lock", ".python-version"]),
    tools: [...PYTHON_TOOLS.pdm],
    installDependencies: [["pdm", "sync", "--no-self", "--group", ":all"]],
    installProject: [["pdm", "sync", "--group", ":all"]],
    audit: { prepare: [["pdm", "export", "--prod", "--no-hashes", "--format", "requirements", "--output", AUDIT_REQUIREMENTS]], requirements: [AUDIT_REQUIREMENTS], locked: true },
    caches: [{ path: "/root/.cache/pdm", name: "pdm" }],
    // pdm installs into the active virtualenv (VIRTUAL_ENV).
    env: { PDM_CACHE_DIR: "/root/.cache/pdm", PDM_CHECK_UPDATE: "false", PDM_NON_INTERACTIVE: "1" },
  };
}

const pipInstallProject = (inputs: PlanInputs): string[][] =>
  inputs.pyproject?.buildable || inputs.files.includes("setup.py") ? [["python", "-m", "pip", "install", "--no-input", "--no-deps", "."]] : [];

function pipPlan(inputs: PlanInputs): Partial<PythonProject> {
  const all = new Set<string>();
  let sourceFirst = false;
  const visit = (file: string) => {
    if (all.has(file)) return;
    const text = inputs.requirementsText[file];
    if (text === undefined) {
      throw new PythonPlanError(`${inputs.folder}/${file} is not in the project folder (a requirements file includes it); set python.project to a folder that holds every requirements file`);
    }
    all.add(file);
    const refs = requirementsRefs(file, text);
    if (refs.localPaths) sourceFirst = true;
    refs.includes.forEach(visit);
  };
  inputs.requirements.forEach(visit);
  const runtime = inputs.requirements.filter((f) => !isDevRequirements(f));
  const audited = runtime.length ? runtime : inputs.requirements;
  return {
    dependencyFiles: [...all].sort(),
    sourceFirst,
    installDependencies: [["python", "-m", "pip", "install", "--no-input", ...inputs.requirements.flatMap((f) => ["-r", f])]],
    installProject: pipInstallProject(inputs),
    // Hand-written requirements rarely pin every transitive dependency: pip-audit resolves them.
    audit: { prepare: [], requirements: audited, locked: false },
    caches: [{ path: "/root/.cache/pip", name: "pip" }],
    env: {},
  };
}

function pyprojectPlan(inputs: PlanInputs): Partial<PythonProject> {
  const facts = inputs.pyproject!;
  const declared = [...Object.keys(facts.optionalDependencies), ...Object.keys(facts.dependencyGroups)];
  const wanted = inputs.settings.extras ?? DEV_SETS.filter((name) => declared.includes(name));
  const unknown = wanted.filter((name) => !declared.includes(name));
  if (unknown.length) {
    throw new PythonPlanError(`python.extras names ${unknown.join(", ")}, which ${inputs.folder}/pyproject.toml does not declare; declared: ${declared.join(", ") || "none"}`);
  }
  const dev = wanted.flatMap((name) => [...(facts.optionalDependencies[name] ?? []), ...(facts.dependencyGroups[name] ?? [])]);
  const runtimeFile = `${GENERATED_DIR}/requirements.txt`;
  const devFile = `${GENERATED_DIR}/requirements-dev.txt`;
  const header = `# Written by cloud-run-pipeline from ${inputs.folder}/pyproject.toml`;
  return {
    dependencyFiles: present(inputs, ["pyproject.toml"]),
    generated: {
      [runtimeFile]: [`${header} ([project] dependencies)`, ...facts.dependencies].join("\n") + "\n",
      [devFile]: [`${header} (extras / groups: ${wanted.join(", ") || "none"})`, ...dev].join("\n") + "\n",
    },
    installDependencies: [["python", "-m", "pip", "install", "--no-input", "-r", runtimeFile, "-r", devFile]],
    installProject: pipInstallProject(inputs),
    audit: { prepare: [], requirements: [runtimeFile], locked: false },
    caches: [{ path: "/root/.cache/pip", name: "pip" }],
    env: {},
  };
}

const PLANS: Record<PythonManager, (inputs: PlanInputs) => Partial<PythonProject>> = {
  uv: uvPlan,
  poetry: poetryPlan,
  pdm: pdmPlan,
  pip: pipPlan,
  pyproject: pyprojectPlan,
};

export const WORKSPACE_ROOT = "/src";

/** The workspace copied to /src and the project's working directory in it. */
export function workspaceOf(folder: string, context: string): { workspace: string; workdir: string } {
  if (context === ".") return { workspace: ".", workdir: folder === "." ? WORKSPACE_ROOT : `${WORKSPACE_ROOT}/${folder}` };
  if (folder === context) return { workspace: context, workdir: WORKSPACE_ROOT };
  if (folder.startsWith(`${context}/`)) return { workspace: context, workdir: `${WORKSPACE_ROOT}/${folder.slice(context.length + 1)}` };
  return { workspace: folder, workdir: WORKSPACE_ROOT };
}

export function planPythonProject(inputs: PlanInputs): PythonProject {
  if ((inputs.manager === "pyproject" || inputs.manager === "uv" || inputs.manager === "poetry" || inputs.manager === "pdm") && !inputs.files.includes("pyproject.toml")) {
    throw new PythonPlanError(`"${inputs.folder}" has no pyproject.toml, which ${inputs.manager} needs; point python.project at the folder that has it, or set python.manager`);
  }
  const lock = { uv: "uv.lock", pdm: "pdm.lock" }[inputs.manager as "uv" | "pdm"];
  if (lock && !inputs.files.includes(lock)) {
    throw new PythonPlanError(`"${inputs.folder}" has no ${lock}, which python.manager ${inputs.manager} installs from; commit the lock file (\`${inputs.manager} lock\`) or set python.manager`);
  }
  if (inputs.manager === "pip" && inputs.requirements.length === 0) {
    throw new PythonPlanError(`"${inputs.folder}" has no requirements*.txt for python.manager pip; add one or list the files in python.requirements`);
  }
  if (inputs.manager === "pyproject" && !inputs.pyproject) {
    throw new PythonPlanError(`"${inputs.folder}/pyproject.toml" could not be read`);
  }
  const plan = PLANS[inputs.manager](inputs);
  return {
    target: inputs.target,
    folder: inputs.folder,
    folderSource: inputs.folderSource,
    ...workspaceOf(inputs.folder, inputs.context),
    manager: inputs.manager,
    managerSource: inputs.managerSource,
    version: inputs.version,
    versionSource: inputs.versionSource,
    dependencyFiles: plan.dependencyFiles ?? [],
    generated: plan.generated ?? {},
    sourceFirst: plan.sourceFirst ?? false,
    tools: plan.tools ?? [],
    installDependencies: plan.installDependencies ?? [],
    installProject: plan.installProject ?? [],
    audit: plan.audit ?? { prepare: [], requirements: [], locked: false },
    caches: plan.caches ?? [],
    env: plan.env ?? {},
  };
}
