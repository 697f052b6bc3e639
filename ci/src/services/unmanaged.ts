/**
 * Field ownership: UpdateService has no update mask, so a deploy replaces the whole revision
 * template. The pipeline owns the template fields the catalog renders (OWNED below: image, env and
 * secrets, resources, port, probes, scaling, VPC, timeout, service account, concurrency, Cloud SQL,
 * template labels, its own annotations). Anything else a live template holds (a sidecar, a volume,
 * `args`, a CMEK key, session affinity, a GPU node selector, someone's annotation) was set outside
 * the pipeline; a deploy would silently remove it, so it refuses and names each field unless told
 * to drop them (--drop-unmanaged). Fields Cloud Run fills in itself (diff.ts SERVER_DEFAULTED)
 * are not counted.
 */
import { describeUnmanaged, escapeRegExp, flatten, renderedRoots, roots, underRoot, unmanaged, type UnmanagedField, withMainNamed } from "../gcp/run-fields.js";
import { type CloudRunServiceResource, RENDERED_FIELDS_ANNOTATION, type RevisionTemplate } from "../gcp/run-resource.js";
import type { SuggestCall } from "../lib/suggested-call.js";
import { SERVER_DEFAULTED } from "./diff.js";

/** Service template fields the pipeline owns, for a main container named `main`. */
function ownedByServices(main: string): RegExp[] {
  const c = `^template\\.containers\\[${escapeRegExp(main)}\\]\\.`;
  return [
    /^template\.revision$/,
    /^template\.labels\./,
    /^template\.annotations\.cloud-run-pipeline\//,
    /^template\.scaling\./,
    /^template\.vpcAccess\./,
    /^template\.timeout\./,
    /^template\.serviceAccount$/,
    /^template\.maxInstanceRequestConcurrency$/,
    /^template\.volumes\[cloudsql\]\./,
    new RegExp(`${c}(image|env\\[|resources\\.limits\\.(cpu|memory)$|resources\\.cpuIdle$|ports\\[|startupProbe\\.|livenessProbe\\.|volumeMounts\\[cloudsql\\]\\.)`),
  ];
}

/** The annotation value for a service template the pipeline is about to send. */
export function serviceRenderedFields(desired: CloudRunServiceResource): string {
  const main = desired.template?.containers?.[0]?.name ?? "";
  return renderedRoots(flatten({ template: desired.template }), "template", main, ownedByServices(main)).join(",");
}

/** Live service template fields that are set, not owned by the pipeline, and absent from what it would send. */
export function unmanagedTemplateFields(live: CloudRunServiceResource, desired: CloudRunServiceResource): UnmanagedField[] {
  const main = desired.template?.containers?.[0]?.name ?? "";
  const template: RevisionTemplate = { ...(live.template ?? {}), containers: withMainNamed(live.template?.containers, main) };
  const ours = roots(live.template?.annotations?.[RENDERED_FIELDS_ANNOTATION]);
  return unmanaged({ template }, { template: desired.template }, [...ownedByServices(main), ...SERVER_DEFAULTED]).filter((f) => !underRoot(f.field, ours));
}

/** The refusal a deploy gives before any write. */
/** `service` is the Cloud Run id; `plan` names the catalog service (what --service takes) and environment of the plan command it suggests. */
export function unmanagedFieldsError(service: string, fields: UnmanagedField[], plan: { target: string; environment: string; call: SuggestCall }): Error {
  return new Error(
    `service ${service}: its live revision template has ${fields.length} setting(s) the catalog does not manage, which this deploy would remove: ${describeUnmanaged(fields)}. Nothing was changed. Remove them from the service (gcloud run services update), or pass --drop-unmanaged to deploy without them; \`${plan.call(`plan --service=${plan.target} --env=${plan.environment}`)}\` lists them.`,
  );
}
