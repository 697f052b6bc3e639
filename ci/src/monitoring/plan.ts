/**
 * The diff between what the catalog wants and what Cloud Monitoring holds, per resource: create,
 * update (with the fields), replace (an uptime check field UpdateUptimeCheckConfig cannot change:
 * a new check is made, then the old one deleted), unchanged, or orphan. Only resources carrying
 * this environment's identity labels take part: an orphan has our labels but the catalog no longer
 * wants it (or is a second copy of one it wants); resources without our labels, and other
 * environments' resources, are not looked at. Pure.
 */
import type { AlertPolicyResource, UptimeCheckResource } from "../gcp/monitoring-resources.js";
import { alertChanges, UPDATABLE_UPTIME_FIELDS, uptimeChanges } from "./diff.js";
import { identityKey, identityOf } from "./identity.js";
import type { DesiredAlertPolicy, DesiredUptimeCheck } from "./render.js";

export type PlanAction = "create" | "update" | "replace" | "unchanged" | "orphan";

export interface Planned<D, R> {
  resource: "uptime-check" | "alert-policy";
  key: string;
  action: PlanAction;
  desired?: D;
  /** The live resource matched by identity (or the orphan). */
  live?: R;
  /** The rendered resource (absent for orphans). */
  want?: R;
  /** Changed fields (update, replace). */
  fields?: string[];
}

export type PlannedCheck = Planned<DesiredUptimeCheck, UptimeCheckResource>;
export type PlannedAlert = Planned<DesiredAlertPolicy, AlertPolicyResource>;

interface Labelled {
  name?: string | null;
  userLabels?: Record<string, string> | null;
}

/** This environment's resources by identity key; further copies of a key are duplicates. */
export function ownedBy<T extends Labelled>(env: string, live: readonly T[]): { byKey: Map<string, T>; duplicates: T[] } {
  const byKey = new Map<string, T>();
  const duplicates: T[] = [];
  const sorted = [...live].sort((a, b) => (a.name ?? "").localeCompare(b.name ?? ""));
  for (const r of sorted) {
    const id = identityOf(r.userLabels);
    if (!id || id.env !== env) continue;
    const key = identityKey(id);
    if (byKey.has(key)) duplicates.push(r);
    else byKey.set(key, r);
  }
  return { byKey, duplicates };
}

function orphans<T extends Labelled>(resource: Planned<unknown, T>["resource"], wanted: ReadonlySet<string>, owned: { byKey: Map<string, T>; duplicates: T[] }): Planned<never, T>[] {
  const out: Planned<never, T>[] = [];
  for (const [key, live] of owned.byKey) if (!wanted.has(key)) out.push({ resource, key, action: "orphan", live });
  for (const live of owned.duplicates) out.push({ resource, key: identityKey(identityOf(live.userLabels)!), action: "orphan", live });
  return out;
}

/**
 * Among several resources of one key (a copy a lost reply or an interrupted replacement left),
 * the one already as wanted is the match, so a rerun never replaces a correct copy; the others
 * stay duplicates (orphans).
 */
function preferUnchanged<T extends Labelled>(owned: { byKey: Map<string, T>; duplicates: T[] }, key: string, unchanged: (r: T) => boolean): void {
  const first = owned.byKey.get(key);
  if (!first || unchanged(first)) return;
  const i = owned.duplicates.findIndex((r) => identityKey(identityOf(r.userLabels)!) === key && unchanged(r));
  if (i < 0) return;
  owned.byKey.set(key, owned.duplicates[i]!);
  owned.duplicates.splice(i, 1, first);
}

export function planChecks(env: string, desired: readonly DesiredUptimeCheck[], live: readonly UptimeCheckResource[]): PlannedCheck[] {
  const owned = ownedBy(env, live);
  for (const d of desired) preferUnchanged(owned, d.key, (r) => uptimeChanges(r, d.check).length === 0);
  const planned: PlannedCheck[] = desired.map((d) => {
    const found = owned.byKey.get(d.key);
    if (!found) return { resource: "uptime-check", key: d.key, action: "create", desired: d, want: d.check };
    const fields = uptimeChanges(found, d.check);
    const action = fields.length === 0 ? "unchanged" : fields.every((f) => UPDATABLE_UPTIME_FIELDS.has(f)) ? "update" : "replace";
    return { resource: "uptime-check", key: d.key, action, desired: d, live: found, want: d.check, ...(fields.length ? { fields } : {}) };
  });
  return [...planned, ...orphans("uptime-check", new Set(desired.map((d) => d.key)), owned)];
}

/** `render` gives each desired policy with its channel names and uptime check id filled in. */
export function planAlerts(env: string, desired: readonly DesiredAlertPolicy[], live: readonly AlertPolicyResource[], render: (d: DesiredAlertPolicy) => AlertPolicyResource): PlannedAlert[] {
  const owned = ownedBy(env, live);
  const wants = new Map(desired.map((d) => [d.key, render(d)]));
  for (const d of desired) preferUnchanged(owned, d.key, (r) => alertChanges(r, wants.get(d.key)!).length === 0);
  const planned: PlannedAlert[] = desired.map((d) => {
    const want = wants.get(d.key)!;
    const found = owned.byKey.get(d.key);
    if (!found) return { resource: "alert-policy", key: d.key, action: "create", desired: d, want };
    const fields = alertChanges(found, want);
    // Conditions keep their ids (and so incidents their continuity) when the update names them (alert_service.proto).
    const kept = { ...want, conditions: (want.conditions ?? []).map((c, i) => ({ ...c, ...(found.conditions?.[i]?.name ? { name: found.conditions[i]!.name } : {}) })) };
    return { resource: "alert-policy", key: d.key, action: fields.length ? "update" : "unchanged", desired: d, live: found, want: kept, ...(fields.length ? { fields } : {}) };
  });
  return [...planned, ...orphans("alert-policy", new Set(desired.map((d) => d.key)), owned)];
}
