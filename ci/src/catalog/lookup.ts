/**
 * Finding targets and environments by name, with errors that list the valid names.
 */
import { UnknownTargetError } from "./errors.js";
import type { Catalog } from "./parse.js";
import type { JobSpec, ServiceSpec, SiteSpec } from "./schema.js";

export function findService(catalog: Catalog, name: string): ServiceSpec {
  const found = catalog.services.find((s) => s.name === name);
  if (!found) throw new UnknownTargetError("service", name, catalog.services.map((s) => s.name), `add ${catalog.dir}/services/${name}.yaml`);
  return found;
}

export function findJob(catalog: Catalog, name: string): JobSpec {
  const found = catalog.jobs.find((j) => j.name === name);
  if (!found) throw new UnknownTargetError("job", name, catalog.jobs.map((j) => j.name), `add ${catalog.dir}/jobs/${name}.yaml`);
  return found;
}

export function findSite(catalog: Catalog, name: string): SiteSpec {
  const found = catalog.sites.find((s) => s.name === name);
  if (!found) throw new UnknownTargetError("site", name, catalog.sites.map((s) => s.name), `add ${catalog.dir}/sites/${name}.yaml`);
  return found;
}

/** Services and jobs: everything that has a Dockerfile. */
export function findBuildable(catalog: Catalog, name: string): ServiceSpec | JobSpec {
  const found = [...catalog.services, ...catalog.jobs].find((t) => t.name === name);
  if (!found) {
    const valid = [...catalog.services, ...catalog.jobs].map((t) => t.name);
    throw new UnknownTargetError("service or job", name, valid, `add ${catalog.dir}/services/${name}.yaml or ${catalog.dir}/jobs/${name}.yaml`);
  }
  return found;
}

export interface ResolvedEnvironment {
  name: string;
  project: string;
  region: string;
  /** Added to Cloud Run names, Scheduler ids, extra image tags and site prefixes (catalog/naming.ts); "" when none. */
  nameSuffix: string;
}

/** The project's own settings: what a deploy without --env acts on when no defaultEnvironment is set. */
const projectDefaults = (catalog: Catalog): ResolvedEnvironment => ({ name: "default", project: catalog.project.project, region: catalog.project.region, nameSuffix: "" });

function declared(catalog: Catalog, name: string, env: Catalog["project"]["environments"][string]): ResolvedEnvironment {
  return { name, project: env.project, region: env.region ?? catalog.project.region, nameSuffix: env.nameSuffix ?? "" };
}

/** Every declared environment, resolved; the project's own settings when none is declared. */
export function catalogEnvironments(catalog: Catalog): ResolvedEnvironment[] {
  const envs = Object.entries(catalog.project.environments).map(([name, env]) => declared(catalog, name, env));
  return envs.length ? envs : [projectDefaults(catalog)];
}

/** Every environment a command can act on: the declared ones, plus the project's own settings when no defaultEnvironment replaces them. */
export function reachableEnvironments(catalog: Catalog): ResolvedEnvironment[] {
  const envs = catalogEnvironments(catalog);
  const withDefaults = !catalog.project.defaultEnvironment && !envs.some((e) => e.name === "default");
  return withDefaults ? [...envs, projectDefaults(catalog)] : envs;
}

/**
 * The environment to act on: the named one, else the default, else the project's own settings.
 * Only the catalog's own entries count: --env=__proto__, constructor or toString name no environment
 * (a plain `envs[name]` would find Object.prototype's members).
 */
export function resolveEnvironment(catalog: Catalog, name?: string): ResolvedEnvironment {
  const envs = catalog.project.environments;
  const chosen = name ?? catalog.project.defaultEnvironment;
  if (!chosen) return projectDefaults(catalog);
  const env = Object.hasOwn(envs, chosen) ? envs[chosen] : undefined;
  if (!env) {
    const valid = Object.keys(envs);
    throw new UnknownTargetError("environment", chosen, valid, `declare environments under \`environments:\` in ${catalog.files.project ?? `${catalog.dir}/project.yaml`}`);
  }
  if (env.protected && !name) {
    throw new Error(`Environment "${chosen}" is protected: pass --env=${chosen} explicitly.`);
  }
  return declared(catalog, chosen, env);
}
