/**
 * What a promotion ships: the image, by digest, of the one revision serving 100% of a service in
 * the source environment, or of a job's current template, and only when this pipeline deployed it.
 * Anything else is refused with why and what to do. Pure: plain resources in (gcp/run-resource.ts),
 * no client; the caller reads them and passes the service's deploy history (services/history.ts).
 */
import type { CloudRunJobResource } from "../gcp/run-job-resource.js";
import { type CloudRunRevisionResource, type CloudRunServiceResource, LATEST, shortName } from "../gcp/run-resource.js";
import { COMMIT_LABEL, MANAGED_BY, MANAGED_BY_LABEL } from "../gcp/run-template.js";
import type { SuggestCall } from "../lib/suggested-call.js";
import { imageDigestOf } from "../registry/address.js";

/** A target promotion will not ship, and why (the message says what to do). */
export class PromotionRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PromotionRefusedError";
  }
}

/** Which target in which environment, for the messages and the commands they print. */
export interface SourceTarget {
  kind: "service" | "job";
  /** The catalog name (what --service / --job take). */
  target: string;
  /** Its Cloud Run id in the source environment. */
  cloudRunName: string;
  /** The source environment's name. */
  environment: string;
  /** Writes the `dagger call` commands the refusals suggest (with the command's --catalog and --credentials). */
  call: SuggestCall;
}

/** The image a promotion ships, as read in the source environment. */
export interface PromotionSource {
  cloudRunName: string;
  /** The serving revision (services). */
  revision?: string;
  /** repository@sha256:... exactly as the source runs it. */
  image: string;
  digest: string;
  /** The commit the image was built from (from the pipeline's revision name or commit label), "unknown" when neither says. */
  commit: string;
  /** Services: whether the pipeline recorded the revision as having served after passing its health gate. */
  gate?: "served" | "not recorded";
}

const managed = (labels: Record<string, string> | null | undefined): boolean => labels?.[MANAGED_BY_LABEL] === MANAGED_BY;
const what = (t: SourceTarget): string => `${t.kind} ${t.target}${t.cloudRunName === t.target ? "" : ` (${t.cloudRunName})`} in ${t.environment}`;
const deployHint = (t: SourceTarget): string => t.call(`${t.kind === "service" ? `deploy --service=${t.target}` : `deploy-job --job=${t.target}`} --env=${t.environment}`);
const statusHint = (t: SourceTarget): string => (t.kind === "service" ? t.call(`status --service=${t.target} --env=${t.environment}`) : `gcloud run jobs describe ${t.cloudRunName}`);

/** Traffic that has a share, as Cloud Run routes it (trafficStatuses, else the desired traffic): tag-only entries at 0% are not serving. */
function servingEntries(service: CloudRunServiceResource) {
  const statuses = service.trafficStatuses?.length ? service.trafficStatuses : (service.traffic ?? []);
  return statuses.filter((t) => (t.percent ?? 0) > 0);
}

/** "alie-00002-abc 90%, alie-00003-xyz 10%" (LATEST resolved). */
function describeShares(service: CloudRunServiceResource): string {
  return servingEntries(service)
    .map((t) => `${t.type === LATEST ? `LATEST (${shortName(service.latestReadyRevision) || "no ready revision"})` : shortName(t.revision)} ${t.percent}%`)
    .join(", ");
}

/** The revision serving 100% of `service` (a LATEST entry resolved to the latest ready revision), or why there is none. */
export function soleServingRevision(service: CloudRunServiceResource): { revision: string } | { split: string } | { none: true } {
  const serving = servingEntries(service);
  if (serving.length > 1 || (serving.length === 1 && serving[0]!.percent !== 100)) return { split: describeShares(service) };
  const entry = serving[0];
  const revision = entry ? (entry.type === LATEST ? shortName(service.latestReadyRevision) : shortName(entry.revision)) : "";
  return revision ? { revision } : { none: true };
}

/**
 * The revision a promotion of `service` would ship: the one serving 100%. Refuses a service that
 * does not exist, was not deployed by this pipeline, is still applying a change, splits its
 * traffic, or serves nothing.
 */
export function revisionToPromote(target: SourceTarget, service: CloudRunServiceResource | undefined, serviceName: string): { service: CloudRunServiceResource; revision: string } {
  if (!service) throw new PromotionRefusedError(`${what(target)} does not exist (looked for ${serviceName}); there is nothing to promote. Deploy it there first: ${deployHint(target)}.`);
  if (!managed(service.labels)) {
    throw new PromotionRefusedError(
      `${what(target)} was not deployed by cloud-run-pipeline (it has no ${MANAGED_BY_LABEL}=${MANAGED_BY} label), so nothing says its image passed the pipeline's checks and health gate. Deploy it with the pipeline first (${deployHint(target)}), then promote.`,
    );
  }
  if (service.reconciling) throw new PromotionRefusedError(`${what(target)} is still applying a change (reconciling), so what it serves is about to change. Wait for it to finish (${statusHint(target)}) and run promote again.`);
  const serving = soleServingRevision(service);
  if ("split" in serving) {
    throw new PromotionRefusedError(
      `${what(target)} splits its traffic (${serving.split}), so no single revision was validated there. Move 100% to the revision to promote (${target.call(`rollback --service=${target.target} --env=${target.environment} --to-revision=REVISION`)}, or finish the release), then promote.`,
    );
  }
  if ("none" in serving) throw new PromotionRefusedError(`${what(target)} serves no revision (no traffic entry has a share, or LATEST has no ready revision to resolve to). Deploy it there (${deployHint(target)}), then promote.`);
  return { service, revision: serving.revision };
}

