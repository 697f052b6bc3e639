/**
 * Status of a live service: URL, revisions (ready or not), traffic split, image digest, commit.
 */
import { shownName } from "../catalog/naming.js";
import type { CloudRunGateway } from "../gcp/cloud-run.js";
import { shortName } from "../gcp/run-resource.js";
import { COMMIT_LABEL } from "../gcp/run-template.js";
import { failedHistory, servedHistory } from "./history.js";
import { chooseRollbackTarget, isReady, readyRevisions } from "./rollback.js";
import { describeTraffic, soleRevision } from "./traffic.js";

export interface ServiceStatus {
  kind: "status";
  /** The catalog name (what --service takes). */
  service: string;
  /** The service's id in Cloud Run in this environment (catalog/naming.ts). */
  cloudRunName: string;
  exists: boolean;
  url?: string;
  urls: string[];
  image?: string;
  commit?: string;
  traffic?: string;
  latestReadyRevision?: string;
  latestCreatedRevision?: string;
  /** The revision serving 100% of traffic and its main image, read from the revision (absent when traffic is split or nothing serves). */
  serving?: { revision: string; image?: string };
  /** Where `rollback` without --to-revision would go now, or why it cannot. */
  rollbackTarget?: string;
  revisions: Array<{ name: string; ready: boolean; image?: string; commit?: string; created?: string; gate?: "served" | "failed" }>;
}

function rollbackTargetOf(service: Parameters<typeof chooseRollbackTarget>[0], revisions: Parameters<typeof chooseRollbackTarget>[1]): string {
  try {
    return chooseRollbackTarget(service, revisions).revision;
  } catch (err) {
    return `none (${(err as Error).message})`;
  }
}

/** `serviceName` is the full Cloud Run name; `target` the catalog name (default: the Cloud Run id). */
export async function serviceStatus(gw: CloudRunGateway, serviceName: string, target = shortName(serviceName)): Promise<ServiceStatus> {
  const names = { service: target, cloudRunName: shortName(serviceName) };
  const service = await gw.getService(serviceName);
  if (!service) return { kind: "status", ...names, exists: false, urls: [], revisions: [] };
  const listed = await gw.listRevisions(serviceName);
  // Newest first at full precision; not-ready ones after the ready ones in their listed order.
  const ready = readyRevisions(listed);
  const revisions = [...ready, ...listed.filter((r) => !ready.includes(r))];
  const served = new Set(servedHistory(service.annotations));
  const failed = new Set(failedHistory(service.annotations));
  const sole = soleRevision(service);
  const soleImage = listed.find((r) => shortName(r.name) === sole)?.containers?.[0]?.image ?? undefined;
  return {
    kind: "status",
    ...names,
    exists: true,
    url: service.uri ?? undefined,
    urls: service.urls ?? [],
    image: service.template?.containers?.[0]?.image ?? undefined,
    commit: service.labels?.[COMMIT_LABEL],
    traffic: describeTraffic(service),
    latestReadyRevision: shortName(service.latestReadyRevision),
    latestCreatedRevision: shortName(service.latestCreatedRevision),
    ...(sole ? { serving: { revision: sole, image: soleImage } } : {}),
    rollbackTarget: rollbackTargetOf(service, listed),
    revisions: revisions.map((r) => ({
      name: shortName(r.name),
      ready: isReady(r),
      image: r.containers?.[0]?.image ?? undefined,
      commit: r.labels?.[COMMIT_LABEL],
      created: r.createTime?.seconds ? new Date(Number(r.createTime.seconds) * 1000).toISOString() : undefined,
      ...(failed.has(shortName(r.name)) ? { gate: "failed" as const } : served.has(shortName(r.name)) ? { gate: "served" as const } : {}),
    })),
  };
}

export function formatStatus(s: ServiceStatus): string {
  const service = shownName(s.service, s.cloudRunName);
  if (!s.exists) return `${service}: not deployed`;
  const lines = [`${service}: ${s.url ?? "(no URL)"}`, `  image:   ${s.image ?? "?"}`, `  commit:  ${s.commit ?? "?"}`, `  traffic: ${s.traffic}`, `  rollback would go to: ${s.rollbackTarget ?? "?"}`, "  revisions:"];
  const gate = { served: "  (served healthily)", failed: "  (FAILED the health gate)" };
  for (const r of s.revisions) lines.push(`    ${r.ready ? "ready    " : "NOT READY"} ${r.name}  ${r.image ?? ""}${r.created ? `  ${r.created}` : ""}${r.gate ? gate[r.gate] : ""}`);
  return lines.join("\n");
}
