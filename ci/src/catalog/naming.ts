/**
 * What things are called in Google Cloud in one environment: the single naming rule every command
 * uses. Pure (no Google client, no Dagger).
 *
 * The catalog `name` is what users type (--service=alie), what the image is named and the main
 * container's name. In Cloud Run a service or job is `(cloudRunName ?? name) + nameSuffix`, with
 * the environment's nameSuffix from the project file ("" when it gives none). The same suffix is
 * added to Cloud Scheduler job ids and to extra image tags, and (without its "-") to site prefixes,
 * so two environments can share one project, one Scheduler location and one Artifact Registry
 * repository without touching each other's resources.
 */
import type { ResolvedEnvironment } from "./lookup.js";
import { mergeRun } from "./overrides.js";
import type { JobSpec, ServiceSpec, SiteSpec } from "./schema.js";

/** What the naming rule needs of an environment. */
export type NamingEnvironment = Pick<ResolvedEnvironment, "name" | "nameSuffix">;

/** A service or job, by what the naming rule reads of it. */
export type NamedTarget = Pick<ServiceSpec | JobSpec, "name" | "cloudRunName">;

/** The Cloud Run service or job id of `target` in `env`: (cloudRunName ?? name) + nameSuffix. */
export function cloudRunNameOf(target: NamedTarget, env: Pick<ResolvedEnvironment, "nameSuffix">): string {
  return `${target.cloudRunName ?? target.name}${env.nameSuffix}`;
}

/** The Cloud Scheduler job id of `schedule` in `env`: its name + nameSuffix. */
export function schedulerJobNameOf(schedule: { name: string }, env: Pick<ResolvedEnvironment, "nameSuffix">): string {
  return `${schedule.name}${env.nameSuffix}`;
}

/** The catalog's extra image tags (image.tags) as pushed in `env`: "latest" -> "latest-staging". The short-SHA tag is not one of them. */
export function extraImageTagsOf(tags: readonly string[], env: Pick<ResolvedEnvironment, "nameSuffix">): string[] {
  return tags.map((tag) => `${tag}${env.nameSuffix}`);
}

/** "alie", or "alie -> alie-staging" when Cloud Run knows the target by another name. */
export const shownName = (catalogName: string, cloudRunName: string): string => (catalogName === cloudRunName ? catalogName : `${catalogName} -> ${cloudRunName}`);

export interface CloudRunLocation {
  /** The target's region in the environment (its run.region override, else the environment's). */
  region: string;
  /** projects/P/locations/R */
  parent: string;
  /** The Cloud Run id (cloudRunNameOf). */
  id: string;
  /** projects/P/locations/R/services/ID or .../jobs/ID */
  name: string;
}

/** Where a service or job lives in `env`, with the environment's run overrides applied (the region may be overridden). */
export function cloudRunLocationOf(target: ServiceSpec | JobSpec, env: ResolvedEnvironment): CloudRunLocation {
  const override: { region?: string } | undefined = target.environments[env.name]?.run;
  const region = mergeRun<{ region?: string }>(target.run, override).region ?? env.region;
  const parent = `projects/${env.project}/locations/${region}`;
  const id = cloudRunNameOf(target, env);
  return { region, parent, id, name: `${parent}/${target.kind === "service" ? "services" : "jobs"}/${id}` };
}

/** projects/P/locations/R/jobs/ID: the Cloud Scheduler job of `schedule` in `parent` (its target's location). */
export const schedulerJobPathOf = (parent: string, schedule: { name: string }, env: Pick<ResolvedEnvironment, "nameSuffix">): string =>
  `${parent}/jobs/${schedulerJobNameOf(schedule, env)}`;

/** A site's destination in one environment. */
export interface SiteTarget {
  bucket: string;
  prefix: string;
}

/**
 * Where a site is published in `env`. The environment's override (sites' `environments.ENV`) wins
 * for what it sets. When it sets neither bucket nor prefix and the environment has a nameSuffix,
 * the prefix gets the suffix without its "-" as one more folder: "" -> "staging/", "docs/" ->
 * "docs/staging/", so environments sharing a bucket never overwrite each other's pages.
 */
export function siteTargetOf(site: Pick<SiteSpec, "bucket" | "prefix" | "environments">, env: NamingEnvironment): SiteTarget {
  const override = Object.hasOwn(site.environments, env.name) ? site.environments[env.name] : undefined;
  const bucket = override?.bucket ?? site.bucket;
  if (override?.prefix !== undefined) return { bucket, prefix: override.prefix };
  if (override?.bucket !== undefined || !env.nameSuffix) return { bucket, prefix: site.prefix };
  return { bucket, prefix: `${site.prefix}${env.nameSuffix.slice(1)}/` };
}

/** The object prefix of a site in `env` (siteTargetOf). */
export const sitePrefixOf = (site: Pick<SiteSpec, "bucket" | "prefix" | "environments">, env: NamingEnvironment): string => siteTargetOf(site, env).prefix;

/**
 * The prefixes other environments publish `site` under inside the bucket and prefix `env` publishes
 * to (e.g. "staging/" inside dev's bucket root): a sync of `env` must leave them alone, even when
 * it deletes what its own build no longer has.
 */
export function nestedSitePrefixesOf(site: Pick<SiteSpec, "bucket" | "prefix" | "environments">, env: NamingEnvironment, all: readonly NamingEnvironment[]): string[] {
  const own = siteTargetOf(site, env);
  const nested = all
    .filter((other) => other.name !== env.name)
    .map((other) => siteTargetOf(site, other))
    .filter((t) => t.bucket === own.bucket && t.prefix !== own.prefix && t.prefix.startsWith(own.prefix))
    .map((t) => t.prefix);
  return [...new Set(nested)].sort();
}
