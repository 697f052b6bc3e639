/**
 * Field-level differences between the live service and the rendered one, for `plan` and for the
 * deploy report. Only fields the pipeline manages are compared.
 */
import { RENDERED_FIELDS_ANNOTATION, type CloudRunServiceResource } from "./resource.js";
import { COMMIT_LABEL, CONFIG_HASH_ANNOTATION, SERVICE_LEVEL_FIELDS } from "./render.js";

export interface FieldChange {
  field: string;
  live: string | undefined;
  desired: string | undefined;
}

/** Flattens to "template.containers[0].env[OPENAI_API_KEY].valueSource.secretKeyRef.secret" -> value. */
export function flatten(value: unknown, prefix = "", out: Record<string, string> = {}): Record<string, string> {
  if (value === null || value === undefined) return out;
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      // Items with a name (containers, env vars, volumes) are keyed by it; the name itself is then no field.
      if (item && typeof item === "object" && "name" in item && typeof item.name === "string") {
        const { name, ...rest } = item as { name: string };
        flatten(rest, `${prefix}[${name}]`, out);
      } else flatten(item, `${prefix}[${i}]`, out);
    });
    return out;
  }
  if (typeof value === "object") {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return out;
  }
  out[prefix] = String(value);
  return out;
}

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

/** The service-level fields the rendered service sets (release/render.ts serviceLevelFields). */
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

/** Defaults the API fills in that mean "unset" (0, false, "", *_UNSPECIFIED enums) compare equal to absent. */
export const normalize = (v: string | undefined): string | undefined => (v === "0" || v === "false" || v === "" || (v !== undefined && /^[A-Z0-9_]+_UNSPECIFIED$/.test(v)) ? undefined : v);

export function formatChanges(changes: FieldChange[]): string {
  if (changes.length === 0) return "no changes";
  return changes.map((c) => `  ${c.field}: ${c.live ?? "(unset)"} -> ${c.desired ?? "(unset)"}`).join("\n");
}
