/**
 * A Python project's environment for lint, tests and scans, whatever its manager: the pinned
 * python:X.Y image of its version, uv for tool installs, the project's own virtualenv first on
 * PATH. Dependency files are copied and installed BEFORE the source, so editing code reuses the
 * installed layer; each manager's downloads live in a named cache volume.
 */
import { dag, type Container, type Directory } from "@dagger.io/dagger";
import type { PythonVersion } from "../catalog/schema.js";
import { type PythonProject, TOOLS_BIN, VENV, WORKSPACE_ROOT } from "../python/plan.js";
import { targetContext } from "./context.js";
import { CACHES, IMAGES, PYTHON_IMAGES } from "./images.js";

export { WORKSPACE_ROOT as WORKDIR } from "../python/plan.js";

/** The PATH of the official python images, after the project's virtualenv and the pipeline's tools. */
const IMAGE_PATH = "/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin";

/** The pinned image of a Python version with the pinned uv binary and the uv cache. */
export function pythonBase(version: PythonVersion): Container {
  return dag
    .container()
    .from(PYTHON_IMAGES[version])
    .withFile("/usr/local/bin/uv", dag.container().from(IMAGES.uv).file("/uv"))
    .withMountedCache("/root/.cache/uv", dag.cacheVolume(CACHES.uv))
    .withEnvVariable("UV_LINK_MODE", "copy")
    .withEnvVariable("UV_PYTHON_DOWNLOADS", "never")
    .withEnvVariable("UV_TOOL_DIR", "/opt/uv-tools")
    .withEnvVariable("UV_TOOL_BIN_DIR", TOOLS_BIN)
    .withEnvVariable("PIP_DISABLE_PIP_VERSION_CHECK", "1")
    .withEnvVariable("PYTHONDONTWRITEBYTECODE", "1")
    .withWorkdir(WORKSPACE_ROOT);
}

/** The project folder alone (bandit, gitleaks), local clutter such as .venv removed. */
export function projectFolder(source: Directory, project: PythonProject): Directory {
  return targetContext(source, project.folder);
}

/** What lint and tests see at /src (the build context holding the project, or the project alone). */
export function projectWorkspace(source: Directory, project: PythonProject): Directory {
  return targetContext(source, project.workspace);
}

/** `uv tool install first --with second ...`, as one command (poetry with its export plugin). */
export function toolInstall(specs: readonly string[]): string[] {
  return ["uv", "tool", "install", specs[0]!, ...specs.slice(1).flatMap((s) => ["--with", s])];
}

/** Base image, the manager's caches and settings, its tools, and the files the pipeline generates. */
export function managerBase(project: PythonProject): Container {
  let container = pythonBase(project.version)
    .withWorkdir(project.workdir)
    .withEnvVariable("VIRTUAL_ENV", VENV)
    .withEnvVariable("PATH", `${VENV}/bin:${TOOLS_BIN}:${IMAGE_PATH}`);
  for (const cache of project.caches) {
    if (cache.name !== "uv") container = container.withMountedCache(cache.path, dag.cacheVolume(CACHES[cache.name]));
  }
  for (const [name, value] of Object.entries(project.env)) container = container.withEnvVariable(name, value);
  if (project.tools.length) container = container.withExec(toolInstall(project.tools));
  for (const [path, contents] of Object.entries(project.generated)) container = container.withNewFile(path, contents);
  return container;
}

/** The project's dependency files in its workdir (or, when requirements name local paths, the whole workspace). */
export function withDependencyFiles(container: Container, source: Directory, project: PythonProject): Container {
  if (project.sourceFirst) return container.withDirectory(WORKSPACE_ROOT, projectWorkspace(source, project));
  const folder = projectFolder(source, project);
  for (const file of project.dependencyFiles) container = container.withFile(`${project.workdir}/${file}`, folder.file(file));
  return container;
}

/** The project with every dependency (dev and test included) installed and its workspace in /src. */
export function projectEnvironment(source: Directory, project: PythonProject): Container {
  let container = managerBase(project);
  // uv creates the environment itself (UV_PROJECT_ENVIRONMENT); the others install into this one.
  if (project.manager !== "uv") container = container.withExec(["python", "-m", "venv", VENV]);
  container = withDependencyFiles(container, source, project);
  for (const command of project.installDependencies) container = container.withExec(command);
  container = container.withDirectory(WORKSPACE_ROOT, projectWorkspace(source, project));
  for (const command of project.installProject) container = container.withExec(command);
  return container;
}
