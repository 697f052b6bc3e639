/**
 * Tests in containers: declared databases run as Dagger services bound by alias, the test
 * command runs in the project's environment.
 */
import { dag, type Container, type Directory, type Service } from "@dagger.io/dagger";
import type { JobSpec, ServiceSpec, TestDatabaseSpec } from "../catalog/schema.js";
import type { PythonProject } from "../python/plan.js";
import { DATABASE_PORTS, IMAGES } from "./images.js";
import { projectEnvironment } from "./python.js";

export function databaseService(db: TestDatabaseSpec): Service {
  let container = dag.container().from(db.image ?? IMAGES[db.engine]);
  for (const [name, value] of Object.entries(db.env)) container = container.withEnvVariable(name, value);
  return container.withExposedPort(db.port ?? DATABASE_PORTS[db.engine]).asService({ useEntrypoint: true });
}

export function testContainer(source: Directory, project: PythonProject, target: ServiceSpec | JobSpec): Container {
  let container = projectEnvironment(source, project);
  for (const db of target.test.databases) container = container.withServiceBinding(db.alias, databaseService(db));
  for (const [name, value] of Object.entries(target.test.env)) container = container.withEnvVariable(name, value);
  return container.withExec(target.test.command);
}
