/**
 * previewService against the Cloud Run Admin v2 fake, through the official clients: a revision
 * tagged pr-N at 0%, users' shares untouched, the tag URL probed and reported from state read back.
 */
import { describe, expect, it } from "vitest";
import { Code } from "../fakes/cloud-run/index.js";
import { previewService } from "../../ci/src/services/preview.js";
import { PREVIEW_LABEL } from "../../ci/src/lib/preview-names.js";
import { PARENT, serviceName, servingView, storedTraffic } from "../services/support/fake-cloud.js";
import { REVISION, revisions, useFakeCloud } from "../services/support/harness.js";
import { deployOptions, render, serviceSpec } from "../services/support/specs.js";
import { deployService } from "../../ci/src/services/deploy-service.js";
import { previewOptions, seedSplit, served } from "./support.js";

const cloud = useFakeCloud();
const api = serviceSpec("api");
const NAME = serviceName("api");

describe("preview: a revision tagged pr-N with no traffic", () => {
  it("adds the tagged revision at 0% and keeps a LATEST 100% service served by the same revision", async () => {
    cloud.fake.seedService({ id: "api", public: true, revisions: revisions("api") });
    const report = await previewService(cloud.gateway, render(api, 2, "bbb2222"), previewOptions(12));
    expect(report.status).toBe("ready");
    expect(servingView(cloud.fake, "api")).toEqual(served([{ revision: "api-green", percent: 100 }, { revision: report.revision, percent: 0, tag: "pr-12" }]));
    expect(storedTraffic(cloud.fake, "api")).toHaveLength(2);
    expect(storedTraffic(cloud.fake, "api")).toEqual(expect.arrayContaining([{ type: "REVISION", revision: "api-green", percent: 100 }, { type: "REVISION", revision: report.revision, percent: 0, tag: "pr-12" }]));
  });

  it("keeps every share and tag of a pinned split exactly", async () => {
    seedSplit(cloud.fake);
    const report = await previewService(cloud.gateway, render(api, 2, "bbb2222"), previewOptions(7));
    expect(report.status).toBe("ready");
    expect(servingView(cloud.fake, "api")).toEqual(served([
      { revision: "api-blue", percent: 90, tag: "stable" },
      { revision: "api-green", percent: 10 },
      { revision: report.revision, percent: 0, tag: "pr-7" },
    ]));
  });

  it("returns the tag URL read back from trafficStatuses and probes the health path there", async () => {
    seedSplit(cloud.fake);
    const report = await previewService(cloud.gateway, render(api, 2, "bbb2222"), previewOptions(7));
    const status = cloud.fake.service(NAME).resource.trafficStatuses?.find((t) => t.tag === "pr-7");
    expect(report.url).toBe(status?.uri);
    expect(report.url).toContain("/t/pr-7---api");
    expect(cloud.fake.probeRequests.map((r) => ({ tag: r.tag, path: r.path, status: r.status }))).toEqual([{ tag: "pr-7", path: "/health", status: 200 }]);
    expect(report.trafficAfter).toContain(`${report.revision} 0% (tag pr-7)`);
  });

  it("labels the preview revision with its tag and runs the PR's image", async () => {
    seedSplit(cloud.fake);
    const report = await previewService(cloud.gateway, render(api, 2, "bbb2222"), previewOptions(7));
    const revision = cloud.fake.service(NAME).revisions.get(report.revision!)!.resource;
    expect(revision.labels?.[PREVIEW_LABEL]).toBe("pr-7");
    expect(revision.containers?.[0]?.image).toBe(render(api, 2).image);
  });

  it("moves the pr-N tag to the new revision on a second preview of the same PR, shares untouched", async () => {
    seedSplit(cloud.fake);
    const first = await previewService(cloud.gateway, render(api, 2, "bbb2222"), previewOptions(7));
    const second = await previewService(cloud.gateway, render(api, 3, "ccc3333"), previewOptions(7, { commit: "ccc3333" }));
    expect(second.status).toBe("ready");
    expect(second.revision).not.toBe(first.revision);
    expect(servingView(cloud.fake, "api")).toEqual(served([
      { revision: "api-blue", percent: 90, tag: "stable" },
      { revision: "api-green", percent: 10 },
      { revision: second.revision, percent: 0, tag: "pr-7" },
    ]));
    expect(cloud.fake.service(NAME).revisions.has(first.revision!)).toBe(true);
  });

  it("keeps another PR's preview tag when previewing a second PR", async () => {
    seedSplit(cloud.fake);
    const seven = await previewService(cloud.gateway, render(api, 2, "bbb2222"), previewOptions(7));
    const eight = await previewService(cloud.gateway, render(api, 3, "ccc3333"), previewOptions(8, { commit: "ccc3333" }));
    expect(servingView(cloud.fake, "api")).toContainEqual({ revision: seven.revision, percent: 0, tag: "pr-7" });
    expect(servingView(cloud.fake, "api")).toContainEqual({ revision: eight.revision, percent: 0, tag: "pr-8" });
  });

  it("probes a private service with an ID token for the service URL", async () => {
    cloud.fake.seedService({ id: "api", revisions: revisions("api") });
    const report = await previewService(cloud.gateway, render(serviceSpec("api", { public: false }), 2, "bbb2222"), previewOptions(3, { idToken: async () => "private-token" }));
    expect(report.status).toBe("ready");
    expect(cloud.fake.probeRequests.map((r) => r.authorization)).toEqual(["Bearer private-token"]);
  });
});

