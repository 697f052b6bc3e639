/**
 * chooseRollbackTarget, pure: hand-built services and revisions (full resource names, int64
 * seconds as strings, as the API returns them).
 */
import { describe, expect, it } from "vitest";
import { type CloudRunRevisionResource, type CloudRunServiceResource, LATEST, REVISION } from "../../ci/src/gcp/run-resource.js";
import { FAILED_ANNOTATION, SERVED_ANNOTATION } from "../../ci/src/services/history.js";
import { chooseRollbackTarget, createdNanos, readyRevisions } from "../../ci/src/services/rollback.js";
import { testCall } from "../support/suggested-call.js";

const SVC = "projects/p/locations/us-central1/services/api";
const BASE_SECONDS = 1_767_225_600;

interface RevOptions {
  /** Seconds after BASE_SECONDS (default: its position in the list, see `revs`). */
  at?: number;
  nanos?: number;
  ready?: boolean;
  message?: string;
}

function rev(name: string, options: RevOptions = {}): CloudRunRevisionResource {
  const ready = options.ready ?? true;
  return {
    name: `${SVC}/revisions/${name}`,
    createTime: { seconds: String(BASE_SECONDS + (options.at ?? 0)), nanos: options.nanos ?? 0 },
    conditions: [
      { type: "Ready", state: ready ? "CONDITION_SUCCEEDED" : "CONDITION_FAILED", ...(options.message ? { message: options.message } : {}) },
      { type: "ContainerHealthy", state: ready ? "CONDITION_SUCCEEDED" : "CONDITION_FAILED" },
    ],
  };
}

/** Revisions created one second apart in the order given (oldest first). */
const revs = (...names: string[]): CloudRunRevisionResource[] => names.map((n, i) => rev(n, { at: i }));

function service(serving: string, annotations: Record<string, string> = {}): CloudRunServiceResource {
  return {
    name: SVC,
    annotations,
    latestReadyRevision: `${SVC}/revisions/${serving}`,
    traffic: [{ type: REVISION, revision: serving, percent: 100 }],
  };
}

const history = (served: string[], failed: string[] = []): Record<string, string> => ({
  ...(served.length ? { [SERVED_ANNOTATION]: served.join(",") } : {}),
  ...(failed.length ? { [FAILED_ANNOTATION]: failed.join(",") } : {}),
});

describe("chooseRollbackTarget from the history", () => {
  it("chooses the entry after the current serving revision", () => {
    const s = service("api-c", history(["api-c", "api-b", "api-a"]));
    expect(chooseRollbackTarget(s, revs("api-a", "api-b", "api-c"))).toEqual({ revision: "api-b", chosenBy: "history", warnings: [] });
  });

  it("goes further back than the newest ready revision when the history says so", () => {
    // api-b is newer than api-a, but api-a is what served before api-c.
    const s = service("api-c", history(["api-c", "api-a"]));
    expect(chooseRollbackTarget(s, revs("api-a", "api-b", "api-c"))).toMatchObject({ revision: "api-a", chosenBy: "history" });
  });

  it("looks only after the current revision, never at newer history entries (after an earlier rollback)", () => {
    // api-c was rolled back to api-b: rolling back again goes to api-a, not forward to api-c.
    const s = service("api-b", history(["api-c", "api-b", "api-a"]));
    expect(chooseRollbackTarget(s, revs("api-a", "api-b", "api-c"))).toEqual({ revision: "api-a", chosenBy: "history", warnings: [] });
  });

  it("uses the newest history entry when the current revision is not in the history (changed by hand)", () => {
    const s = service("api-d", history(["api-b", "api-a"]));
    expect(chooseRollbackTarget(s, revs("api-a", "api-b", "api-c", "api-d"))).toEqual({ revision: "api-b", chosenBy: "history", warnings: [] });
  });

  it("reads the serving revision through LATEST", () => {
    const s: CloudRunServiceResource = { ...service("api-c", history(["api-c", "api-b", "api-a"])), traffic: [{ type: LATEST, percent: 100 }] };
    expect(chooseRollbackTarget(s, revs("api-a", "api-b", "api-c")).revision).toBe("api-b");
  });

  it("takes the revision with the largest share of a split as the current one", () => {
    const s: CloudRunServiceResource = {
      ...service("api-c", history(["api-c", "api-b", "api-a"])),
      traffic: [
        { type: REVISION, revision: "api-b", percent: 30 },
        { type: REVISION, revision: "api-c", percent: 70 },
      ],
    };
    expect(chooseRollbackTarget(s, revs("api-a", "api-b", "api-c")).revision).toBe("api-b");
  });

  it("skips a history entry that failed the health gate", () => {
    const s = service("api-c", history(["api-c", "api-b", "api-a"], ["api-b"]));
    expect(chooseRollbackTarget(s, revs("api-a", "api-b", "api-c"))).toMatchObject({ revision: "api-a", chosenBy: "history" });
  });

  it("skips a history entry that is not ready (or no longer exists)", () => {
    const s = service("api-d", history(["api-d", "api-c", "api-gone", "api-a"]));
    const list = [rev("api-a", { at: 0 }), rev("api-c", { at: 2, ready: false }), rev("api-d", { at: 3 })];
    expect(chooseRollbackTarget(s, list)).toMatchObject({ revision: "api-a", chosenBy: "history" });
  });

  it("never chooses the current revision, even when it appears again further down the history", () => {
    const s = service("api-b", history(["api-b", "api-b", "api-a"]));
    expect(chooseRollbackTarget(s, revs("api-a", "api-b")).revision).toBe("api-a");
  });
});

