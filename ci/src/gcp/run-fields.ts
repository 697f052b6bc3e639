/**
 * Field-level views of Cloud Run v2 resources that services and jobs share: flattening a resource to
 * "template.containers[api].env[KEY].value" paths, the values that mean "unset", and field ownership
 * (the live fields a deploy would remove, and the roots of the fields the pipeline rendered).
 */

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

/** Defaults the API fills in that mean "unset" (0, false, "", *_UNSPECIFIED enums) compare equal to absent. */
export const normalize = (v: string | undefined): string | undefined => (v === "0" || v === "false" || v === "" || (v !== undefined && /^[A-Z0-9_]+_UNSPECIFIED$/.test(v)) ? undefined : v);

export function formatChanges(changes: FieldChange[]): string {
  if (changes.length === 0) return "no changes";
  return changes.map((c) => `  ${c.field}: ${c.live ?? "(unset)"} -> ${c.desired ?? "(unset)"}`).join("\n");
}

export interface UnmanagedField {
  field: string;
  live: string;
}

export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

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

const preview = (v: string) => (v.length > 60 ? `${v.slice(0, 57)}...` : v);

export function describeUnmanaged(fields: UnmanagedField[]): string {
  return fields.map((f) => `${f.field} = ${JSON.stringify(preview(f.live))}`).join(", ");
}
