/**
 * The names each environment gives a target (naming.ts: cloudRunName or name, plus the
 * environment's nameSuffix), checked against Google's rules before anything is deployed: Cloud Run
 * ids, the blue-green traffic tag rule, Cloud Scheduler job ids, image tags. Each problem is
 * reported once per name, at the field that makes it, naming the environments that produce it.
 */
import type { CatalogProblem } from "./errors.js";
import { resourceName } from "./fields.js";
import { CANDIDATE_TAG_LENGTH, MAX_IMAGE_TAG, MAX_SCHEDULER_JOB_ID, MAX_TAG_PLUS_SERVICE } from "./limits.js";
import { reachableEnvironments, type ResolvedEnvironment } from "./lookup.js";
import { cloudRunNameOf, extraImageTagsOf, schedulerJobNameOf } from "./naming.js";
import type { Catalog } from "./parse.js";
import type { JobSpec, ServiceSpec } from "./schema.js";

/** Environments by the name they produce, in catalog order. */
function byName(envs: ResolvedEnvironment[], nameIn: (env: ResolvedEnvironment) => string): Map<string, ResolvedEnvironment[]> {
  const groups = new Map<string, ResolvedEnvironment[]>();
  for (const env of envs) {
    const name = nameIn(env);
    groups.set(name, [...(groups.get(name) ?? []), env]);
  }
  return groups;
}

const listed = (envs: ResolvedEnvironment[]): string => envs.map((e) => (e.name === "default" ? "the project's own settings (no --env)" : e.name)).join(", ");

export function resolvedNameProblems(catalog: Catalog): CatalogProblem[] {
  const projectFile = catalog.files.project ?? `${catalog.dir}/project.yaml`;
  const envs = reachableEnvironments(catalog);
  const problems: CatalogProblem[] = [];
  for (const target of [...catalog.services, ...catalog.jobs]) {
    const file = catalog.files[`${target.kind}:${target.name}`] ?? `${catalog.dir}/${target.kind}s/${target.name}.yaml`;
    const fix = (group: ResolvedEnvironment[]): string =>
      [target.cloudRunName ? "cloudRunName" : "name", ...(group.some((e) => e.nameSuffix) ? [`the nameSuffix of ${listed(group.filter((e) => e.nameSuffix))} in ${projectFile}`] : [])].join(" or ");
    for (const [id, group] of byName(envs, (env) => cloudRunNameOf(target, env))) {
      const problem = cloudRunIdProblem(target, id, catalog.project.deploy.strategy);
      if (!problem) continue;
      const orElse = problem.orElse ? `, ${problem.orElse} in ${projectFile}` : "";
      problems.push({ file, field: target.cloudRunName ? "cloudRunName" : "name", message: `in ${listed(group)} the Cloud Run ${target.kind} is "${id}"${origin(target, group[0]!)}: ${problem.why}; shorten ${fix(group)}${orElse}` });
    }
    target.schedules.forEach((schedule, i) => {
      for (const [id, group] of byName(envs, (env) => schedulerJobNameOf(schedule, env))) {
        if (id.length <= MAX_SCHEDULER_JOB_ID) continue;
        problems.push({ file, field: `schedules[${i}].name`, message: `in ${listed(group)} the Cloud Scheduler job id is "${id.slice(0, 40)}..." (the schedule's name + nameSuffix "${group[0]!.nameSuffix}"), ${id.length} characters; Cloud Scheduler allows ${MAX_SCHEDULER_JOB_ID}: shorten the name or the nameSuffix` });
      }
    });
    target.image.tags.forEach((tag, i) => {
      for (const [pushed, group] of byName(envs, (env) => extraImageTagsOf([tag], env)[0]!)) {
        if (pushed.length <= MAX_IMAGE_TAG) continue;
        problems.push({ file, field: `image.tags[${i}]`, message: `in ${listed(group)} this tag is pushed as "${pushed.slice(0, 40)}..." (the tag + nameSuffix "${group[0]!.nameSuffix}"), ${pushed.length} characters; image tags have at most ${MAX_IMAGE_TAG}: shorten the tag or the nameSuffix` });
      }
    });
  }
  return problems;
}

/** " (cloudRunName + the nameSuffix "-staging")", or "" when the id is the catalog name itself. */
function origin(target: ServiceSpec | JobSpec, env: ResolvedEnvironment): string {
  if (!env.nameSuffix) return target.cloudRunName ? " (its cloudRunName)" : "";
  return ` (${target.cloudRunName ? "cloudRunName" : "name"} + the environment's nameSuffix "${env.nameSuffix}")`;
}

/** Why Cloud Run would refuse `id` for this target (and another fix than a shorter name), or undefined. */
function cloudRunIdProblem(target: ServiceSpec | JobSpec, id: string, strategy: "blue-green" | "direct"): { why: string; orElse?: string } | undefined {
  if (!resourceName.safeParse(id).success) {
    return { why: `${id.length} characters; Cloud Run ids are 1-49 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen` };
  }
  const longest = MAX_TAG_PLUS_SERVICE - CANDIDATE_TAG_LENGTH;
  if (target.kind === "service" && strategy === "blue-green" && id.length > longest) {
    return {
      why: `${id.length} characters; blue-green deploys (deploy.strategy) tag the candidate revision "rc-<7-character commit>", and Cloud Run allows ${MAX_TAG_PLUS_SERVICE} characters for tag + service name, so a service name has at most ${longest}`,
      orElse: "or set deploy.strategy: direct",
    };
  }
  return undefined;
}