describe("chooseRollbackTarget without a usable history entry", () => {
  it("falls back to the newest other ready revision, warning that there is no history", () => {
    const s = service("api-c");
    expect(chooseRollbackTarget(s, revs("api-a", "api-b", "api-c"))).toEqual({
      revision: "api-b",
      chosenBy: "newest-ready",
      warnings: ["the service has no deploy history from this pipeline yet; chose the newest other ready revision"],
    });
  });

  it("falls back without a warning when a history exists but nothing in it is usable", () => {
    const s = service("api-c", history(["api-c"]));
    expect(chooseRollbackTarget(s, revs("api-a", "api-b", "api-c"))).toEqual({ revision: "api-b", chosenBy: "newest-ready", warnings: [] });
  });

  it("skips a failed candidate even when it is the newest ready revision", () => {
    const s = service("api-b", history([], ["api-c"]));
    expect(chooseRollbackTarget(s, revs("api-a", "api-b", "api-c"))).toMatchObject({ revision: "api-a", chosenBy: "newest-ready" });
  });

  it("skips revisions that are not ready", () => {
    const s = service("api-b");
    const list = [rev("api-a", { at: 0 }), rev("api-b", { at: 1 }), rev("api-c", { at: 2, ready: false })];
    expect(chooseRollbackTarget(s, list).revision).toBe("api-a");
  });

  it("orders by creation time, not by name or list order", () => {
    const s = service("api-current");
    const list = [rev("api-zzz", { at: 5 }), rev("api-current", { at: 9 }), rev("api-aaa", { at: 7 })];
    expect(chooseRollbackTarget(s, list).revision).toBe("api-aaa");
    expect(chooseRollbackTarget(s, [...list].reverse()).revision).toBe("api-aaa");
  });

  it("in the same second, the nanoseconds decide (and the name does not)", () => {
    const s = service("api-current");
    const sameSecond = [rev("api-aaa", { at: 0, nanos: 900 }), rev("api-zzz", { at: 0, nanos: 100 }), rev("api-current", { at: 1 })];
    expect(chooseRollbackTarget(s, sameSecond).revision).toBe("api-aaa");
    const swapped = [rev("api-aaa", { at: 0, nanos: 100 }), rev("api-zzz", { at: 0, nanos: 900 }), rev("api-current", { at: 1 })];
    expect(chooseRollbackTarget(s, swapped).revision).toBe("api-zzz");
  });

  it("a later second beats more nanoseconds", () => {
    const s = service("api-current");
    const list = [rev("api-early", { at: 0, nanos: 999_999_999 }), rev("api-late", { at: 1, nanos: 0 }), rev("api-current", { at: 2 })];
    expect(chooseRollbackTarget(s, list).revision).toBe("api-late");
  });

  it("resolves a difference of one nanosecond on 2026 timestamps (beyond double precision)", () => {
    const s = service("api-current");
    const list = [rev("api-b", { at: 0, nanos: 1 }), rev("api-a", { at: 0, nanos: 2 }), rev("api-current", { at: 1 })];
    expect(chooseRollbackTarget(s, list).revision).toBe("api-a");
  });

  it("uses the name only when the timestamps are exactly equal, whatever the list order", () => {
    const s = service("api-current");
    const tied = [rev("api-00001-aaa", { at: 0, nanos: 5 }), rev("api-00002-bbb", { at: 0, nanos: 5 }), rev("api-current", { at: 1 })];
    const first = chooseRollbackTarget(s, tied).revision;
    expect(first).toBe("api-00002-bbb");
    expect(chooseRollbackTarget(s, [...tied].reverse()).revision).toBe(first);
  });
});

/** A --to-revision as `rollback --service=api --env=dev` passes it. */
const wanted = (revision: string) => ({ revision, hint: { target: "api", environment: "dev", call: testCall } });

