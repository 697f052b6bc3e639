/**
 * Rollback: 100% of traffic to the revision that served healthily before the current one (or a
 * named one), instantly, without creating a revision. Tags are kept. Refuses a revision that is
 * not ready or belongs to another service, and never picks a candidate that failed the health gate.
 */
import { shownName } from "../catalog/naming.js";
import type { CloudRunGateway } from "../gcp/cloud-run.js";
import { type CloudRunRevisionResource, type CloudRunServiceResource, REVISION, shortName, writable } from "../gcp/run-resource.js";
import type { SuggestCall } from "../lib/suggested-call.js";
import { compareTimestamps, timestampNanos } from "../lib/timestamp.js";
import { failedHistory, servedHistory } from "./history.js";
import { isCandidateTag } from "./names.js";
import { writeService } from "./service-write.js";
import { describeTraffic, sameTraffic, soleRevision, tagsAtZero, takeSnapshot } from "./traffic.js";

export interface RollbackReport {
  kind: "rollback";
  /** The catalog name (what --service takes). */
  service: string;
  /** The service's id in Cloud Run in this environment (catalog/naming.ts). */
  cloudRunName: string;
  from: string;
  to: string;
  /** How the target was chosen. */
  chosenBy: "requested" | "history" | "newest-ready";
  trafficBefore: string;
  /** Read back after the change. */
  trafficAfter: string;
  url?: string;
  warnings: string[];
}

export const isReady = (r: CloudRunRevisionResource): boolean =>
  (r.conditions ?? []).some((c) => c.type === "Ready" && c.state === "CONDITION_SUCCEEDED");

/** Creation time in nanoseconds since the epoch, at the API's full precision. */
export const createdNanos = (r: CloudRunRevisionResource): bigint => timestampNanos(r.createTime);

/** Ready revisions, newest first (full timestamp precision; name only breaks exact ties). */
export function readyRevisions(revisions: CloudRunRevisionResource[]): CloudRunRevisionResource[] {
  return revisions.filter(isReady).sort((a, b) => compareTimestamps(b.createTime, a.createTime) || shortName(b.name).localeCompare(shortName(a.name)));
}

/** The revision currently taking most traffic. */
export function servingRevision(service: CloudRunServiceResource): string {
  const sole = soleRevision(service);
  if (sole) return sole;
  const statuses = service.trafficStatuses?.length ? service.trafficStatuses : service.traffic ?? [];
  const top = [...statuses].sort((a, b) => (b.percent ?? 0) - (a.percent ?? 0))[0];
  return top?.revision ? shortName(top.revision) : shortName(service.latestReadyRevision);
}

export interface RollbackTarget {
  revision: string;
  chosenBy: RollbackReport["chosenBy"];
  warnings: string[];
}

/** What a rollback's errors name: the catalog name (--service), the environment (--env), and how commands are written. */
export interface RollbackHint {
  target: string;
  environment?: string;
  call: SuggestCall;
}

/** A --to-revision, with what its refusals name. */
export interface RequestedRevision {
  revision: string;
  hint: RollbackHint;
}

/** The revision to roll back to: `requested` (--to-revision) when given, else chosen from the history. */
export function chooseRollbackTarget(service: CloudRunServiceResource, revisions: CloudRunRevisionResource[], wanted?: RequestedRevision): RollbackTarget {
  const serviceName = shortName(service.name);
  const failed = new Set(failedHistory(service.annotations));
  if (wanted) {
    const { revision: requested, hint } = wanted;
    const found = revisions.find((r) => shortName(r.name) === requested);
    if (!found) {
      const names = revisions.map((r) => shortName(r.name)).join(", ") || "none";
      const other = requested.startsWith(`${serviceName}-`) ? "" : ` Revision names start with the service name ("${serviceName}-"); "${requested}" looks like a revision of another service.`;
      throw new Error(`revision "${requested}" does not exist for service ${serviceName}.${other} Revisions: ${names}.`);
    }
    if (!isReady(found)) {
      const why = (found.conditions ?? []).find((c) => c.type === "Ready")?.message ?? "it never became ready";
      throw new Error(`revision "${requested}" is not ready and cannot serve traffic (${why}). Pick a ready revision: ${hint.call(`status --service=${hint.target}${envFlag(hint.environment)}`)}.`);
    }
    const warnings = failed.has(requested) ? [`${requested} failed the pipeline's health gate when it was deployed; it was rolled back to as requested`] : [];
    return { revision: requested, chosenBy: "requested", warnings };
  }
  const current = servingRevision(service);
  const ready = new Set(readyRevisions(revisions).map((r) => shortName(r.name)));
  // A revision still carrying a candidate tag at 0% was being probed (or its restore failed): never a target.
  const probing = new Set((service.traffic ?? []).filter((t) => isCandidateTag(t.tag) && !(t.percent ?? 0)).map((t) => shortName(t.revision)));
  const usable = (name: string) => name !== current && ready.has(name) && !failed.has(name) && !probing.has(name);
  // The history lists what served healthily, newest first: the one after the current revision
  // served before it. When the current one is not in the history (changed by hand), the newest entry.
  const history = servedHistory(service.annotations);
  const at = history.indexOf(current);
  const fromHistory = (at >= 0 ? history.slice(at + 1) : history).find(usable);
  if (fromHistory) return { revision: fromHistory, chosenBy: "history", warnings: [] };
  const newest = readyRevisions(revisions).map((r) => shortName(r.name)).find(usable);
  if (!newest) {
    const skipped = [...failed].filter((r) => ready.has(r) && r !== current);
    throw new Error(`service ${serviceName} has no ready revision other than ${current} to roll back to${skipped.length ? ` (skipped because they failed the health gate: ${skipped.join(", ")}; name one with --to-revision to use it anyway)` : ""}.`);
  }
  const warnings = history.length ? [] : ["the service has no deploy history from this pipeline yet; chose the newest other ready revision"];
  return { revision: newest, chosenBy: "newest-ready", warnings };
}

