/**
 * Lint: the catalog's lint commands (ruff check + ruff format --check by default) in the
 * project's own environment, so the project's pinned ruff version and config apply.
 */
import type { Container, Directory } from "@dagger.io/dagger";
import type { JobSpec, ServiceSpec } from "../catalog/schema.js";
import { targetContext } from "./context.js";
import { pythonProject } from "./python.js";

export function lintContainer(source: Directory, target: ServiceSpec | JobSpec): Container {
  let container = pythonProject(targetContext(source, target.build.context));
  for (const command of target.lint.commands) container = container.withExec(command);
  return container;
}
