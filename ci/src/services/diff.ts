/**
 * Field-level differences between the live service and the rendered one, for `plan` and for the
 * deploy report. Only fields the pipeline manages are compared.
 */
import { type FieldChange, flatten, normalize } from "../gcp/run-fields.js";
import { type CloudRunServiceResource, RENDERED_FIELDS_ANNOTATION } from "../gcp/run-resource.js";
import { COMMIT_LABEL, CONFIG_HASH_ANNOTATION } from "../gcp/run-template.js";
import { SERVICE_LEVEL_FIELDS } from "./render.js";

/**
 * The managed part of a service: labels (minus commit), ingress, the service-level fields named in
 * `serviceFields` (those the catalog sets), template (minus revision name and the pipeline's
 * bookkeeping annotations).
 */
export function managedView(service: CloudRunServiceResource, serviceFields: readonly string[] = []): Record<string, string> {
  const labels = { ...(service.labels ?? {}) };
  delete labels[COMMIT_LABEL];
  // The config hash and the rendered-fields list are derived from the other fields: they change exactly when those do, so they are noise.
  const annotations = { ...(service.template?.annotations ?? {}) };
  delete annotations[CONFIG_HASH_ANNOTATION];
  delete annotations[RENDERED_FIELDS_ANNOTATION];
  const template = { ...(service.template ?? {}), revision: undefined, annotations };
  const source = service as Record<string, unknown>;
  const serviceLevel = Object.fromEntries(serviceFields.map((f) => [f, source[f]]));
  return flatten({ labels, ingress: service.ingress, ...serviceLevel, template });
}

/** The service-level fields the rendered service sets (render.ts serviceLevelFields). */
const setServiceFields = (desired: CloudRunServiceResource) => SERVICE_LEVEL_FIELDS.filter((f) => (desired as Record<string, unknown>)[f] !== undefined);

/**
 * Settings Cloud Run fills in when a request leaves them out: the default compute service account,
 * a default TCP startup probe, the execution environment, startup CPU boost. When the pipeline does
 * not set one at all, the server's value is not a change.
 */
export const SERVER_DEFAULTED = [
  /^template\.serviceAccount$/,
  /^template\.executionEnvironment$/,
  /^template\.containers\[[^\]]+\]\.startupProbe\./,
  /^template\.containers\[[^\]]+\]\.resources\.startupCpuBoost$/,
];

/** The subtree a server-defaulted field belongs to ("template.containers[api].startupProbe"). */
function defaultedRoot(field: string): string | undefined {
  const match = SERVER_DEFAULTED.map((re) => re.exec(field)).find(Boolean);
  return match ? match[0].replace(/\.$/, "") : undefined;
}

export function diffService(live: CloudRunServiceResource | undefined, desired: CloudRunServiceResource): FieldChange[] {
  const fields = setServiceFields(desired);
  const a = live ? managedView(live, fields) : {};
  const b = managedView(desired, fields);
  const desiredHas = (root: string) => Object.keys(b).some((k) => k === root || k.startsWith(`${root}.`));
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .sort()
    .filter((f) => normalize(a[f]) !== normalize(b[f]))
    .filter((f) => {
      const root = f in b ? undefined : defaultedRoot(f);
      return root === undefined || desiredHas(root);
    })
    .map((field) => ({ field, live: a[field], desired: b[field] }));
}

