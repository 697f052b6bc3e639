/**
 * Lint: the catalog's lint commands (ruff check + ruff format --check by default) in the
 * project's own environment, so the project's pinned ruff and its config apply; a project that
 * does not install ruff gets the pipeline's pinned one (later on PATH).
 */
import type { Container, Directory } from "@dagger.io/dagger";
import type { JobSpec, ServiceSpec } from "../catalog/schema.js";
import { PYTHON_TOOLS, type PythonProject } from "../python/plan.js";
import { projectEnvironment, toolInstall } from "./python.js";

export function lintContainer(source: Directory, project: PythonProject, target: ServiceSpec | JobSpec): Container {
  let container = projectEnvironment(source, project).withExec(toolInstall(PYTHON_TOOLS.ruff));
  for (const command of target.lint.commands) container = container.withExec(command);
  return container;
}
