/**
 * The fault matrix: every way a release can go wrong, injected into the Cloud Run fake, with the
 * traffic afterwards read back from the fake. A failed release leaves every revision serving exactly
 * what it served before (pinned splits and user tags included); transient API errors are retried.
 */
import { describe, expect, it } from "vitest";
import type { ReleaseStatus } from "../../ci/src/lib/release-status.js";
import { deployService, type DeployServiceOptions } from "../../ci/src/services/deploy-service.js";
import { Code } from "../fakes/cloud-run/index.js";
import { type FakeCloud, servingView, storedTraffic, type TrafficView } from "./support/fake-cloud.js";
import { REVISION, revisions, useFakeCloud } from "./support/harness.js";
import { deployOptions, render, serviceSpec } from "./support/specs.js";

const api = serviceSpec("api");
const NEW_IMAGE = render(api, 2).image;
const SPLIT = [
  { type: REVISION, revision: "api-blue", percent: 70, tag: "stable" },
  { type: REVISION, revision: "api-green", percent: 30 },
  { type: REVISION, revision: "api-green", percent: 0, tag: "preview" },
];

interface FaultCase {
  name: string;
  /** "deployed": LATEST 100% on a first revision deployed by the pipeline; "split": a seeded pinned split with user tags. */
  before?: "deployed" | "split";
  inject: (cloud: FakeCloud) => void;
  options?: Partial<DeployServiceOptions>;
  status: ReleaseStatus;
  reason?: RegExp;
  /**
   * "restored": every revision serves what it served before and the stored traffic is the snapshot
   * (a LATEST entry pinned to the revision it served, once a newer revision exists);
   * "untouched": the stored traffic was never changed; "new": 100% on the new revision.
   */
  traffic: "restored" | "untouched" | "new";
  /** Extra checks on the recorded calls. */
  calls?: (cloud: FakeCloud) => void;
}

const failNext = (method: string, code: Code, count: number) => (cloud: FakeCloud) => cloud.fake.faults.failNextCalls(method, code, count);
const updateCalls = (cloud: FakeCloud) => cloud.fake.callsOf("UpdateService").map((c) => c.code);

