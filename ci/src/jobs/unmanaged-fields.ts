/**
 * Field ownership for jobs (see ../services/unmanaged.ts): UpdateJob replaces the whole execution
 * template, so the pipeline owns what ci/src/jobs/render.ts sets (task count, parallelism,
 * retries, task timeout, service account, VPC, Cloud SQL, the container's image, env, CPU and
 * memory, template labels). Anything else a live job template holds was set outside the pipeline:
 * a deploy refuses, naming each field, unless --drop-unmanaged.
 */
import { describeUnmanaged, escapeRegExp, flatten, renderedRoots, roots, underRoot, unmanaged, type UnmanagedField, withMainNamed } from "../gcp/run-fields.js";
import type { CloudRunJobResource } from "../gcp/run-job-resource.js";
import { RENDERED_FIELDS_ANNOTATION } from "../gcp/run-resource.js";

/** Job (execution) template fields the pipeline owns (ci/src/jobs/render.ts), for a main container named `main`. */
function ownedByJobs(main: string): RegExp[] {
  const c = `^template\\.template\\.containers\\[${escapeRegExp(main)}\\]\\.`;
  return [
    /^template\.labels\./,
    /^template\.(taskCount|parallelism)$/,
    /^template\.template\.(maxRetries|serviceAccount)$/,
    /^template\.template\.(timeout|vpcAccess)\./,
    /^template\.template\.volumes\[cloudsql\]\./,
    // Cloud Run fills these in when a request leaves them out.
    /^template\.template\.executionEnvironment$/,
    /^template\.template\.containers\[[^\]]+\]\.resources\.startupCpuBoost$/,
    new RegExp(`${c}(image|env\\[|resources\\.limits\\.(cpu|memory)$|volumeMounts\\[cloudsql\\]\\.)`),
  ];
}

/** The rendered-fields annotation value for a job the pipeline is about to send (see ../services/unmanaged.ts). */
export function jobRenderedFields(desired: CloudRunJobResource): string {
  const main = desired.template?.template?.containers?.[0]?.name ?? "";
  return renderedRoots(flatten({ template: desired.template }), "template.template", main, ownedByJobs(main)).join(",");
}

/** Live job execution-template fields that are set, not owned by the pipeline, and absent from what it would send. */
export function unmanagedJobFields(live: CloudRunJobResource, desired: CloudRunJobResource): UnmanagedField[] {
  const main = desired.template?.template?.containers?.[0]?.name ?? "";
  const inner = live.template?.template;
  const template = { ...(live.template ?? {}), template: { ...(inner ?? {}), containers: withMainNamed(inner?.containers, main) } };
  const ours = roots(live.annotations?.[RENDERED_FIELDS_ANNOTATION]);
  return unmanaged({ template }, { template: desired.template }, ownedByJobs(main)).filter((f) => !underRoot(f.field, ours));
}

export function unmanagedJobFieldsError(job: string, fields: UnmanagedField[]): Error {
  return new Error(
    `job ${job}: its live execution template has ${fields.length} setting(s) the catalog does not manage, which this deploy would remove: ${describeUnmanaged(fields)}. Nothing was changed. Remove them from the job (gcloud run jobs update), or pass --drop-unmanaged to deploy without them.`,
  );
}
