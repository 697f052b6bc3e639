/**
 * Rollback: 100% of traffic to the previous ready revision (or a named one), instantly, without
 * creating a revision. Refuses a revision that is not ready.
 */
import type { CloudRunGateway } from "../gcp/cloud-run.js";
import type { CloudRunRevisionResource, CloudRunServiceResource } from "./resource.js";
import { shortName, writable } from "./resource.js";
import { allTo, describeTraffic, soleRevision } from "./traffic.js";

export interface RollbackReport {
  kind: "rollback";
  service: string;
  from: string;
  to: string;
  trafficBefore: string;
  trafficAfter: string;
  url?: string;
}

export const isReady = (r: CloudRunRevisionResource): boolean =>
  (r.conditions ?? []).some((c) => c.type === "Ready" && c.state === "CONDITION_SUCCEEDED");

const created = (r: CloudRunRevisionResource): number => Number(r.createTime?.seconds ?? 0);

/** Ready revisions, newest first. */
export function readyRevisions(revisions: CloudRunRevisionResource[]): CloudRunRevisionResource[] {
  return revisions.filter(isReady).sort((a, b) => created(b) - created(a) || shortName(b.name).localeCompare(shortName(a.name)));
}

/** The revision currently taking most traffic. */
export function servingRevision(service: CloudRunServiceResource): string {
  const sole = soleRevision(service);
  if (sole) return sole;
  const statuses = service.trafficStatuses?.length ? service.trafficStatuses : service.traffic ?? [];
  const top = [...statuses].sort((a, b) => (b.percent ?? 0) - (a.percent ?? 0))[0];
  return top?.revision ? shortName(top.revision) : shortName(service.latestReadyRevision);
}

export function chooseRollbackTarget(service: CloudRunServiceResource, revisions: CloudRunRevisionResource[], requested?: string): string {
  const serviceName = shortName(service.name);
  if (requested) {
    const found = revisions.find((r) => shortName(r.name) === requested);
    if (!found) {
      const names = revisions.map((r) => shortName(r.name)).join(", ") || "none";
      throw new Error(`revision "${requested}" does not exist for service ${serviceName}. Revisions: ${names}.`);
    }
    if (!isReady(found)) {
      const why = (found.conditions ?? []).find((c) => c.type === "Ready")?.message ?? "it never became ready";
      throw new Error(`revision "${requested}" is not ready and cannot serve traffic (${why}). Pick a ready revision: dagger call status --service=${serviceName}.`);
    }
    return requested;
  }
  const current = servingRevision(service);
  const previous = readyRevisions(revisions).find((r) => shortName(r.name) !== current);
  if (!previous) throw new Error(`service ${serviceName} has no ready revision other than ${current} to roll back to.`);
  return shortName(previous.name);
}

export async function rollbackService(gw: CloudRunGateway, serviceName: string, requested?: string): Promise<RollbackReport> {
  const service = await gw.getService(serviceName);
  if (!service) throw new Error(`service ${shortName(serviceName)} does not exist in ${serviceName.split("/services/")[0]}; nothing to roll back.`);
  const revisions = await gw.listRevisions(serviceName);
  const to = chooseRollbackTarget(service, revisions, requested);
  const from = servingRevision(service);
  const updated = await gw.updateService({ ...writable(service), traffic: allTo(to) });
  return { kind: "rollback", service: shortName(serviceName), from, to, trafficBefore: describeTraffic(service), trafficAfter: describeTraffic(updated), url: updated.uri ?? undefined };
}

export function formatRollback(r: RollbackReport): string {
  return [`${r.service}: ROLLED BACK ${r.from} -> ${r.to}`, `  traffic before: ${r.trafficBefore}`, `  traffic after:  ${r.trafficAfter}`, ...(r.url ? [`  url: ${r.url}`] : [])].join("\n");
}
