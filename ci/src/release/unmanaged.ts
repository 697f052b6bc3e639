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
import { flatten, normalize, SERVER_DEFAULTED } from "./diff.js";
import type { CloudRunServiceResource, RevisionTemplate } from "./resource.js";

export interface UnmanagedField {
  field: string;
  live: string;
}

export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

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

/** `containers` with the first one under the name the pipeline gives it. */
export function withMainNamed<T extends { name?: string | null }>(containers: T[] | null | undefined, main: string): T[] {
  return (containers ?? []).map((c, i) => (i === 0 ? { ...c, name: main } : c));
}

/**
 * Reads decode protobuf oneofs with a marker naming the member that is set (`retries: "maxRetries"`,
 * `values: "valueSource"`): a field whose value names a sibling that is present is no setting.
 */
function isOneofMarker(field: string, value: string, fields: Record<string, string>): boolean {
  const parent = field.slice(0, field.lastIndexOf(".") + 1);
  const member = `${parent}${value}`;
  return Object.keys(fields).some((k) => k === member || k.startsWith(`${member}.`) || k.startsWith(`${member}[`));
}

export function unmanaged(live: object, sent: object, rules: RegExp[]): UnmanagedField[] {
  const desired = flatten(sent);
  const fields = flatten(live);
  return Object.entries(fields)
    .filter(([field, value]) => normalize(value) !== undefined && !(field in desired) && !rules.some((r) => r.test(field)) && !isOneofMarker(field, value, fields))
    .map(([field, value]) => ({ field, live: value }))
    .sort((a, b) => a.field.localeCompare(b.field));
}

/** Live service template fields that are set, not owned by the pipeline, and absent from what it would send. */
export function unmanagedTemplateFields(live: CloudRunServiceResource, desired: CloudRunServiceResource): UnmanagedField[] {
  const main = desired.template?.containers?.[0]?.name ?? "";
  const template: RevisionTemplate = { ...(live.template ?? {}), containers: withMainNamed(live.template?.containers, main) };
  return unmanaged({ template }, { template: desired.template }, [...ownedByServices(main), ...SERVER_DEFAULTED]);
}


const preview = (v: string) => (v.length > 60 ? `${v.slice(0, 57)}...` : v);

export function describeUnmanaged(fields: UnmanagedField[]): string {
  return fields.map((f) => `${f.field} = ${JSON.stringify(preview(f.live))}`).join(", ");
}

/** The refusal a deploy gives before any write. */
export function unmanagedFieldsError(service: string, fields: UnmanagedField[]): Error {
  return new Error(
    `service ${service}: its live revision template has ${fields.length} setting(s) the catalog does not manage, which this deploy would remove: ${describeUnmanaged(fields)}. Nothing was changed. Remove them from the service (gcloud run services update), or pass --drop-unmanaged to deploy without them; \`dagger call plan --service=${service}\` lists them.`,
  );
}
