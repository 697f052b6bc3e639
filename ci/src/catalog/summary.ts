/**
 * What the catalog holds, for `list`: one line per target for people, or JSON.
 */
import { catalogEnvironments } from "./lookup.js";
import { cloudRunNameOf, shownName, siteTargetOf } from "./naming.js";
import type { Catalog } from "./parse.js";
import type { JobSpec, ServiceSpec, SiteSpec } from "./schema.js";

/** "  -> alie-staging (staging)" for the environments whose Cloud Run name is not the catalog name; "" when none. */
function cloudRunNames(catalog: Catalog, target: ServiceSpec | JobSpec): string {
  const named = new Map<string, string[]>();
  for (const env of catalogEnvironments(catalog)) {
    const id = cloudRunNameOf(target, env);
    if (id !== target.name) named.set(id, [...(named.get(id) ?? []), env.name]);
  }
  if (!named.size) return "";
  return `  Cloud Run: ${[...named].map(([id, envs]) => `${shownName(target.name, id)} (${envs.join(", ")})`).join(", ")}`;
}

/** "gs://bucket/prefix", plus where environments with a nameSuffix publish instead. */
function siteDestinations(catalog: Catalog, site: SiteSpec): string {
  const base = `gs://${site.bucket}/${site.prefix}`;
  const moved = catalogEnvironments(catalog)
    .map((env) => ({ env: env.name, at: siteTargetOf(site, env) }))
    .filter(({ at }) => at.bucket !== site.bucket || at.prefix !== site.prefix)
    .map(({ env, at }) => `${env}: gs://${at.bucket}/${at.prefix}`);
  return moved.length ? `${base} (${moved.join(", ")})` : base;
}

export function summarizeCatalog(catalog: Catalog): string {
  const p = catalog.project;
  const envs = Object.entries(p.environments).map(([name, e]) => `${name} (${e.project}, ${e.region ?? p.region}${e.nameSuffix ? `, nameSuffix ${e.nameSuffix}` : ""})`);
  const files = new Set(Object.values(catalog.files)).size;
  const lines = [
    `catalog: ${catalog.dir}/ (${files} files: project.yaml, services/, jobs/, sites/; other YAML there is not read)`,
    `project ${p.project}, region ${p.region}, images in ${p.artifactRegistry.location ?? p.region}-docker.pkg.dev/${p.project}/${p.artifactRegistry.repository}`,
    `environments: ${envs.length ? envs.join(", ") : "none"}${p.defaultEnvironment ? ` (default ${p.defaultEnvironment})` : ""}`,
    "",
    "services:",
    ...catalog.services.map((s) => `  ${s.name.padEnd(20)} ${s.run.public ? "public " : "private"}  ${s.build.context}  health ${s.run.healthPath}${s.test.databases.length ? `  tests with ${s.test.databases.map((d) => d.engine).join(", ")}` : ""}${cloudRunNames(catalog, s)}`),
    "jobs:",
    ...catalog.jobs.map((j) => `  ${j.name.padEnd(20)} ${j.build.context}  ${j.schedules.map((s) => `${s.name} "${s.schedule}" ${s.timeZone}`).join("; ") || "no schedule"}${cloudRunNames(catalog, j)}`),
    "sites:",
    ...catalog.sites.map((s) => `  ${s.name.padEnd(20)} ${s.mkdocs} -> ${siteDestinations(catalog, s)}`),
  ];
  return lines.join("\n");
}

export function catalogJson(catalog: Catalog): string {
  return JSON.stringify({ catalog: catalog.dir, project: catalog.project, services: catalog.services, jobs: catalog.jobs, sites: catalog.sites }, null, 2);
}
