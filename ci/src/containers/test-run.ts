/**
 * Tests in containers: declared databases run as Dagger services bound by alias, the test
 * command runs in the project's environment.
 *
 * The engine runs identical service definitions once per session, shared by everyone who binds
 * them: two targets declaring the same postgres, or two runs in one session, would share one
 * database and see each other's data. So each database is marked with its owner (target, alias)
 * and the run, which makes its definition, and so its instance, its own.
 */
import { dag, type Container, type Directory, ReturnType, type Service } from "@dagger.io/dagger";
import type { JobSpec, ServiceSpec, TestDatabaseSpec } from "../catalog/schema.js";
import type { PythonProject } from "../python/plan.js";
import { DATABASE_PORTS, IMAGES } from "./images.js";
import { projectEnvironment } from "./python.js";
import { REPORT_DIR } from "./scan.js";

/** Set on every test database: `<target>/<alias>/<run id>`. */
export const TEST_RUN_ENV = "CLOUD_RUN_PIPELINE_TEST_RUN";

/** Whose database it is: the target that declares it and the run (one verify, test or serve call). */
export interface DatabaseOwner {
  target: string;
  runId: string;
}

export function databaseService(db: TestDatabaseSpec, owner: DatabaseOwner): Service {
  let container = dag.container().from(db.image ?? IMAGES[db.engine]);
  for (const [name, value] of Object.entries(db.env)) container = container.withEnvVariable(name, value);
  return container
    .withEnvVariable(TEST_RUN_ENV, `${owner.target}/${db.alias}/${owner.runId}`)
    .withExposedPort(db.port ?? DATABASE_PORTS[db.engine])
    .asService({ useEntrypoint: true });
}

/** The target's test databases bound by alias, as its tests (and `serve`) reach them. */
export function withTestDatabases(container: Container, target: ServiceSpec | JobSpec, runId: string): Container {
  for (const db of target.test.databases) container = container.withServiceBinding(db.alias, databaseService(db, { target: target.name, runId }));
  return container;
}

/** Where pytest writes JUnit XML in report mode. */
export const JUNIT_FILE = `${REPORT_DIR}/junit.xml`;

/** Whether the test command runs pytest itself (pytest ..., uv run pytest ..., python -m pytest ...), so --junitxml can be added. */
export function runsPytest(command: readonly string[]): boolean {
  return command.some((arg, i) => /(^|\/)(pytest|py\.test)$/.test(arg) || (arg === "-m" && command[i + 1] === "pytest"));
}

export interface TestRunOptions {
  runId: string;
  /** Report mode: for a command runsPytest accepts, add --junitxml=JUNIT_FILE and end with the exit code instead of failing. */
  junit?: boolean;
}

export function testContainer(source: Directory, project: PythonProject, target: ServiceSpec | JobSpec, options: TestRunOptions): Container {
  let container = withTestDatabases(projectEnvironment(source, project), target, options.runId);
  for (const [name, value] of Object.entries(target.test.env)) container = container.withEnvVariable(name, value);
  if (!options.junit || !runsPytest(target.test.command)) return container.withExec(target.test.command);
  return container
    .withDirectory(REPORT_DIR, dag.directory())
    .withExec([...target.test.command, `--junitxml=${JUNIT_FILE}`], { expect: ReturnType.Any });
}
