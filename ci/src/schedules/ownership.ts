/**
 * Which of the managed schedules a sync lists belong to the environment it syncs. Environments may
 * share one project and location (catalog/naming.ts: nameSuffix), so "managed by cloud-run-pipeline
 * and not in my list" is not enough to call a schedule an orphan: it may be another environment's.
 * A schedule is this environment's when its description names this environment (render.ts
 * managedDescription), or, written before descriptions named one, when no other environment of
 * the catalog schedules in its location. A schedule another environment declares is never an orphan.
 */
import { reachableEnvironments, type ResolvedEnvironment } from "../catalog/lookup.js";
import type { Catalog } from "../catalog/parse.js";
import type { SchedulerJobResource } from "../gcp/scheduler.js";
import { environmentOfDescription, scheduleNames, scheduleParents } from "./render.js";

export interface ScheduleOwnership {
  /** The environment this sync acts for. */
  environment: string;
  /** Every environment of the catalog, by name. */
  environments: string[];
  /** Full names of the schedules the catalog's OTHER environments declare. */
  othersWant: string[];
  /** Locations (projects/P/locations/L) other environments also schedule in or look for orphans in, with those environments. */
  sharedParents: Record<string, string[]>;
}

/** The ownership facts of `env` in `catalog`: pure, from the catalog alone. */
export function scheduleOwnership(catalog: Catalog, env: ResolvedEnvironment): ScheduleOwnership {
  const all = reachableEnvironments(catalog);
  const others = all.filter((e) => e.name !== env.name);
  return {
    environment: env.name,
    environments: all.map((e) => e.name),
    othersWant: [...new Set(others.flatMap((e) => scheduleNames(catalog, e)))].sort(),
    sharedParents: sharedParentsOf(catalog, others),
  };
}

function sharedParentsOf(catalog: Catalog, others: ResolvedEnvironment[]): Record<string, string[]> {
  const shared: Record<string, string[]> = {};
  for (const e of others) for (const parent of scheduleParents(catalog, e)) (shared[parent] ??= []).push(e.name);
  return shared;
}

/** What a sync may do with a managed schedule it does not want: it is its orphan, another environment's, or unclear (reported, never deleted). */
export type OrphanClaim = { owner: "this" } | { owner: "other" } | { owner: "unclear"; why: string };

export function claimOf(job: SchedulerJobResource, parent: string, ownership: ScheduleOwnership | undefined): OrphanClaim {
  if (!ownership) return { owner: "this" };
  if (job.name && ownership.othersWant.includes(job.name)) return { owner: "other" };
  const marked = environmentOfDescription(job.description);
  if (marked === ownership.environment) return { owner: "this" };
  const deleteHint = deleteCommand(job.name ?? "", parent);
  if (marked) {
    if (ownership.environments.includes(marked)) return { owner: "other" };
    return { owner: "unclear", why: `it was created for environment "${marked}", which the catalog no longer declares; if nothing needs it, delete it with \`${deleteHint}\`` };
  }
  const sharing = Object.hasOwn(ownership.sharedParents, parent) ? ownership.sharedParents[parent]! : [];
  if (!sharing.length) return { owner: "this" };
  return {
    owner: "unclear",
    why: `it names no environment (it was written before cloud-run-pipeline recorded them) and ${sharing.length === 1 ? `environment ${sharing[0]} of this catalog also schedules` : `environments ${sharing.join(", ")} of this catalog also schedule`} in ${parent}, so it may be another environment's; --prune leaves it. If no environment needs it, delete it with \`${deleteHint}\``,
  };
}

function deleteCommand(name: string, parent: string): string {
  const [, project, , location] = parent.split("/");
  return `gcloud scheduler jobs delete ${name.split("/").pop()} --location=${location} --project=${project}`;
}
