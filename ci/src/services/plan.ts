/**
 * plan: what deploy would change, field by field, without any mutating call. The image digest is
 * only known after a push, so the plan names the commit that would be built instead.
 */
import { shownName } from "../catalog/naming.js";
import type { CloudRunGateway } from "../gcp/cloud-run.js";
import type { FieldChange, UnmanagedField } from "../gcp/run-fields.js";
import { COMMIT_LABEL } from "../gcp/run-template.js";
import { diffService } from "./diff.js";
import type { RenderedService } from "./render.js";
import { describeTraffic } from "./traffic.js";
import { unmanagedTemplateFields } from "./unmanaged.js";

export interface ReleasePlan {
  kind: "plan";
  /** The catalog name (what --service takes). */
  service: string;
  /** The service's id in Cloud Run in this environment (catalog/naming.ts). */
  cloudRunName: string;
  exists: boolean;
  liveImage?: string;
  liveCommit?: string;
  commit: string;
  traffic?: string;
  /** Configuration changes (the image is compared separately). */
  changes: FieldChange[];
  /** Live template settings the catalog does not manage: deploy refuses unless --drop-unmanaged. */
  unmanaged: UnmanagedField[];
  /** The release hooks a deploy would run, by phase (the verb layer fills them in). */
  hooks?: string[];
}

const IMAGE_FIELD = /^template\.containers\[[^\]]+\]\.image$/;

export async function planService(gw: CloudRunGateway, rendered: RenderedService, commit: string): Promise<ReleasePlan> {
  const live = await gw.getService(rendered.name);
  const changes = diffService(live, rendered.resource).filter((c) => !IMAGE_FIELD.test(c.field));
  return {
    kind: "plan",
    service: rendered.target,
    cloudRunName: rendered.serviceId,
    exists: Boolean(live),
    liveImage: live?.template?.containers?.[0]?.image ?? undefined,
    liveCommit: live?.labels?.[COMMIT_LABEL],
    commit,
    traffic: live ? describeTraffic(live) : undefined,
    changes,
    unmanaged: live ? unmanagedTemplateFields(live, rendered.resource) : [],
  };
}

export function formatPlan(p: ReleasePlan): string {
  const service = shownName(p.service, p.cloudRunName);
  const hooks = (p.hooks ?? []).map((hook) => `  hook ${hook}`);
  if (!p.exists) return [`${service}: would be CREATED from commit ${p.commit} (${p.changes.length} settings)`, ...hooks].join("\n");
  const image = p.liveCommit === p.commit ? `image: commit ${p.commit} is live (digest decides at deploy)` : `image: ${p.liveImage ?? "?"} (commit ${p.liveCommit ?? "?"}) -> new build of commit ${p.commit}`;
  const lines = [`${service}: ${p.changes.length ? `${p.changes.length} configuration change(s)` : "no configuration change"}`, `  ${image}`, `  traffic now: ${p.traffic}`];
  for (const c of p.changes) lines.push(`  ${c.field}: ${c.live ?? "(unset)"} -> ${c.desired ?? "(unset)"}`);
  lines.push(...hooks);
  if (p.unmanaged.length) {
    lines.push(`  NOT MANAGED by the catalog (deploy refuses unless --drop-unmanaged, which removes them):`);
    for (const f of p.unmanaged) lines.push(`    ${f.field}: ${f.live}`);
  }
  return lines.join("\n");
}
