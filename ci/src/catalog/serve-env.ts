/**
 * What a service is given when it runs locally (`serve`): the catalog's settings as Cloud Run
 * would apply them in the default environment, without anything from Secret Manager. Pure.
 */
import { findService, resolveEnvironment } from "./lookup.js";
import { mergeRun } from "./overrides.js";
import type { Catalog } from "./parse.js";
import type { ServiceRunSettings, ServiceSpec } from "./schema.js";

export interface LocalServiceSettings {
  /** The environment whose overrides apply: the default one (or the project's own settings). */
  environment: string;
  run: ServiceRunSettings;
  /**
   * run.env (with the environment's overrides), then test.env over it: the values written for the
   * test databases serve binds (a DATABASE_URL naming the `postgres` alias, local hosts), which in
   * Cloud Run often come from secrets; then PORT = run.port, as Cloud Run sets it.
   */
  env: Record<string, string>;
  /** Names of run.secrets that nothing above sets: the service runs without them. */
  secretsLeftOut: string[];
}

/** A service of the catalog; a job's name gets an error saying serve runs services. */
export function servableService(catalog: Catalog, name: string): ServiceSpec {
  if (!catalog.services.some((s) => s.name === name) && catalog.jobs.some((j) => j.name === name)) {
    const services = catalog.services.map((s) => s.name).join(", ") || "none";
    throw new Error(
      `"${name}" is a job, and serve runs services (they listen on run.port). Services: ${services}. ` +
        `To run the job's image, use \`dagger call build --service=${name} terminal\`.`,
    );
  }
  return findService(catalog, name);
}

export function localServiceSettings(catalog: Catalog, service: ServiceSpec): LocalServiceSettings {
  const environment = resolveEnvironment(catalog).name;
  const override = Object.hasOwn(service.environments, environment) ? service.environments[environment]?.run : undefined;
  const run = mergeRun(service.run, override);
  const env = { ...run.env, ...service.test.env, PORT: String(run.port) };
  const secretsLeftOut = Object.keys(run.secrets).filter((name) => !Object.hasOwn(env, name));
  return { environment, run, env, secretsLeftOut };
}