describe("chooseRollbackTarget with a requested revision", () => {
  const s = service("api-c", history(["api-c", "api-b", "api-a"], ["api-x"]));
  const list = [...revs("api-a", "api-b", "api-c"), rev("api-x", { at: 3 }), rev("api-broken", { at: 4, ready: false, message: "Container failed to start." })];

  it("returns the requested ready revision, even against the history", () => {
    expect(chooseRollbackTarget(s, list, wanted("api-a"))).toEqual({ revision: "api-a", chosenBy: "requested", warnings: [] });
  });

  it("refuses a missing revision, listing the revisions that exist", () => {
    expect(() => chooseRollbackTarget(s, list, wanted("api-nope"))).toThrow(
      'revision "api-nope" does not exist for service api. Revisions: api-a, api-b, api-c, api-x, api-broken.',
    );
  });

  it("says when a missing name looks like another service's revision", () => {
    expect(() => chooseRollbackTarget(s, list, wanted("web-00001-abc"))).toThrow(
      'revision "web-00001-abc" does not exist for service api. Revision names start with the service name ("api-"); "web-00001-abc" looks like a revision of another service. Revisions: api-a, api-b, api-c, api-x, api-broken.',
    );
  });

  it("says there are no revisions at all", () => {
    expect(() => chooseRollbackTarget(s, [], wanted("api-a"))).toThrow(/Revisions: none\.$/);
  });

  it("refuses a revision that is not ready, quoting why", () => {
    expect(() => chooseRollbackTarget(s, list, wanted("api-broken"))).toThrow(
      'revision "api-broken" is not ready and cannot serve traffic (Container failed to start.). Pick a ready revision: dagger call status --service=api --env=dev --credentials=env://GCP_CREDENTIALS.',
    );
  });

  it("refuses a not-ready revision without a message, saying it never became ready", () => {
    expect(() => chooseRollbackTarget(s, [rev("api-q", { ready: false })], wanted("api-q"))).toThrow(/\(it never became ready\)/);
  });

  it("allows a revision in the failed list, with a warning", () => {
    expect(chooseRollbackTarget(s, list, wanted("api-x"))).toEqual({
      revision: "api-x",
      chosenBy: "requested",
      warnings: ["api-x failed the pipeline's health gate when it was deployed; it was rolled back to as requested"],
    });
  });
});

describe("chooseRollbackTarget with nothing left", () => {
  it("refuses when the only ready revision is the current one", () => {
    const s = service("api-only");
    expect(() => chooseRollbackTarget(s, [rev("api-old", { ready: false }), rev("api-only", { at: 1 })])).toThrow(
      "service api has no ready revision other than api-only to roll back to.",
    );
  });

  it("names the ready revisions it skipped because they failed the gate, and --to-revision", () => {
    const s = service("api-b", history(["api-b"], ["api-c", "api-a", "api-gone"]));
    expect(() => chooseRollbackTarget(s, revs("api-a", "api-b", "api-c"))).toThrow(
      "service api has no ready revision other than api-b to roll back to (skipped because they failed the health gate: api-c, api-a; name one with --to-revision to use it anyway).",
    );
  });

  it("the skipped one can then be named", () => {
    const s = service("api-b", history(["api-b"], ["api-a"]));
    expect(chooseRollbackTarget(s, revs("api-a", "api-b"), wanted("api-a"))).toMatchObject({ revision: "api-a", chosenBy: "requested" });
  });
});

describe("readyRevisions / createdNanos", () => {
  it("computes nanoseconds from string or number seconds at full precision", () => {
    expect(createdNanos({ createTime: { seconds: "1767225600", nanos: 123_456_789 } })).toBe(1_767_225_600_123_456_789n);
    expect(createdNanos({ createTime: { seconds: 1_767_225_600, nanos: 1 } })).toBe(1_767_225_600_000_000_001n);
    expect(createdNanos({})).toBe(0n);
  });

  it("lists only ready revisions, newest first", () => {
    const list = [rev("api-a", { at: 0 }), rev("api-b", { at: 1, ready: false }), rev("api-c", { at: 2, nanos: 1 }), rev("api-d", { at: 2 })];
    expect(readyRevisions(list).map((r) => r.name?.split("/").pop())).toEqual(["api-c", "api-d", "api-a"]);
  });
});

describe("chooseRollbackTarget: nothing left", () => {
  it("does not call the current revision skipped when it is also in the failed list", () => {
    const service = {
      name: "projects/p/locations/r/services/api",
      annotations: { "cloud-run-pipeline/failed": "api-b" },
      traffic: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "api-b", percent: 100 }],
      latestReadyRevision: "projects/p/locations/r/services/api/revisions/api-b",
    };
    const revs = [
      { name: "projects/p/locations/r/services/api/revisions/api-a", conditions: [{ type: "Ready", state: "CONDITION_FAILED" }], createTime: { seconds: 1 } },
      { name: "projects/p/locations/r/services/api/revisions/api-b", conditions: [{ type: "Ready", state: "CONDITION_SUCCEEDED" }], createTime: { seconds: 2 } },
    ];
    expect(() => chooseRollbackTarget(service, revs)).toThrow(/^service api has no ready revision other than api-b to roll back to\.$/);
  });
});

describe("chooseRollbackTarget: a candidate left behind", () => {
  it("never picks a revision still carrying a 0% candidate tag (a failed restore left it), even without a history", () => {
    const rev = (id: string, seconds: number) => ({ name: `projects/p/locations/r/services/api/revisions/${id}`, conditions: [{ type: "Ready", state: "CONDITION_SUCCEEDED" }], createTime: { seconds } });
    const service = {
      name: "projects/p/locations/r/services/api",
      traffic: [
        { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "api-b", percent: 100 },
        { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "api-c", percent: 0, tag: "rc-abc1234" },
      ],
    };
    expect(chooseRollbackTarget(service, [rev("api-a", 1), rev("api-b", 2), rev("api-c", 3)]).revision).toBe("api-a");
  });
});
