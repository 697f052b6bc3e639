/**
 * cleanupServicePreview against the Cloud Run Admin v2 fake: the pr-N tag removed with every share
 * kept, only that PR's preview revisions deleted (never one that serves, carries another tag or is
 * the latest), everything reported from state read back, and a second run finding nothing left.
 */
import { describe, expect, it } from "vitest";
import { Code } from "../fakes/cloud-run/index.js";
import { cleanupServicePreview } from "../../ci/src/services/preview-cleanup.js";
import { deployService } from "../../ci/src/services/deploy-service.js";
import { previewService } from "../../ci/src/services/preview.js";
import { serviceName, servingView } from "../services/support/fake-cloud.js";
import { REVISION, revisions, useFakeCloud } from "../services/support/harness.js";
import { deployOptions, render, serviceSpec } from "../services/support/specs.js";
import { previewOptions, seedSplit, served } from "./support.js";

const cloud = useFakeCloud();
const api = serviceSpec("api");
const NAME = serviceName("api");
const target = (pr: number) => ({ service: "api", name: NAME, pr, pollIntervalMs: 10 });
const revisionIds = () => [...cloud.fake.service(NAME).revisions.keys()].sort();

async function preview(pr: number, build: number, commit: string) {
  const report = await previewService(cloud.gateway, render(api, build, commit), previewOptions(pr, { commit }));
  expect(report.status).toBe("ready");
  return report.revision!;
}

describe("preview-cleanup of a service", () => {
  it("removes the pr-N tag and keeps every user's share exactly", async () => {
    seedSplit(cloud.fake);
    await preview(7, 2, "bbb2222");
    const result = await cleanupServicePreview(cloud.gateway, target(7));
    expect(result.tagRemoved).toBe(true);
    expect(servingView(cloud.fake, "api")).toEqual(served([{ revision: "api-blue", percent: 90, tag: "stable" }, { revision: "api-green", percent: 10 }]));
    expect(result.trafficAfter).toBe("api-blue 90% (tag stable), api-green 10%");
  });

  it("deletes the PR's older preview revisions and keeps the latest created one (Cloud Run cannot delete it)", async () => {
    seedSplit(cloud.fake);
    const first = await preview(7, 2, "bbb2222");
    const second = await preview(7, 3, "ccc3333");
    const result = await cleanupServicePreview(cloud.gateway, target(7));
    expect(result.deleted).toEqual([{ revision: first }]);
    expect(result.kept).toEqual([{ revision: second, why: "the latest created revision (Cloud Run keeps it)" }]);
    expect(revisionIds()).toEqual(["api-blue", "api-green", second].sort());
  });

  it("deletes every preview revision of the PR once a deploy made a newer revision", async () => {
    cloud.fake.seedService({ id: "api", public: true, revisions: revisions("api") });
    const first = await preview(7, 2, "bbb2222");
    const deployed = await deployService(cloud.gateway, render(api, 4, "ddd4444"), deployOptions({ commit: "ddd4444" }));
    expect(deployed.status).toBe("deployed");
    const result = await cleanupServicePreview(cloud.gateway, target(7));
    expect(result.deleted).toEqual([{ revision: first }]);
    expect(revisionIds()).not.toContain(first);
  });

  it("leaves other PRs' previews, users' revisions and revisions without the PR's label alone", async () => {
    seedSplit(cloud.fake);
    const seven = await preview(7, 2, "bbb2222");
    const eight = await preview(8, 3, "ccc3333");
    await cleanupServicePreview(cloud.gateway, target(7));
    expect(revisionIds()).toEqual(["api-blue", "api-green", eight].sort());
    expect(revisionIds()).not.toContain(seven);
    expect(servingView(cloud.fake, "api")).toContainEqual({ revision: eight, percent: 0, tag: "pr-8" });
  });

  it("keeps a preview revision someone gave traffic to, and its share", async () => {
    seedSplit(cloud.fake);
    const first = await preview(7, 2, "bbb2222");
    await preview(7, 3, "ccc3333");
    await cloud.fake.settle();
    cloud.fake.writeAsOtherClient(NAME, (current) => ({ traffic: [...(current.traffic ?? []).map((t) => (String(t.revision).endsWith("api-green") ? { ...t, percent: 5 } : t)), { type: REVISION, revision: first, percent: 5 }] }));
    await cloud.fake.settle();
    const result = await cleanupServicePreview(cloud.gateway, target(7));
    expect(result.kept).toContainEqual({ revision: first, why: "serves 5%" });
    expect(servingView(cloud.fake, "api")).toContainEqual({ revision: first, percent: 5 });
  });

  it("is idempotent: a second cleanup removes nothing and says nothing is left", async () => {
    cloud.fake.seedService({ id: "api", public: true, revisions: revisions("api") });
    await preview(7, 2, "bbb2222");
    await deployService(cloud.gateway, render(api, 4, "ddd4444"), deployOptions({ commit: "ddd4444" }));
    await cleanupServicePreview(cloud.gateway, target(7));
    cloud.fake.clearRecords();
    const again = await cleanupServicePreview(cloud.gateway, target(7));
    expect(again).toMatchObject({ tagRemoved: false, deleted: [], kept: [], failed: [] });
    expect(again.reason).toBeUndefined();
    expect(cloud.fake.mutatingCalls()).toEqual([]);
  });

  it("does not overwrite a change made between its read and its write", async () => {
    seedSplit(cloud.fake);
    await preview(7, 2, "bbb2222");
    cloud.fake.onCall(({ method }) => {
      if (method === "UpdateService") cloud.fake.writeAsOtherClient(NAME, (current) => ({ traffic: (current.traffic ?? []).map((t) => (String(t.revision).endsWith("api-blue") ? { ...t, percent: 80 } : String(t.revision).endsWith("api-green") ? { ...t, percent: 20 } : t)) }));
    });
    const result = await cleanupServicePreview(cloud.gateway, target(7));
    await cloud.fake.settle();
    expect(result.reason).toMatch(/changed between the cleanup's read and its write.*their change was kept/);
    expect(cloud.fake.callsOf("DeleteRevision")).toEqual([]);
    expect(servingView(cloud.fake, "api").filter((s) => s.percent > 0)).toEqual(served([{ revision: "api-blue", percent: 80, tag: "stable" }, { revision: "api-green", percent: 20 }]));
  });

  it("counts a revision whose DeleteRevision reply was lost as deleted once it is gone on reading back", async () => {
    seedSplit(cloud.fake);
    const first = await preview(7, 2, "bbb2222");
    await preview(7, 3, "ccc3333");
    cloud.fake.faults.loseNextReply("DeleteRevision", Code.UNAVAILABLE);
    const result = await cleanupServicePreview(cloud.gateway, target(7));
    expect(result.deleted).toEqual([{ revision: first, why: expect.stringMatching(/reply was lost.*read back: deleted/) }]);
    expect(cloud.fake.callsOf("DeleteRevision")).toHaveLength(1);
    expect(revisionIds()).not.toContain(first);
  });

  it("finds nothing to clean on a service that does not exist", async () => {
    const result = await cleanupServicePreview(cloud.gateway, target(7));
    expect(result).toMatchObject({ tagRemoved: false, deleted: [], trafficAfter: "(the service does not exist)" });
  });
});
