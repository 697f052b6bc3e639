/**
 * plan --job: what deploy-job would change in the live job, field by field, without any mutating
 * call, and the live settings the catalog does not manage (deploy-job refuses unless
 * --drop-unmanaged). The image digest is only known after a push, so the commit is named instead.
 */
import { shownName } from "../catalog/naming.js";
import type { JobsGateway } from "../gcp/cloud-run-jobs.js";
import { type FieldChange, flatten, isOneofMarker, normalize, type UnmanagedField } from "../gcp/run-fields.js";
import type { CloudRunJobResource } from "../gcp/run-job-resource.js";
import { COMMIT_LABEL } from "../gcp/run-template.js";
import type { RenderedJob } from "./render.js";
import { unmanagedJobFields } from "./unmanaged-fields.js";

export interface JobPlan {
  kind: "job-plan";
  /** The catalog name (what --job takes). */
  job: string;
  cloudRunName: string;
  exists: boolean;
  liveImage?: string;
  liveCommit?: string;
  commit: string;
  changes: FieldChange[];
  unmanaged: UnmanagedField[];
}

const IMAGE_FIELD = /^template\.template\.containers\[[^\]]+\]\.image$/;

/** Settings Cloud Run fills in when a request leaves them out: no change when the catalog sets none. */
const SERVER_DEFAULTED = [/^template\.template\.executionEnvironment$/, /^template\.template\.serviceAccount$/, /^template\.template\.containers\[[^\]]+\]\.resources\.startupCpuBoost$/];

/** The config hash, the rendered-fields list and the owned-labels list: derived from the rest. */
const PIPELINE_ANNOTATION_PREFIX = "cloud-run-pipeline/";

/**
 * The managed part of a job: labels (minus commit), the job's annotations other than the
 * pipeline's bookkeeping (cloud-run-pipeline/...), the execution template; without the markers
 * reads give protobuf oneofs (`retries: "maxRetries"`).
 */
function managedView(job: CloudRunJobResource): Record<string, string> {
  const labels = { ...(job.labels ?? {}) };
  delete labels[COMMIT_LABEL];
  const annotations = Object.fromEntries(Object.entries(job.annotations ?? {}).filter(([key]) => !key.startsWith(PIPELINE_ANNOTATION_PREFIX)));
  const fields = flatten({ labels, annotations, template: job.template });
  return Object.fromEntries(Object.entries(fields).filter(([field, value]) => !isOneofMarker(field, value, fields)));
}


/** Field-level differences between the live job and the rendered one (the image is compared apart). */
export function diffJob(live: CloudRunJobResource | undefined, desired: CloudRunJobResource): FieldChange[] {
  const a = live ? managedView(live) : {};
  const b = managedView(desired);
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .sort()
    .filter((f) => !IMAGE_FIELD.test(f) && normalize(a[f]) !== normalize(b[f]))
    .filter((f) => f in b || !SERVER_DEFAULTED.some((re) => re.test(f)))
    .map((field) => ({ field, live: a[field], desired: b[field] }));
}

export async function planJob(gw: JobsGateway, rendered: RenderedJob, commit: string): Promise<JobPlan> {
  const live = await gw.getJob(rendered.name);
  return {
    kind: "job-plan",
    job: rendered.target,
    cloudRunName: rendered.jobId,
    exists: Boolean(live),
    liveImage: live?.template?.template?.containers?.[0]?.image ?? undefined,
    liveCommit: live?.labels?.[COMMIT_LABEL],
    commit,
    changes: diffJob(live, rendered.resource),
    unmanaged: live ? unmanagedJobFields(live, rendered.resource) : [],
  };
}

export function formatJobPlan(p: JobPlan): string {
  const job = `job ${shownName(p.job, p.cloudRunName)}`;
  if (!p.exists) return `${job}: would be CREATED from commit ${p.commit} (${p.changes.length} settings)`;
  const image = p.liveCommit === p.commit ? `image: commit ${p.commit} is live (digest decides at deploy)` : `image: ${p.liveImage ?? "?"} (commit ${p.liveCommit ?? "?"}) -> new build of commit ${p.commit}`;
  const lines = [`${job}: ${p.changes.length ? `${p.changes.length} configuration change(s)` : "no configuration change"}`, `  ${image}`];
  for (const c of p.changes) lines.push(`  ${c.field}: ${c.live ?? "(unset)"} -> ${c.desired ?? "(unset)"}`);
  if (p.unmanaged.length) {
    lines.push(`  NOT MANAGED by the catalog (deploy-job refuses unless --drop-unmanaged, which removes them):`);
    for (const f of p.unmanaged) lines.push(`    ${f.field}: ${f.live}`);
  }
  return lines.join("\n");
}
