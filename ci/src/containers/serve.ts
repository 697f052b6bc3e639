/**
 * A service's image run locally as a Dagger service (`serve`): the test databases bound by alias
 * as the tests bind them, the environment catalog/serve-env.ts computes (no secrets), the
 * catalog's command, args and working directory applied as Cloud Run applies them, run.port exposed.
 */
import type { Container, Service } from "@dagger.io/dagger";
import type { ServiceSpec } from "../catalog/schema.js";
import type { LocalServiceSettings } from "../catalog/serve-env.js";
import { withTestDatabases } from "./test-run.js";

export function localService(image: Container, service: ServiceSpec, settings: LocalServiceSettings, runId: string): Service {
  const { run, env } = settings;
  let container = withTestDatabases(image, service, runId);
  for (const [name, value] of Object.entries(env)) container = container.withEnvVariable(name, value);
  if (run.workingDir) container = container.withWorkdir(run.workingDir);
  // Cloud Run's command replaces the ENTRYPOINT and, without args, drops the image's CMD too
  // (withEntrypoint does the same); args replace the CMD.
  if (run.command) container = container.withEntrypoint(run.command);
  if (run.args) container = container.withDefaultArgs(run.args);
  // useEntrypoint: the image's ENTRYPOINT (cloud's entrypoint.sh) runs before its CMD, as in Cloud Run.
  return container.withExposedPort(run.port).asService({ useEntrypoint: true });
}
