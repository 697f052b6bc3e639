/**
 * Checks that span fields or files: environment names, target and schedule names, database aliases,
 * the `run` settings as deployed, for the base and for each environment after its overrides, and
 * the names each environment gives targets in Google Cloud (resolved-names.ts, name-collisions.ts).
 */
import type { CatalogProblem } from "./errors.js";
import { nameCollisionProblems } from "./name-collisions.js";
import { mergeRun, overriddenFields } from "./overrides.js";
import type { Catalog } from "./parse.js";
import { hookProblems } from "./hook-checks.js";
import { resolvedNameProblems } from "./resolved-names.js";
import { runProblems, type RunProblem, type RunSettings } from "./run-checks.js";
import type { JobSpec, ServiceSpec } from "./schema.js";

/** The target's run settings, with environment `env`'s overrides applied when given. */
function settingsOf(target: ServiceSpec | JobSpec, env?: string): RunSettings {
  if (target.kind === "service") return { kind: "service", run: mergeRun(target.run, env === undefined ? undefined : target.environments[env]?.run) };
  return { kind: "job", run: mergeRun(target.run, env === undefined ? undefined : target.environments[env]?.run) };
}

/**
 * The run settings checked as each environment deploys them. A problem the base already has is
 * reported once, at run.*; one an environment's overrides create is reported at
 * environments.ENV.run.*, on the field that environment sets.
 */
function runChecks(file: string, target: ServiceSpec | JobSpec): CatalogProblem[] {
  const key = (p: RunProblem): string => `${p.field}\n${p.message}`;
  const base = runProblems(settingsOf(target));
  const found: CatalogProblem[] = base.map((p) => ({ file, field: `run.${p.field}`, message: p.message }));
  const inBase = new Set(base.map(key));
  for (const [env, override] of Object.entries(target.environments)) {
    if (!override.run) continue;
    const set = overriddenFields(override.run);
    for (const p of runProblems(settingsOf(target, env))) {
      if (inBase.has(key(p))) continue;
      const field = [p.field, ...(p.alsoAt ?? [])].find((f) => set.has(f.split(/[.[]/)[0]!)) ?? p.field;
      found.push({ file, field: `environments.${env}.run.${field}`, message: `in ${env}: ${p.message}` });
    }
  }
  return found;
}

export function checkCatalog(catalog: Catalog): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const projectFile = catalog.files.project ?? `${catalog.dir}/project.yaml`;
  const envNames = Object.keys(catalog.project.environments);
  const known = envNames.length ? envNames.join(", ") : "none (declare them under `environments:` in the project file)";

  const def = catalog.project.defaultEnvironment;
  if (def && !envNames.includes(def)) {
    problems.push({ file: projectFile, field: "defaultEnvironment", message: `"${def}" is not a declared environment; declared: ${known}` });
  } else if (def && catalog.project.environments[def]?.protected) {
    const open = envNames.filter((name) => !catalog.project.environments[name]!.protected);
    problems.push({
      file: projectFile,
      field: "defaultEnvironment",
      message: `"${def}" is protected (protected: true), so it cannot be the default: protected environments are only used when named with --env=${def}; choose an unprotected environment${open.length ? ` (${open.join(", ")})` : ""} or remove defaultEnvironment`,
    });
  }

  // Services and jobs are picked by name alone (--service, image names), so one name means one target.
  for (const job of catalog.jobs) {
    if (catalog.services.some((s) => s.name === job.name)) {
      const serviceFile = catalog.files[`service:${job.name}`];
      problems.push({ file: catalog.files[`job:${job.name}`]!, field: "name", message: `service "${job.name}" in ${serviceFile} has the same name; services and jobs share one namespace, rename one of them` });
    }
  }

  const schedules = new Map<string, string>();
  for (const target of [...catalog.services, ...catalog.jobs, ...catalog.sites]) {
    const file = catalog.files[`${target.kind}:${target.name}`]!;
    for (const env of Object.keys(target.environments)) {
      if (!envNames.includes(env)) {
        problems.push({ file, field: `environments.${env}`, message: `"${env}" is not an environment of the project; declared: ${known}` });
      }
    }
    if (target.kind === "site") continue;
    target.schedules.forEach((schedule, i) => {
      if (target.kind === "service") {
        const { method, body } = target.schedules[i]!;
        if (body && !["POST", "PUT", "PATCH"].includes(method)) {
          problems.push({ file, field: `schedules[${i}].body`, message: `a ${method} request cannot carry a body (Cloud Scheduler rejects it); use POST, PUT or PATCH, or remove body` });
        }
      }
      const earlier = schedules.get(schedule.name);
      if (earlier) problems.push({ file, field: `schedules[${i}].name`, message: `schedule "${schedule.name}" is already defined in ${earlier}; Cloud Scheduler job names must be unique` });
      schedules.set(schedule.name, file);
    });
    const aliases = new Set<string>();
    target.test.databases.forEach((db, i) => {
      if (aliases.has(db.alias)) problems.push({ file, field: `test.databases[${i}].alias`, message: `alias "${db.alias}" is used twice; each database needs its own host name` });
      aliases.add(db.alias);
    });
    problems.push(...runChecks(file, target));
    const { commitArg, args } = target.build;
    if (commitArg && commitArg in args) {
      problems.push({
        file,
        field: `build.args.${commitArg}`,
        message: `${commitArg} is the build argument that receives the commit (build.commitArg); remove it from build.args, or set build.commitArg to another name (or false) to keep this value`,
      });
    }
  }
  // Names in Google Cloud per environment (naming.ts): valid, and never two deploys on one resource.
  problems.push(...resolvedNameProblems(catalog), ...nameCollisionProblems(catalog), ...hookProblems(catalog));
  return problems;
}
