/**
 * pruneRevisions against the Cloud Run Admin v2 fake: only revisions that serve no traffic, carry
 * no tag and are not the latest are deleted, the K newest of those kept; --dry-run deletes nothing.
 */
import { describe, expect, it } from "vitest";
import { Code } from "../fakes/cloud-run/index.js";
import { pruneRevisions } from "../../ci/src/services/prune.js";
import { serviceName } from "../services/support/fake-cloud.js";
import { REVISION, revisions, useFakeCloud } from "../services/support/harness.js";

const cloud = useFakeCloud();
const NAME = serviceName("api");
const options = (keep: number, dryRun = false) => ({ service: "api", name: NAME, environment: "dev", keep, dryRun, deployCommand: "dagger call deploy --service=api --env=dev" });
const revisionIds = () => [...cloud.fake.service(NAME).revisions.keys()].sort();

/** r1..r6 oldest first; r2 serves 30%, r3 carries tag "stable", r6 is the latest (LATEST 70%). */
function seed() {
  cloud.fake.seedService({
    id: "api",
    public: true,
    revisions: revisions("api", ["r1", "r2", "r3", "r4", "r5", "r6"]),
    traffic: [
      { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 70 },
      { type: REVISION, revision: "api-r2", percent: 30 },
      { type: REVISION, revision: "api-r3", percent: 0, tag: "stable" },
    ],
  });
  cloud.fake.clearRecords();
}

describe("prune-revisions", () => {
  it("deletes the unused revisions beyond the K newest, never serving, tagged or latest ones", async () => {
    seed();
    const report = await pruneRevisions(cloud.gateway, options(1));
    expect(report.deleted.map((d) => d.revision)).toEqual(["api-r4", "api-r1"]);
    expect(revisionIds()).toEqual(["api-r2", "api-r3", "api-r5", "api-r6"]);
    expect(report.kept).toEqual([
      { revision: "api-r6", why: "serves 70%" },
      { revision: "api-r3", why: "carries tag stable" },
      { revision: "api-r2", why: "serves 30%" },
      { revision: "api-r5", why: "one of the 1 newest unused" },
    ]);
    expect(report.remaining).toBe(4);
  });

  it("with --keep=0 deletes every unused revision and still keeps the protected ones", async () => {
    seed();
    const report = await pruneRevisions(cloud.gateway, options(0));
    expect(report.deleted.map((d) => d.revision).sort()).toEqual(["api-r1", "api-r4", "api-r5"]);
    expect(revisionIds()).toEqual(["api-r2", "api-r3", "api-r6"]);
  });

  it("keeps everything when K covers every unused revision", async () => {
    seed();
    const report = await pruneRevisions(cloud.gateway, options(3));
    expect(report.deleted).toEqual([]);
    expect(cloud.fake.mutatingCalls()).toEqual([]);
  });

  it("--dry-run lists what it would delete and deletes nothing", async () => {
    seed();
    const report = await pruneRevisions(cloud.gateway, options(1, true));
    expect(report.dryRun).toBe(true);
    expect(report.deleted.map((d) => d.revision).sort()).toEqual(["api-r1", "api-r4"]);
    expect(cloud.fake.mutatingCalls()).toEqual([]);
    expect(revisionIds()).toHaveLength(6);
  });

  it("orders by the full createTime, nanoseconds deciding within one second", async () => {
    cloud.fake.seedService({
      id: "api",
      public: true,
      revisions: [
        { name: "api-late", image: "img:1", createTime: { seconds: 1767225600, nanos: 900 } },
        { name: "api-early", image: "img:2", createTime: { seconds: 1767225600, nanos: 100 } },
        { name: "api-current", image: "img:3", createTime: { seconds: 1767225601, nanos: 0 } },
      ],
    });
    const report = await pruneRevisions(cloud.gateway, options(1));
    expect(report.deleted.map((d) => d.revision)).toEqual(["api-early"]);
    expect(revisionIds()).toEqual(["api-current", "api-late"]);
  });

  it("keeps a revision Cloud Run refuses to delete because traffic moved to it meanwhile", async () => {
    seed();
    cloud.fake.onCall(({ method, request }) => {
      if (method === "DeleteRevision" && String((request as { name?: string }).name).endsWith("api-r4")) {
        cloud.fake.writeAsOtherClient(NAME, (current) => ({ traffic: [...(current.traffic ?? []), { type: REVISION, revision: "api-r4", percent: 0, tag: "hotfix" }] }));
      }
    });
    const report = await pruneRevisions(cloud.gateway, options(0));
    expect(report.kept).toContainEqual({ revision: "api-r4", why: expect.stringMatching(/Cloud Run kept it: .*receiving or configured to receive traffic/) });
    expect(revisionIds()).toContain("api-r4");
  });

  it("reads a lost DeleteRevision reply back instead of sending it again", async () => {
    seed();
    cloud.fake.faults.loseNextReply("DeleteRevision", Code.DEADLINE_EXCEEDED);
    const report = await pruneRevisions(cloud.gateway, options(2));
    expect(report.deleted).toEqual([{ revision: "api-r1", why: expect.stringMatching(/reply was lost/) }]);
    expect(cloud.fake.callsOf("DeleteRevision")).toHaveLength(1);
  });

  it("refuses a service that does not exist, saying how to create it", async () => {
    await expect(pruneRevisions(cloud.gateway, options(1))).rejects.toThrow(/service api does not exist in dev.*dagger call deploy --service=api --env=dev/);
  });

  it("refuses a negative --keep", async () => {
    seed();
    await expect(pruneRevisions(cloud.gateway, options(-1))).rejects.toThrow(/--keep must be a whole number from 0/);
  });
});
