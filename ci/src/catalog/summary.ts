/**
 * What the catalog holds, for `list`: one line per target for people, or JSON.
 */
import type { Catalog } from "./parse.js";

export function summarizeCatalog(catalog: Catalog): string {
  const p = catalog.project;
  const envs = Object.entries(p.environments).map(([name, e]) => `${name} (${e.project}, ${e.region ?? p.region})`);
  const files = new Set(Object.values(catalog.files)).size;
  const lines = [
    `catalog: ${catalog.dir}/ (${files} files: project.yaml, services/, jobs/, sites/; other YAML there is not read)`,
    `project ${p.project}, region ${p.region}, images in ${p.artifactRegistry.location ?? p.region}-docker.pkg.dev/${p.project}/${p.artifactRegistry.repository}`,
    `environments: ${envs.length ? envs.join(", ") : "none"}${p.defaultEnvironment ? ` (default ${p.defaultEnvironment})` : ""}`,
    "",
    "services:",
    ...catalog.services.map((s) => `  ${s.name.padEnd(20)} ${s.run.public ? "public " : "private"}  ${s.build.context}  health ${s.run.healthPath}${s.test.databases.length ? `  tests with ${s.test.databases.map((d) => d.engine).join(", ")}` : ""}`),
    "jobs:",
    ...catalog.jobs.map((j) => `  ${j.name.padEnd(20)} ${j.build.context}  ${j.schedules.map((s) => `${s.name} "${s.schedule}" ${s.timeZone}`).join("; ") || "no schedule"}`),
    "sites:",
    ...catalog.sites.map((s) => `  ${s.name.padEnd(20)} ${s.mkdocs} -> gs://${s.bucket}/${s.prefix}`),
  ];
  return lines.join("\n");
}

export function catalogJson(catalog: Catalog): string {
  return JSON.stringify({ catalog: catalog.dir, project: catalog.project, services: catalog.services, jobs: catalog.jobs, sites: catalog.sites }, null, 2);
}
