/**
 * The split of a canary step: the candidate (with its tag) at the step's percent, and everything
 * the service served before pinned and scaled into the rest, largest remainder first, so the
 * shares still add up to 100 and every revision keeps its place in the split.
 */
import { REVISION, type TrafficTarget } from "../gcp/run-resource.js";
import { pinnedTraffic, type TrafficSnapshot } from "./traffic.js";

export function canaryTraffic(snapshot: TrafficSnapshot, revision: string, tag: string, percent: number): TrafficTarget[] {
  if (!Number.isInteger(percent) || percent < 1 || percent > 99) throw new Error(`a canary step's percent must be 1-99, got ${percent}`);
  const before = pinnedTraffic(snapshot, tag);
  const rest = 100 - percent;
  const total = before.reduce((n, t) => n + (t.percent ?? 0), 0);
  if (total !== 100) throw new Error(`the service served ${total}% before the deploy, not 100%; a canary cannot scale it`);
  const exact = before.map((t) => ((t.percent ?? 0) * rest) / 100);
  const scaled = exact.map(Math.floor);
  let left = rest - scaled.reduce((n, p) => n + p, 0);
  const order = exact.map((e, i) => ({ i, frac: e - Math.floor(e) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    scaled[i]! += 1;
    left -= 1;
  }
  // An entry scaled down to 0% stays only when it carries a tag (an untagged 0% entry routes nothing).
  const kept = before.map((t, i) => ({ ...t, percent: scaled[i]! })).filter((t) => t.percent > 0 || t.tag);
  return [...kept, { type: REVISION, revision, percent, tag }];
}

/** The revisions that served traffic before the deploy (what the candidate is compared with). */
export function stableRevisions(snapshot: TrafficSnapshot): string[] {
  return [...new Set(pinnedTraffic(snapshot).filter((t) => (t.percent ?? 0) > 0).map((t) => t.revision ?? ""))].filter(Boolean);
}
