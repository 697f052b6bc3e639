/**
 * Two deploys that would write the same Google Cloud resource: refused in the catalog check. For
 * every environment (the project's own settings when none is declared), each service and job
 * lands on projects/P/locations/R/{services|jobs}/ID (naming.ts; R after the target's region
 * override) and each schedule on the Scheduler job projects/P/locations/L/jobs/ID of its target's
 * location. Two targets on one resource, or one target that two environments put in the same
 * place (two environments sharing a project without a nameSuffix), would overwrite each other.
 */
import type { CatalogProblem } from "./errors.js";
import { catalogEnvironments, type ResolvedEnvironment } from "./lookup.js";
import { cloudRunLocationOf, schedulerJobPathOf } from "./naming.js";
import type { Catalog } from "./parse.js";

/** One thing an environment deploys: a service, a job or a schedule. */
interface Claim {
  /** The same thing in every environment: "service:alie", "job:ingestion#ingestion-nightly". */
  key: string;
  /** For people: "service alie", "schedule ingestion-nightly of job ingestion". */
  what: string;
  env: string;
  file: string;
  field: string;
  /** The schedule's own name, for schedules (the same names are already refused by cross-checks.ts). */
  schedule?: string;
}

/** A resource two environments both deploy, for the same target. */
interface SharedPlace {
  envs: [string, string];
  resources: string[];
}

/** Resources two different targets would both be, per environment of the second. */
interface TwoTargets {
  first: Claim;
  second: Claim;
  at: Array<{ env: string; resource: string; firstEnv: string }>;
}

const MAX_LISTED = 5;

export function nameCollisionProblems(catalog: Catalog): CatalogProblem[] {
  const projectFile = catalog.files.project ?? `${catalog.dir}/project.yaml`;
  const envs = catalogEnvironments(catalog);
  const shared = new Map<string, SharedPlace>();
  const twoTargets = new Map<string, TwoTargets>();
  // Cloud Run services, Cloud Run jobs and Scheduler jobs are three namespaces (a job and a schedule
  // may both be projects/P/locations/R/jobs/X without meeting).
  const owners = { services: new Map<string, Claim>(), jobs: new Map<string, Claim>(), schedules: new Map<string, Claim>() };

  const claim = (space: keyof typeof owners, resource: string, c: Claim): void => {
    const earlier = owners[space].get(resource);
    if (!earlier) {
      owners[space].set(resource, c);
      return;
    }
    if (earlier.key === c.key) {
      const pair = `${earlier.env}\n${c.env}`;
      const place = shared.get(pair) ?? { envs: [earlier.env, c.env], resources: [] };
      place.resources.push(`${c.what} (${resource})`);
      shared.set(pair, place);
      return;
    }
    // The same schedule name twice is refused once, by cross-checks.ts.
    if (c.schedule !== undefined && c.schedule === earlier.schedule) return;
    const pair = `${earlier.key}\n${c.key}`;
    const found = twoTargets.get(pair) ?? { first: earlier, second: c, at: [] };
    found.at.push({ env: c.env, resource, firstEnv: earlier.env });
    twoTargets.set(pair, found);
  };

  for (const env of envs) {
    for (const target of [...catalog.services, ...catalog.jobs]) {
      const file = catalog.files[`${target.kind}:${target.name}`] ?? `${catalog.dir}/${target.kind}s/${target.name}.yaml`;
      const location = cloudRunLocationOf(target, env);
      const key = `${target.kind}:${target.name}`;
      claim(target.kind === "service" ? "services" : "jobs", location.name, { key, what: `${target.kind} ${target.name}`, env: env.name, file, field: target.cloudRunName ? "cloudRunName" : "name" });
      target.schedules.forEach((schedule, i) => {
        const what = `schedule ${schedule.name} of ${target.kind} ${target.name}`;
        claim("schedules", schedulerJobPathOf(location.parent, schedule, env), { key: `${key}#${schedule.name}`, what, env: env.name, file, field: `schedules[${i}].name`, schedule: schedule.name });
      });
    }
  }

  const byName = new Map(envs.map((e) => [e.name, e]));
  const problems: CatalogProblem[] = [];
  for (const { envs: [a, b], resources } of shared.values()) problems.push(sharedPlaceProblem(projectFile, byName.get(a)!, byName.get(b)!, resources));
  for (const t of twoTargets.values()) problems.push(twoTargetsProblem(t));
  return problems;
}

function sharedPlaceProblem(projectFile: string, a: ResolvedEnvironment, b: ResolvedEnvironment, resources: string[]): CatalogProblem {
  const more = resources.length > MAX_LISTED ? ` and ${resources.length - MAX_LISTED} more` : "";
  const suffix = b.nameSuffix ? `the same nameSuffix "${b.nameSuffix}"` : "no nameSuffix";
  return {
    file: projectFile,
    field: `environments.${b.name}.nameSuffix`,
    message:
      `environments "${a.name}" and "${b.name}" both deploy to project ${b.project} with ${suffix}, so each would overwrite the other's ${resources.slice(0, MAX_LISTED).join(", ")}${more}; ` +
      `give one of them its own nameSuffix (e.g. nameSuffix: "-${b.name}" under environments.${b.name}: then ${b.name} deploys NAME-${b.name}), or point it at another project`,
  };
}

/** "the project's own settings" for the pseudo-environment of a catalog without environments. */
const label = (env: string): string => (env === "default" ? "the project's own settings" : env);

function twoTargetsProblem({ first, second, at }: TwoTargets): CatalogProblem {
  const across = at.some((a) => a.firstEnv !== a.env);
  const where = at.map((a) => `${a.resource} in ${label(a.env)}`).join(" and ");
  const firstEnvs = [...new Set(at.map((a) => a.firstEnv))].map(label).join(" and ");
  const fix = second.schedule !== undefined ? "rename one of the schedules, or change a nameSuffix" : `set cloudRunName on one of them${across ? ", or change a nameSuffix" : ""}`;
  return {
    file: second.file,
    field: second.field,
    message: `${second.what} would be ${where}, which ${first.what} (${first.file}) already is${across ? ` in ${firstEnvs}` : ""}; two targets cannot share one resource: ${fix}`,
  };
}