describe("preview: only the revision and the tags change", () => {
  it("keeps the live service's own settings (labels, ingress) instead of the PR's", async () => {
    cloud.fake.seedService({ id: "api", public: true, revisions: revisions("api"), labels: { team: "data" }, service: { ingress: "INGRESS_TRAFFIC_INTERNAL_ONLY" } });
    const before = cloud.fake.service(NAME).resource;
    const report = await previewService(cloud.gateway, render(api, 2, "bbb2222"), previewOptions(6));
    expect(report.status).toBe("ready");
    const after = cloud.fake.service(NAME).resource;
    expect(after.labels).toEqual(before.labels);
    expect(after.ingress).toBe(before.ingress);
  });
});

describe("preview: refusals, nothing changed", () => {
  it("refuses a service whose run.app URLs are disabled (no tag URL to preview on)", async () => {
    cloud.fake.seedService({ id: "api", public: true, revisions: revisions("api"), service: { defaultUriDisabled: true } });
    cloud.fake.clearRecords();
    await expect(previewService(cloud.gateway, render(api, 2), previewOptions(5))).rejects.toThrow(/run.app URLs disabled.*nothing was changed/);
    expect(cloud.fake.mutatingCalls()).toEqual([]);
  });

  it("refuses a service that does not exist yet and says to deploy it first", async () => {
    await expect(previewService(cloud.gateway, render(api, 2, "bbb2222"), previewOptions(5))).rejects.toThrow(
      /service api does not exist in dev yet, and a preview never creates one.*nothing was changed. Release it first with `dagger call deploy --service=api --env=dev --credentials=env:\/\/GCP_CREDENTIALS`/,
    );
    expect(cloud.fake.mutatingCalls()).toEqual([]);
    expect(cloud.fake.services.has(NAME)).toBe(false);
  });

  it("refuses a PR number that is not a whole number from 1", async () => {
    seedSplit(cloud.fake);
    await expect(previewService(cloud.gateway, render(api, 2), previewOptions(0))).rejects.toThrow(/--pr must be a pull request number/);
    expect(cloud.fake.calls).toEqual([]);
  });

  it("refuses a tag too long for the service name before any call", async () => {
    const long = serviceSpec("a".repeat(42));
    await expect(previewService(cloud.gateway, render(long, 2), previewOptions(123))).rejects.toThrow(/traffic tag "pr-123" with service .* is 48 characters; Cloud Run allows 46/);
    expect(cloud.fake.calls).toEqual([]);
  });

  it("refuses when the write would route users to the new revision (LATEST with no ready revision)", async () => {
    cloud.fake.faults.neverReady({ image: render(api, 1).image });
    await cloud.gateway.startCreateService(PARENT, "api", { template: { containers: [{ image: render(api, 1).image }] } });
    await cloud.fake.settle();
    cloud.fake.clearRecords();
    await expect(previewService(cloud.gateway, render(api, 2), previewOptions(4))).rejects.toThrow(/has no ready revision and routes its traffic to LATEST.*nothing was changed/);
    expect(cloud.fake.mutatingCalls()).toEqual([]);
  });
});

