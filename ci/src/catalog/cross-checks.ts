/**
 * Checks that span fields or files: environment names, target and schedule names, database aliases.
 */
import type { CatalogProblem } from "./errors.js";
import type { Catalog } from "./parse.js";
import { resourceProblems, type ResourceSettings } from "./resources.js";
import type { JobSpec, ServiceSpec } from "./schema.js";

/** CPU / memory / concurrency limits, for the base settings and each environment that overrides them. */
function resourceChecks(file: string, target: ServiceSpec | JobSpec): CatalogProblem[] {
  const base: ResourceSettings = { cpu: target.run.cpu, memory: target.run.memory, concurrency: target.kind === "service" ? target.run.concurrency : undefined };
  const found = resourceProblems(base).map((p) => ({ file, field: `run.${p.field}`, message: p.message }));
  for (const [env, override] of Object.entries(target.environments)) {
    const run = override.run as Partial<ResourceSettings> | undefined;
    if (!run || (run.cpu === undefined && run.memory === undefined && run.concurrency === undefined)) continue;
    const merged = { cpu: run.cpu ?? base.cpu, memory: run.memory ?? base.memory, concurrency: run.concurrency ?? base.concurrency };
    for (const p of resourceProblems(merged)) found.push({ file, field: `environments.${env}.run.${p.field}`, message: `in ${env}: ${p.message}` });
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
    problems.push(...resourceChecks(file, target));
    const { commitArg, args } = target.build;
    if (commitArg && commitArg in args) {
      problems.push({
        file,
        field: `build.args.${commitArg}`,
        message: `${commitArg} is the build argument that receives the commit (build.commitArg); remove it from build.args, or set build.commitArg to another name (or false) to keep this value`,
      });
    }
    if (target.kind === "service") {
      const run = target.run;
      if (run.minInstances > run.maxInstances) {
        problems.push({ file, field: "run.minInstances", message: `${run.minInstances} is above run.maxInstances (${run.maxInstances}); lower minInstances or raise maxInstances` });
      }
    } else if (target.run.parallelism > target.run.tasks) {
      problems.push({ file, field: "run.parallelism", message: `${target.run.parallelism} is above run.tasks (${target.run.tasks}); parallelism cannot exceed the number of tasks` });
    }
  }
  return problems;
}
