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
import { RENDERED_FIELDS_ANNOTATION, type CloudRunServiceResource, type RevisionTemplate } from "./resource.js";

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
export function isOneofMarker(field: string, value: string, fields: Record<string, string>): boolean {
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

/**
 * The roots of the set fields of a template under `prefix` ("template" for services,
 * "template.template" for jobs): a main-container field by its whole path
 * ("template.containers[api].command[0]"), anything else by its first level ("template.volumes[data]", "template.containers[otel]",
 * "template.sessionAffinity"), leaving out what `owned` always covers.
 */
export function renderedRoots(flattened: Record<string, string>, prefix: string, main: string, owned: RegExp[]): string[] {
  const p = escapeRegExp(prefix);
  const mainField = new RegExp(`^(${p}\\.containers\\[${escapeRegExp(main)}\\]\\..+)$`);
  const other = new RegExp(`^(${p}\\.[A-Za-z]+(\\[[^\\]]+\\])?)`);
  const roots = new Set<string>();
  for (const field of Object.keys(flattened)) {
    if (owned.some((r) => r.test(field))) continue;
    const root = (mainField.exec(field) ?? other.exec(field))?.[1];
    if (root) roots.add(root);
  }
  return [...roots].sort();
}

/** The roots a live resource's annotation says the pipeline rendered. */
export const roots = (annotation: string | null | undefined): Set<string> => new Set((annotation ?? "").split(",").filter(Boolean));

export const underRoot = (field: string, listed: Set<string>) => [...listed].some((root) => field === root || field.startsWith(`${root}.`) || field.startsWith(`${root}[`));

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


const preview = (v: string) => (v.length > 60 ? `${v.slice(0, 57)}...` : v);

export function describeUnmanaged(fields: UnmanagedField[]): string {
  return fields.map((f) => `${f.field} = ${JSON.stringify(preview(f.live))}`).join(", ");
}

/** The refusal a deploy gives before any write. */
/** `service` is the Cloud Run id, `target` the catalog name (what --service takes) when it differs. */
export function unmanagedFieldsError(service: string, fields: UnmanagedField[], target = service): Error {
  return new Error(
    `service ${service}: its live revision template has ${fields.length} setting(s) the catalog does not manage, which this deploy would remove: ${describeUnmanaged(fields)}. Nothing was changed. Remove them from the service (gcloud run services update), or pass --drop-unmanaged to deploy without them; \`dagger call plan --service=${target}\` lists them.`,
  );
}
