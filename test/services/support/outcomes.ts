/**
 * What a deploy may leave behind, checked against the fake after it: the service serves exactly
 * the before-state, or 100% the new revision, or exactly what another writer wrote; and the
 * report's status and `trafficAfter` say which, as read back.
 */
import { expect } from "vitest";
import type { CloudRunServiceResource } from "../../../ci/src/gcp/run-resource.js";
import type { ServiceReleaseReport } from "../../../ci/src/services/report.js";
import { describeTraffic } from "../../../ci/src/services/traffic.js";
import type { FakeCloudRun } from "../../fakes/cloud-run/index.js";
import { serviceName, servingView } from "./fake-cloud.js";

export type Serving = Array<{ revision: string; percent: number }>;

/** Who serves a share of traffic (tags at 0% left out), sorted. */
export const servingShares = (fake: FakeCloudRun, id: string): Serving =>
  servingView(fake, id)
    .filter((s) => s.percent > 0)
    .map(({ revision, percent }) => ({ revision, percent }))
    .sort((a, b) => a.revision.localeCompare(b.revision));

export interface Outcome {
  /** The report, or the error the deploy threw. */
  report?: ServiceReleaseReport;
  thrown?: unknown;
  before: Serving;
  /** What the other writer pinned, when one wrote. */
  other?: Serving;
  /** The other writer wrote after the deploy's last write (so their state stands over any outcome). */
  otherWroteLast: boolean;
  /** Mutating calls the deploy made. */
  mutatingCalls: number;
}

/** Asserts the outcome invariant; returns a one-word label of what happened (for a summary). */
export function expectHonestOutcome(fake: FakeCloudRun, id: string, o: Outcome): string {
  const now = servingShares(fake, id);
  const stored = describeTraffic(fake.service(serviceName(id)).resource as CloudRunServiceResource);
  if (o.otherWroteLast && o.other) {
    expect(now).toEqual(o.other);
    return "other-writer-last";
  }
  if (o.thrown !== undefined) {
    expect(o.mutatingCalls, `threw after writing: ${String(o.thrown)}`).toBe(0);
    expect([o.before, ...(o.other ? [o.other] : [])]).toContainEqual(now);
    return "refused";
  }
  const r = o.report!;
  if (o.other) {
    // Someone wrote after the deploy's first read and before its last write: a deploy that then
    // claims to have released or restored wrote over them (a lost update).
    expect(["deployed", "created", "rolled-back"], `claimed ${r.status} over another writer's change`).not.toContain(r.status);
  }
  const fresh: Serving = [{ revision: r.revision ?? "?", percent: 100 }];
  switch (r.status) {
    case "deployed":
    case "created":
      expect(now).toEqual(fresh);
      expect(r.trafficAfter).toBe(stored);
      break;
    case "rolled-back":
      expect(now).toEqual(o.before);
      expect(r.trafficAfter).toBe(stored);
      break;
    case "aborted":
      expect(o.other, "ABORTED without another writer").toBeDefined();
      expect(now).toEqual(o.other);
      expect(r.trafficAfter).toBe(stored);
      break;
    case "failed":
      expect([o.before, fresh, ...(o.other ? [o.other] : [])]).toContainEqual(now);
      if (!r.trafficAfter?.startsWith("unknown")) expect(r.trafficAfter).toBe(stored);
      break;
    default:
      throw new Error(`unexpected status ${r.status}`);
  }
  return r.status;
}
