/**
 * Traffic states: the snapshot taken before a release (restored exactly on failure), the
 * candidate split (new revision at 0% with a tag, everything else pinned as it was), and the
 * promoted state (100% on the new revision, no candidate tag).
 */
import { type CloudRunServiceResource, LATEST, REVISION, type TrafficTarget } from "../gcp/run-resource.js";
import { isCandidateTag } from "./names.js";

export interface TrafficSnapshot {
  /** The service's `traffic` exactly as it was. */
  traffic: TrafficTarget[];
  /** The revision LATEST resolved to when the snapshot was taken. */
  latestReadyRevision: string;
}

const clean = (t: TrafficTarget): TrafficTarget => ({
  type: t.type ?? REVISION,
  revision: t.revision || undefined,
  percent: t.percent ?? 0,
  tag: t.tag || undefined,
});

export function takeSnapshot(service: CloudRunServiceResource): TrafficSnapshot {
  return { traffic: (service.traffic ?? []).map(clean), latestReadyRevision: shortRevision(service.latestReadyRevision) };
}

export const shortRevision = (name: string | null | undefined): string => (name ?? "").split("/").pop() ?? "";

/** The current split with LATEST replaced by the revision it resolves to, so a new revision gets 0%. */
export function pinnedTraffic(snapshot: TrafficSnapshot, dropTag?: string): TrafficTarget[] {
  const pinned = snapshot.traffic
    .map((t) => (t.type === LATEST ? { ...t, type: REVISION, revision: snapshot.latestReadyRevision } : t))
    .map((t) => (dropTag && t.tag === dropTag ? { ...t, tag: undefined } : t))
    .filter((t) => (t.percent ?? 0) > 0 || t.tag);
  return mergeSameRevision(pinned);
}

function mergeSameRevision(targets: TrafficTarget[]): TrafficTarget[] {
  const out: TrafficTarget[] = [];
  for (const t of targets) {
    const same = out.find((o) => o.type === REVISION && o.revision === t.revision && !o.tag && !t.tag);
    if (same) same.percent = (same.percent ?? 0) + (t.percent ?? 0);
    else out.push({ ...t });
  }
  return out;
}

/** Traffic for a blue-green candidate: everything as it was, plus the new revision at 0% with a tag. */
export function candidateTraffic(snapshot: TrafficSnapshot, revision: string, tag: string): TrafficTarget[] {
  return [...pinnedTraffic(snapshot, tag), { type: REVISION, revision, percent: 0, tag }];
}

/**
 * The traffic to send back after a failed release: the snapshot exactly, except that a LATEST entry
 * is pinned to the revision it resolved to before the deploy once a newer revision exists (LATEST
 * would otherwise route to the failed revision as soon as it is, or becomes, ready). Every revision
 * then serves exactly the share and tags it served before.
 */
export function restoreTraffic(snapshot: TrafficSnapshot, latestCreatedRevision: string | null | undefined): TrafficTarget[] {
  const newer = shortRevision(latestCreatedRevision);
  const moved = newer !== "" && newer !== snapshot.latestReadyRevision;
  if (!moved || !snapshot.latestReadyRevision) return snapshot.traffic.map((t) => ({ ...t }));
  return snapshot.traffic.map((t) => (t.type === LATEST ? { ...t, type: REVISION, revision: snapshot.latestReadyRevision } : { ...t }));
}

/**
 * Traffic after a successful promote: 100% on the new revision (through LATEST when it is the
 * latest created, as a fresh service has), and every tag the pipeline did not put there kept on
 * the revision it named (at 0%). Only candidate tags (ours, and leftovers of failed deploys) are dropped.
 */
export function promotedTraffic(snapshot: TrafficSnapshot, revision: string, candidate: string | undefined, viaLatest: boolean): TrafficTarget[] {
  const main: TrafficTarget = viaLatest ? { type: LATEST, percent: 100 } : { type: REVISION, revision, percent: 100 };
  return [main, ...foreignTags(snapshot, candidate)];
}

/**
 * The snapshot's tagged entries the pipeline did not create, pinned and at 0%: `candidate` and
 * candidate tags left by earlier failed deploys (`rc-<sha>`) are dropped.
 */
export function foreignTags(snapshot: TrafficSnapshot, candidate: string | undefined): TrafficTarget[] {
  return tagsAtZero(snapshot).filter((t) => t.tag !== candidate && !isCandidateTag(t.tag));
}

/** Every tagged entry of the snapshot, pinned to the revision it names (LATEST resolved) at 0%. */
export function tagsAtZero(snapshot: TrafficSnapshot): TrafficTarget[] {
  return snapshot.traffic
    .filter((t) => t.tag)
    .map((t) => ({ type: REVISION, revision: t.type === LATEST ? snapshot.latestReadyRevision : t.revision, percent: 0, tag: t.tag }))
    .filter((t) => t.revision);
}

/** `traffic` without our candidate tag entry, or undefined when removing it would change anyone's share. */
export function withoutCandidateTag(traffic: TrafficTarget[] | null | undefined, tag: string): TrafficTarget[] | undefined {
  const all = (traffic ?? []).map(clean);
  const ours = all.filter((t) => t.tag === tag);
  if (ours.length === 0 || ours.some((t) => (t.percent ?? 0) > 0)) return undefined;
  return all.filter((t) => t.tag !== tag);
}

/** The revision serving most traffic in a snapshot (LATEST resolved). */
export function topRevision(snapshot: TrafficSnapshot): string | undefined {
  const top = [...snapshot.traffic].filter((t) => (t.percent ?? 0) > 0).sort((a, b) => (b.percent ?? 0) - (a.percent ?? 0))[0];
  if (!top) return undefined;
  return (top.type === LATEST ? snapshot.latestReadyRevision : shortRevision(top.revision)) || undefined;
}

/** 100% on one revision, pinned, no tags. */
export const allTo = (revision: string): TrafficTarget[] => [{ type: REVISION, revision, percent: 100 }];

/** 100% on LATEST (the state a fresh or directly deployed service has). */
export const allToLatest = (): TrafficTarget[] => [{ type: LATEST, percent: 100 }];

/** Which revision serves what, resolving LATEST: "alie-00003-abc 90%, alie-00004-xyz 10% (tag rc-1234567)". */
export function describeTraffic(service: CloudRunServiceResource): string {
  const statuses = service.trafficStatuses?.length ? service.trafficStatuses : service.traffic ?? [];
  return statuses
    .map((t) => {
      const rev = t.type === LATEST ? `LATEST (${shortRevision(service.latestReadyRevision)})` : shortRevision(t.revision);
      return `${rev} ${t.percent ?? 0}%${t.tag ? ` (tag ${t.tag})` : ""}`;
    })
    .join(", ");
}

/** The revision serving 100% of traffic, if one does. */
export function soleRevision(service: CloudRunServiceResource): string | undefined {
  const serving = (service.trafficStatuses?.length ? service.trafficStatuses : service.traffic ?? []).filter((t) => (t.percent ?? 0) > 0);
  if (serving.length !== 1 || serving[0]!.percent !== 100) return undefined;
  const t = serving[0]!;
  return t.type === LATEST ? shortRevision(service.latestReadyRevision) : shortRevision(t.revision);
}

/** Same targets regardless of order (used to confirm a restore). */
export function sameTraffic(a: TrafficTarget[], b: TrafficTarget[]): boolean {
  const key = (t: TrafficTarget) => `${t.type}|${shortRevision(t.revision)}|${t.percent ?? 0}|${t.tag ?? ""}`;
  const ka = a.map(clean).map(key).sort();
  const kb = b.map(clean).map(key).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}