describe("preview: concurrency and faults", () => {
  it("never overwrites a traffic change made between its read and its write (etag), and reports it aborted", async () => {
    seedSplit(cloud.fake);
    const theirs = [
      { type: REVISION, revision: "api-blue", percent: 50, tag: "stable" },
      { type: REVISION, revision: "api-green", percent: 50 },
    ];
    cloud.fake.onCall(({ method }) => {
      if (method === "UpdateService") cloud.fake.writeAsOtherClient(NAME, () => ({ traffic: theirs }));
    });
    const report = await previewService(cloud.gateway, render(api, 2, "bbb2222"), previewOptions(9));
    await cloud.fake.settle();
    expect(report.status).toBe("aborted");
    expect(report.reason).toMatch(/changed between this preview's read and its write.*their change was kept/);
    expect(servingView(cloud.fake, "api")).toEqual(served([{ revision: "api-blue", percent: 50, tag: "stable" }, { revision: "api-green", percent: 50 }]));
    expect(cloud.fake.callsOf("UpdateService").map((c) => c.code)).toEqual([Code.ABORTED]);
  });

  it("decides from the service read back when the reply of its write is lost, sending it once", async () => {
    seedSplit(cloud.fake);
    cloud.fake.faults.loseNextReply("UpdateService", Code.UNAVAILABLE);
    const report = await previewService(cloud.gateway, render(api, 2, "bbb2222"), previewOptions(9));
    expect(report.status).toBe("ready");
    expect(cloud.fake.callsOf("UpdateService")).toHaveLength(1);
    expect(report.notes?.join("\n")).toMatch(/on the update; read back: it was applied/);
    expect(servingView(cloud.fake, "api")).toEqual(served([
      { revision: "api-blue", percent: 90, tag: "stable" },
      { revision: "api-green", percent: 10 },
      { revision: report.revision, percent: 0, tag: "pr-9" },
    ]));
  });

  it("reports a preview that fails its health check as unhealthy and leaves users' traffic alone", async () => {
    seedSplit(cloud.fake);
    cloud.fake.faults.probe({ image: render(api, 2).image }, { status: 500 });
    const report = await previewService(cloud.gateway, render(api, 2, "bbb2222"), previewOptions(9, { healthTimeoutMs: 2200 }));
    expect(report.status).toBe("unhealthy");
    expect(report.reason).toMatch(/answered HTTP 500.*stays at 0%/);
    expect(servingView(cloud.fake, "api").filter((s) => s.percent > 0)).toEqual([{ revision: "api-blue", percent: 90, tag: "stable" }, { revision: "api-green", percent: 10 }]);
  });

  it("reports a preview revision that never becomes ready as failed, users' traffic unchanged", async () => {
    seedSplit(cloud.fake);
    cloud.fake.faults.neverReady({ image: render(api, 2).image });
    const report = await previewService(cloud.gateway, render(api, 2, "bbb2222"), previewOptions(9));
    expect(report.status).toBe("failed");
    expect(report.reason).toMatch(/did not become ready.*The traffic and its tags were put back as they were/);
    expect(storedTraffic(cloud.fake, "api")).toEqual([{ type: "REVISION", revision: "api-blue", percent: 90, tag: "stable" }, { type: "REVISION", revision: "api-green", percent: 10 }]);
    expect(servingView(cloud.fake, "api")).toEqual(served([{ revision: "api-blue", percent: 90, tag: "stable" }, { revision: "api-green", percent: 10 }]));
  });

  it("puts the pr-N tag back on the earlier preview when a later one never becomes ready, so deploys keep working", async () => {
    seedSplit(cloud.fake);
    const good = await previewService(cloud.gateway, render(api, 2, "bbb2222"), previewOptions(9));
    cloud.fake.faults.neverReady({ image: render(api, 3).image });
    const bad = await previewService(cloud.gateway, render(api, 3, "ccc3333"), previewOptions(9, { commit: "ccc3333" }));
    expect(bad.status).toBe("failed");
    expect(servingView(cloud.fake, "api")).toContainEqual({ revision: good.revision, percent: 0, tag: "pr-9" });
    const deployed = await deployService(cloud.gateway, render(api, 4, "ddd4444"), deployOptions({ commit: "ddd4444" }));
    expect(deployed.status).toBe("deployed");
  });
});