export interface RollbackOptions {
  timeoutMs?: number;
  pollIntervalMs?: number;
  /** The catalog environment, for the commands the messages name. */
  environment?: string;
  /** The catalog name, for the commands the messages name (default: the Cloud Run id). */
  target?: string;
  /** Writes the commands the messages name (with the command's --catalog and --credentials). */
  call: SuggestCall;
}

const envFlag = (environment: string | undefined): string => (environment ? ` --env=${environment}` : "");

export async function rollbackService(gw: CloudRunGateway, serviceName: string, requested: string | undefined, options: RollbackOptions): Promise<RollbackReport> {
  const service = await gw.getService(serviceName);
  const id = shortName(serviceName);
  const target = options.target ?? id;
  if (!service) throw new Error(`service ${id} does not exist in ${serviceName.split("/services/")[0]}; nothing to roll back.`);
  const revisions = await gw.listRevisions(serviceName);
  const hint: RollbackHint = { target, environment: options.environment, call: options.call };
  const chosen = chooseRollbackTarget(service, revisions, requested ? { revision: requested, hint } : undefined);
  const env = envFlag(options.environment);
  const from = servingRevision(service);
  // Tags stay where they are (at 0%); only the serving share moves.
  const desired = { ...writable(service), traffic: [{ type: REVISION, revision: chosen.revision, percent: 100 }, ...tagsAtZero(takeSnapshot(service))] };
  const outcome = await writeService(gw, {
    base: service,
    desired,
    isOurs: (s) => sameTraffic(s.traffic ?? [], desired.traffic),
    timeoutMs: options.timeoutMs ?? 120_000,
    pollIntervalMs: options.pollIntervalMs,
  });
  if (outcome.kind === "applied") {
    return { kind: "rollback", service: target, cloudRunName: id, from, to: chosen.revision, chosenBy: chosen.chosenBy, trafficBefore: describeTraffic(service), trafficAfter: describeTraffic(outcome.service), url: outcome.service.uri ?? undefined, warnings: chosen.warnings };
  }
  if (outcome.kind === "conflict") {
    const now = outcome.service ? describeTraffic(outcome.service) : "unknown";
    throw new Error(`rollback of ${id} to ${chosen.revision} was not applied: someone else changed the service meanwhile, and their change was kept. It serves: ${now}. Check \`${options.call(`status --service=${target}${env}`)}\` and run the rollback again if it is still needed.`);
  }
  const now = await gw.getService(serviceName).then((s) => (s ? describeTraffic(s) : "(no service)"), (err: Error) => `unknown (${err.message})`);
  throw new Error(`rollback of ${id} to ${chosen.revision} did not complete (${outcome.kind}: ${outcome.error.message}). It serves: ${now}. Run \`${options.call(`rollback --service=${target}${env} --to-revision=${chosen.revision}`)}\` again.`);
}

export function formatRollback(r: RollbackReport): string {
  return [
    `${shownName(r.service, r.cloudRunName)}: ROLLED BACK ${r.from} -> ${r.to}`,
    ...r.warnings.map((w) => `  WARNING: ${w}`),
    `  traffic before: ${r.trafficBefore}`,
    `  traffic after:  ${r.trafficAfter}`,
    ...(r.url ? [`  url: ${r.url}`] : []),
  ].join("\n");
}