const CASES: FaultCase[] = [
  {
    name: "revision never becomes ready",
    inject: (c) => c.fake.faults.nextRevisionNeverReady("api"),
    status: "rolled-back",
    reason: /is not ready: Revision 'api-bbb2222-[a-z0-9]+' is not ready and cannot serve traffic/,
    traffic: "restored",
  },
  {
    name: "readiness slower than the health timeout",
    inject: (c) => c.fake.faults.setReadinessDelay({ image: NEW_IMAGE }, 1500),
    options: { healthTimeoutMs: 400 },
    status: "rolled-back",
    reason: /did not become ready within 0.4s/,
    traffic: "restored",
  },
  {
    name: "health check answers 500",
    inject: (c) => c.fake.faults.probe({ image: NEW_IMAGE }, { status: 500 }),
    options: { healthTimeoutMs: 2500 },
    status: "rolled-back",
    reason: /health check .*\/t\/rc-bbb2222---api\/health answered HTTP 500/,
    traffic: "restored",
  },
  {
    name: "health check hangs until the timeout",
    inject: (c) => c.fake.faults.probe({ image: NEW_IMAGE }, { hang: true }),
    options: { healthTimeoutMs: 2500 },
    status: "rolled-back",
    reason: /did not answer within \d+ms/,
    traffic: "restored",
  },
  {
    name: "health check answers 404 (wrong health path)",
    inject: (c) => c.fake.faults.probe({ image: NEW_IMAGE }, { status: 404 }),
    options: { healthTimeoutMs: 2500 },
    status: "rolled-back",
    reason: /answered HTTP 404/,
    traffic: "restored",
  },
  {
    name: "UNAVAILABLE burst on UpdateService, then success",
    inject: failNext("UpdateService", Code.UNAVAILABLE, 3),
    status: "deployed",
    traffic: "new",
    calls: (c) => expect(updateCalls(c)).toEqual([Code.UNAVAILABLE, Code.UNAVAILABLE, Code.UNAVAILABLE, 0, 0]),
  },
  {
    name: "RESOURCE_EXHAUSTED burst on UpdateService, then success",
    inject: failNext("UpdateService", Code.RESOURCE_EXHAUSTED, 2),
    status: "deployed",
    traffic: "new",
    calls: (c) => expect(updateCalls(c)).toEqual([Code.RESOURCE_EXHAUSTED, Code.RESOURCE_EXHAUSTED, 0, 0]),
  },
  {
    name: "DEADLINE_EXCEEDED burst on GetService, then success",
    inject: failNext("GetService", Code.DEADLINE_EXCEEDED, 2),
    status: "deployed",
    traffic: "new",
  },
  {
    name: "UNAVAILABLE forever on UpdateService",
    inject: failNext("UpdateService", Code.UNAVAILABLE, 1000),
    status: "failed",
    reason: /creating the candidate revision was not applied \(nothing was changed\): 14 UNAVAILABLE: The service is currently unavailable/,
    traffic: "untouched",
    calls: (c) => expect(c.fake.callsOf("UpdateService").every((call) => call.code === Code.UNAVAILABLE)).toBe(true),
  },
  {
    name: "etag mismatch: a concurrent change before the update (ABORTED)",
    inject: (c) => c.fake.faults.concurrentChangeBeforeNextUpdate("api"),
    status: "aborted",
    reason: /etag mismatch.*Their change was kept; nothing of it was overwritten\..* To continue, re-run `dagger call deploy --service=api --env=dev --credentials=env:\/\/GCP_CREDENTIALS` to release on top of it\.$/,
    traffic: "untouched",
    calls: (c) => {
      expect(updateCalls(c)).toEqual([Code.ABORTED]);
      expect(c.fake.service("projects/test-project/locations/us-central1/services/api").resource.annotations).toHaveProperty(["fake.test/concurrent-change"]);
    },
  },
  {
    name: "the update's long-running operation ends in an error",
    inject: (c) => c.fake.faults.failNextOperation("UpdateService", Code.INTERNAL),
    status: "rolled-back",
    reason: /Internal error encountered/,
    traffic: "restored",
  },
  {
    name: "pinned split with user tags, health check fails",
    before: "split",
    inject: (c) => c.fake.faults.probe({ image: NEW_IMAGE }, { status: 503 }),
    options: { healthTimeoutMs: 2500 },
    status: "rolled-back",
    reason: /answered HTTP 503/,
    traffic: "restored",
  },
  {
    name: "pinned split with user tags, revision never ready",
    before: "split",
    inject: (c) => c.fake.faults.nextRevisionNeverReady("api"),
    status: "rolled-back",
    traffic: "restored",
  },
  {
    name: "the promote step fails (second UpdateService rejected)",
    inject: (c) =>
      c.fake.faults.probe({ image: NEW_IMAGE }, {
        handler: (_req, res) => {
          c.fake.faults.failNextCalls("UpdateService", Code.INTERNAL, 1);
          res.writeHead(200).end("ok");
        },
      }),
    status: "rolled-back",
    reason: /moving traffic to api-bbb2222-[a-z0-9]+ failed/,
    traffic: "restored",
    calls: (c) => expect(updateCalls(c)).toEqual([0, Code.INTERNAL, 0]),
  },
  {
    name: "reading the service back after the promote fails: the operation's own result is used",
    inject: (c) =>
      c.fake.faults.probe({ image: NEW_IMAGE }, {
        handler: (_req, res) => {
          c.fake.faults.failNextCalls("GetService", Code.PERMISSION_DENIED, 1);
          res.writeHead(200).end("ok");
        },
      }),
    status: "deployed",
    traffic: "new",
  },
  {
    name: "the promote step's operation fails",
    before: "split",
    inject: (c) =>
      c.fake.faults.probe({ image: NEW_IMAGE }, {
        handler: (_req, res) => {
          c.fake.faults.failNextOperation("UpdateService", Code.INTERNAL);
          res.writeHead(200).end("ok");
        },
      }),
    status: "rolled-back",
    reason: /moving traffic to .* failed/,
    traffic: "restored",
  },
  {
    name: "direct strategy, revision never ready",
    inject: (c) => c.fake.faults.nextRevisionNeverReady("api"),
    options: { strategy: "direct" },
    status: "rolled-back",
    traffic: "restored",
  },
];

const cloud = useFakeCloud();

async function prepare(before: FaultCase["before"]): Promise<void> {
  if (before === "split") {
    cloud.fake.seedService({ id: "api", public: true, revisions: revisions("api"), traffic: SPLIT });
    return;
  }
  const first = await deployService(cloud.gateway, render(api, 1, "aaa1111"), deployOptions({ commit: "aaa1111" }));
  expect(first.status).toBe("created");
}

