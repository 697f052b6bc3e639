/**
 * Who serves what share of a service's traffic, LATEST resolved to the revision it routes to:
 * the invariant a preview or a cleanup must keep exactly ("alie-00003-abc" -> 90, ...).
 */
import { type CloudRunServiceResource, LATEST, shortName, type TrafficTarget } from "../gcp/run-resource.js";

export type Shares = Record<string, number>;

/** Percent per revision of `traffic`, a LATEST entry counted for `latestReady`; revisions at 0% are left out. */
export function sharesOf(traffic: readonly TrafficTarget[] | null | undefined, latestReady: string | null | undefined): Shares {
  const shares: Shares = {};
  for (const t of traffic ?? []) {
    const percent = t.percent ?? 0;
    if (percent <= 0) continue;
    const revision = t.type === LATEST ? shortName(latestReady) : shortName(t.revision);
    shares[revision] = (shares[revision] ?? 0) + percent;
  }
  return shares;
}

/** The shares a service's desired traffic gives (or `traffic` would give), LATEST resolved to its latest ready revision. */
export const serviceShares = (service: CloudRunServiceResource, traffic = service.traffic): Shares => sharesOf(traffic, service.latestReadyRevision);

export function sameShares(a: Shares, b: Shares): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? 0) === (b[k] ?? 0));
}

export const describeShares = (s: Shares): string => Object.entries(s).sort(([x], [y]) => x.localeCompare(y)).map(([r, p]) => `${r} ${p}%`).join(", ") || "(nothing)";