/** The main container's image of a revision or job template: the container named after the catalog target, else the first. */
export function mainImageOf(containers: ReadonlyArray<{ name?: string | null; image?: string | null }> | null | undefined, target: string): string {
  const list = containers ?? [];
  return (list.find((c) => c.name === target) ?? list[0])?.image ?? "";
}

/** The commit in a pipeline revision name SERVICE-<sha>-<suffix> (services/names.ts revisionName). */
export function commitOfRevision(revision: string, serviceId: string): string | undefined {
  if (!revision.startsWith(`${serviceId}-`)) return undefined;
  return /^([0-9a-f]{7,40})-[a-z0-9]+$/.exec(revision.slice(serviceId.length + 1))?.[1];
}

/** The pipeline's deploy history of the service (services/history.ts), newest first. */
export interface DeployHistory {
  served: readonly string[];
  failed: readonly string[];
}

/**
 * The image to promote from the serving `revision` (revisionToPromote) as read back: refused when
 * it is gone, was not deployed by this pipeline, failed the pipeline's health gate, or runs an
 * image not pinned by digest. `mainContainer` is the catalog name (the pipeline's main container).
 */
export function serviceSource(
  target: SourceTarget,
  service: CloudRunServiceResource,
  name: string,
  revision: CloudRunRevisionResource | undefined,
  history: DeployHistory,
): PromotionSource {
  if (!revision) throw new PromotionRefusedError(`revision ${name} serving ${what(target)} could not be read (it does not exist or was deleted). Check ${statusHint(target)} and run promote again.`);
  if (!managed(revision.labels)) {
    throw new PromotionRefusedError(
      `revision ${name} serving ${what(target)} was not deployed by cloud-run-pipeline (it has no ${MANAGED_BY_LABEL}=${MANAGED_BY} label; it was probably deployed with gcloud or the console). Deploy the service with the pipeline there (${deployHint(target)}), then promote.`,
    );
  }
  if (history.failed.includes(name)) {
    throw new PromotionRefusedError(
      `revision ${name} serving ${what(target)} FAILED the pipeline's health gate when it was deployed (it serves because of a change made by hand). Roll back to a healthy revision (${target.call(`rollback --service=${target.target} --env=${target.environment}`)}) or deploy a fix, then promote.`,
    );
  }
  const image = mainImageOf(revision.containers, target.target);
  const digest = imageDigestOf(image);
  if (!digest) {
    throw new PromotionRefusedError(
      `revision ${name} serving ${what(target)} runs ${image || "no image"}, which is not pinned by digest (@sha256:...): a tag can move, so what reaches the target would not be what ${target.environment} validated. Deploy it by digest with the pipeline (${deployHint(target)}), then promote.`,
    );
  }
  const commit = commitOfRevision(name, target.cloudRunName) ?? service.labels?.[COMMIT_LABEL] ?? "unknown";
  return { cloudRunName: target.cloudRunName, revision: name, image, digest, commit, gate: history.served.includes(name) ? "served" : "not recorded" };
}

/**
 * The image of a job's current template: refused when the job does not exist, was not deployed by
 * this pipeline, is still applying a change, is left failed by its last update, or runs an image
 * not pinned by digest. Jobs have no traffic: the template is what the next execution runs.
 */
export function jobSource(target: SourceTarget, job: CloudRunJobResource | undefined, jobName: string): PromotionSource {
  if (!job) throw new PromotionRefusedError(`${what(target)} does not exist (looked for ${jobName}); there is nothing to promote. Deploy it there first: ${deployHint(target)}.`);
  if (!managed(job.labels)) {
    throw new PromotionRefusedError(`${what(target)} was not deployed by cloud-run-pipeline (it has no ${MANAGED_BY_LABEL}=${MANAGED_BY} label). Deploy it with the pipeline first (${deployHint(target)}), then promote.`);
  }
  if (job.reconciling) throw new PromotionRefusedError(`${what(target)} is still applying a change (reconciling). Wait for it to finish and run promote again.`);
  if (job.terminalCondition?.state === "CONDITION_FAILED") {
    throw new PromotionRefusedError(`${what(target)} was left failed by its last update (${job.terminalCondition.message ?? "not ready"}), so its template was never validated there. Fix it and deploy again (${deployHint(target)}), then promote.`);
  }
  const image = mainImageOf(job.template?.template?.containers, target.target);
  const digest = imageDigestOf(image);
  if (!digest) {
    throw new PromotionRefusedError(`${what(target)} runs ${image || "no image"}, which is not pinned by digest (@sha256:...). Deploy it by digest with the pipeline (${deployHint(target)}), then promote.`);
  }
  return { cloudRunName: target.cloudRunName, image, digest, commit: job.labels?.[COMMIT_LABEL] ?? "unknown" };
}