describe("fault matrix: a release that fails restores the traffic exactly", () => {
  it.each(CASES)("$name", async (c) => {
    await prepare(c.before);
    const storedBefore = storedTraffic(cloud.fake, "api");
    const servingBefore = servingView(cloud.fake, "api");
    cloud.fake.clearRecords();
    c.inject(cloud);

    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222", ...c.options }));
    await cloud.fake.settle();

    expect(report.status).toBe(c.status);
    if (c.reason) expect(report.reason).toMatch(c.reason);
    const storedAfter = storedTraffic(cloud.fake, "api");
    const servingAfter = servingView(cloud.fake, "api");
    if (c.traffic === "new") {
      expect(storedAfter).toEqual([{ type: "LATEST", percent: 100 }]);
      expect(servingAfter).toEqual([{ revision: report.revision, percent: 100 }]);
    } else {
      expect(servingAfter).toEqual(servingBefore);
      expect(storedAfter).toEqual(c.traffic === "untouched" ? storedBefore : pinnedSnapshot(storedBefore, servingBefore));
    }
    if (c.status === "rolled-back") expect(report.logHint).toContain(`resource.labels.revision_name="${report.revision}"`);
    c.calls?.(cloud);
  });
});

/** The snapshot as restored: a LATEST entry pinned to the revision it served. */
function pinnedSnapshot(stored: TrafficView[], serving: ReturnType<typeof servingView>): TrafficView[] {
  return stored.map((t) => (t.type === "LATEST" ? { type: "REVISION" as const, revision: serving.find((s) => !s.tag)!.revision, percent: t.percent, ...(t.tag ? { tag: t.tag } : {}) } : t));
}

describe("fault matrix: outcomes without a rollback", () => {
  it("first deploy with a failing health check is reported failed; the new service keeps its only revision", async () => {
    cloud.fake.faults.probe({ image: render(api, 1).image }, { status: 500 });
    const report = await deployService(cloud.gateway, render(api, 1, "aaa1111"), deployOptions({ commit: "aaa1111", healthTimeoutMs: 2500 }));
    expect(report.status).toBe("failed");
    expect(report.reason).toMatch(/first deploy: health check .* answered HTTP 500.*no earlier revision to roll back to/);
    expect(storedTraffic(cloud.fake, "api")).toEqual([{ type: "LATEST", percent: 100 }]);
    expect(servingView(cloud.fake, "api")).toEqual([{ revision: report.revision, percent: 100 }]);
  });

  it("first deploy whose revision never becomes ready is reported failed and serves nothing", async () => {
    cloud.fake.faults.nextRevisionNeverReady("api");
    const report = await deployService(cloud.gateway, render(api, 1, "aaa1111"), deployOptions({ commit: "aaa1111" }));
    expect(report.status).toBe("failed");
    expect(report.reason).toMatch(/creating the service failed: .*is not ready and cannot serve traffic/);
    expect(servingView(cloud.fake, "api")).toEqual([]);
  });

  it("blue-green with a tag too long for the service name is rejected before any mutating call", async () => {
    const longName = serviceSpec(`a${"b".repeat(36)}`);
    cloud.fake.seedService({ id: longName.name, public: true, revisions: revisions(longName.name, ["one"]) });
    await expect(deployService(cloud.gateway, render(longName, 1, "aaa1111"), deployOptions({ commit: "aaa1111" }))).rejects.toThrow(/traffic tag "rc-aaa1111" with service .* is 47 characters/);
    expect(cloud.fake.mutatingCalls()).toEqual([]);
  });

  it("a first deploy uses no tag, so a name too long for a tag is not refused", async () => {
    const longName = serviceSpec(`a${"b".repeat(36)}`);
    const report = await deployService(cloud.gateway, render(longName, 1, "aaa1111"), deployOptions({ commit: "aaa1111" }));
    expect(report.status).toBe("created");
  });

  it("UNAVAILABLE forever on GetService fails the deploy without any mutating call", async () => {
    await prepare("deployed");
    const storedBefore = storedTraffic(cloud.fake, "api");
    cloud.fake.clearRecords();
    cloud.fake.faults.failNextCalls("GetService", Code.UNAVAILABLE, 1000);
    await expect(deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222" }))).rejects.toMatchObject({ code: Code.UNAVAILABLE });
    expect(cloud.fake.callsOf("GetService")).toHaveLength(5);
    expect(cloud.fake.mutatingCalls()).toEqual([]);
    expect(storedTraffic(cloud.fake, "api")).toEqual(storedBefore);
  });
});
