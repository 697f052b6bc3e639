/**
 * Status of a live service: URL, revisions (ready or not), traffic split, image digest, commit.
 */
import type { CloudRunGateway } from "../gcp/cloud-run.js";
import { isReady } from "./rollback.js";
import { COMMIT_LABEL } from "./render.js";
import { shortName } from "./resource.js";
import { describeTraffic } from "./traffic.js";

export interface ServiceStatus {
  kind: "status";
  service: string;
  exists: boolean;
  url?: string;
  urls: string[];
  image?: string;
  commit?: string;
  traffic?: string;
  latestReadyRevision?: string;
  latestCreatedRevision?: string;
  revisions: Array<{ name: string; ready: boolean; image?: string; commit?: string; created?: string }>;
}

export async function serviceStatus(gw: CloudRunGateway, serviceName: string): Promise<ServiceStatus> {
  const service = await gw.getService(serviceName);
  if (!service) return { kind: "status", service: shortName(serviceName), exists: false, urls: [], revisions: [] };
  const revisions = await gw.listRevisions(serviceName);
  return {
    kind: "status",
    service: shortName(serviceName),
    exists: true,
    url: service.uri ?? undefined,
    urls: service.urls ?? [],
    image: service.template?.containers?.[0]?.image ?? undefined,
    commit: service.labels?.[COMMIT_LABEL],
    traffic: describeTraffic(service),
    latestReadyRevision: shortName(service.latestReadyRevision),
    latestCreatedRevision: shortName(service.latestCreatedRevision),
    revisions: revisions.map((r) => ({
      name: shortName(r.name),
      ready: isReady(r),
      image: r.containers?.[0]?.image ?? undefined,
      commit: r.labels?.[COMMIT_LABEL],
      created: r.createTime?.seconds ? new Date(Number(r.createTime.seconds) * 1000).toISOString() : undefined,
    })),
  };
}

export function formatStatus(s: ServiceStatus): string {
  if (!s.exists) return `${s.service}: not deployed`;
  const lines = [`${s.service}: ${s.url ?? "(no URL)"}`, `  image:   ${s.image ?? "?"}`, `  commit:  ${s.commit ?? "?"}`, `  traffic: ${s.traffic}`, "  revisions:"];
  for (const r of s.revisions) lines.push(`    ${r.ready ? "ready    " : "NOT READY"} ${r.name}  ${r.image ?? ""}${r.created ? `  ${r.created}` : ""}`);
  return lines.join("\n");
}
