/**
 * Checks of services' release hooks (hooks.ts): names unique per service, the hook's job id
 * (`<Cloud Run name>-<hook>`) a valid Cloud Run id in every environment and no catalog job's,
 * afterCandidate hooks only where the candidate is tested before it takes traffic (blue-green),
 * and no variable Cloud Run jobs reserve or the pipeline sets (CANDIDATE_URL).
 */
import type { CatalogProblem } from "./errors.js";
import { resourceName } from "./fields.js";
import { CANDIDATE_URL_ENV, type HookPhase } from "./hooks.js";
import { reachableEnvironments } from "./lookup.js";
import { cloudRunNameOf } from "./naming.js";
import type { Catalog } from "./parse.js";
import { reservedEnvProblem } from "./reserved-env.js";

const PHASES: HookPhase[] = ["beforeTraffic", "afterCandidate"];

/** The Cloud Run job a hook runs as: the service's Cloud Run name in that environment, "-", the hook's name. */
export const hookJobIdOf = (serviceCloudRunName: string, hook: { name: string }): string => `${serviceCloudRunName}-${hook.name}`;

export function hookProblems(catalog: Catalog): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const envs = reachableEnvironments(catalog);
  for (const service of catalog.services) {
    const file = catalog.files[`service:${service.name}`] ?? `${catalog.dir}/services/${service.name}.yaml`;
    const seen = new Map<string, string>();
    for (const phase of PHASES) {
      service.hooks[phase].forEach((hook, i) => {
        const at = `hooks.${phase}[${i}]`;
        const earlier = seen.get(hook.name);
        if (earlier) problems.push({ file, field: `${at}.name`, message: `hook "${hook.name}" is already ${earlier}; each hook runs as its own job, so give it another name` });
        seen.set(hook.name, `hooks.${phase}`);
        for (const name of Object.keys(hook.env)) {
          const reserved = reservedEnvProblem("job", name);
          if (reserved) problems.push({ file, field: `${at}.env.${name}`, message: reserved });
          if (name === CANDIDATE_URL_ENV && phase === "afterCandidate") {
            problems.push({ file, field: `${at}.env.${name}`, message: `${CANDIDATE_URL_ENV} is set by the pipeline to the candidate's tag URL; remove it` });
          }
        }
        for (const env of envs) {
          const id = hookJobIdOf(cloudRunNameOf(service, env), hook);
          if (!resourceName.safeParse(id).success) {
            problems.push({ file, field: `${at}.name`, message: `in ${env.name} the hook runs as the Cloud Run job "${id}", which is longer than Cloud Run's 49 characters (or not a valid id); shorten the hook's name or the service's` });
            break;
          }
          const job = catalog.jobs.find((j) => cloudRunNameOf(j, env) === id);
          if (job) problems.push({ file, field: `${at}.name`, message: `in ${env.name} the hook would run as the Cloud Run job "${id}", which is catalog job ${job.name}'s; rename the hook` });
        }
      });
    }
    if (service.hooks.afterCandidate.length && catalog.project.deploy.strategy === "direct") {
      problems.push({
        file,
        field: "hooks.afterCandidate",
        message: `the project deploys with strategy "direct", which moves traffic at once, so nothing could test the candidate first; set deploy.strategy: blue-green in ${catalog.files.project ?? "project.yaml"} or move the hooks to beforeTraffic`,
      });
    }
  }
  return problems;
}
