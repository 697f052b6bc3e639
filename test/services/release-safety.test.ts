/**
 * Release safety, one test per behaviour: optimistic concurrency end to end (a second writer is
 * never overwritten), rollback to what served healthily, broken services, lost replies and failed
 * polls reconciled from state read back, a restore that can always be finished by hand, refusing
 * early, and other people's tags kept. Traffic is asserted both as stored and as served.
 */
import { describe, expect, it } from "vitest";
import type { CloudRunServiceResource } from "../../ci/src/gcp/run-resource.js";
import { deployService } from "../../ci/src/services/deploy-service.js";
import { FAILED_ANNOTATION, SERVED_ANNOTATION } from "../../ci/src/services/history.js";
import { rollbackService } from "../../ci/src/services/rollback.js";
import { describeTraffic } from "../../ci/src/services/traffic.js";
import { Code, fakeIdToken } from "../fakes/cloud-run/index.js";
import { serviceName, servingView, storedTraffic } from "./support/fake-cloud.js";
import { REVISION, revisions, useFakeCloud } from "./support/harness.js";
import { deployOptions, render, serviceSpec } from "./support/specs.js";
import { testCall } from "../support/suggested-call.js";

const cloud = useFakeCloud({ probeAuth: "id-token" });
const API = serviceName("api");
const api = serviceSpec("api");
const privateApi = serviceSpec("api", { public: false });
const idToken = async (audience: string) => fakeIdToken(audience);
const options = (commit: string, extra: Parameters<typeof deployOptions>[0] = {}) => deployOptions({ commit, idToken, pollIntervalMs: 10, ...extra });
const imageOf = (build: number) => render(api, build).image;

/** The service as stored, described like a report describes it. */
const liveTraffic = () => describeTraffic(cloud.fake.service(API).resource as CloudRunServiceResource);
const annotations = () => cloud.fake.service(API).resource.annotations ?? {};

async function firstRelease(): Promise<string> {
  const report = await deployService(cloud.gateway, render(api, 1, "aaa1111"), options("aaa1111"));
  expect(report.status).toBe("created");
  return report.revision!;
}

/** An operator pins 100% to `revision` (gcloud run services update-traffic --to-revisions=R=100: tags kept). */
function operatorPins(revision: string): void {
  cloud.fake.writeAsOtherClient(API, (s) => ({
    traffic: [{ type: REVISION, revision, percent: 100 }, ...(s.traffic ?? []).filter((t) => t.tag).map((t) => ({ ...t, percent: 0 }))],
  }));
}

/** Runs `during` once, on the first health-check request of the candidate, then answers `status`. */
function onFirstProbe(build: number, during: () => void, status = 200): void {
  let done = false;
  cloud.fake.faults.probe({ image: imageOf(build) }, {
    handler: (_req, res) => {
      if (!done) {
        done = true;
        during();
      }
      res.writeHead(status).end(String(status));
    },
  });
}

describe("optimistic concurrency end to end", () => {
  it("an operator's pin during the probe is kept: the deploy stops ABORTED instead of promoting over it", async () => {
    const v1 = await firstRelease();
    onFirstProbe(2, () => operatorPins(v1));
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), options("bbb2222"));
    await cloud.fake.settle();
    expect(report.status).toBe("aborted");
    expect(report.reason).toMatch(/changed while this deploy was probing .* Their change was kept; nothing of it was overwritten\. The candidate tag rc-bbb2222 was removed\. To continue, re-run `dagger call deploy --service=api --env=dev --credentials=env:\/\/GCP_CREDENTIALS`/);
    expect(storedTraffic(cloud.fake, "api")).toEqual([{ type: "REVISION", revision: v1, percent: 100 }]);
    expect(servingView(cloud.fake, "api")).toEqual([{ revision: v1, percent: 100 }]);
    expect(report.trafficAfter).toBe(liveTraffic());
  });

  it("an operator's pin during a failing probe is kept: the restore does not write the old snapshot over it", async () => {
    const v1 = await firstRelease();
    const v2 = (await deployService(cloud.gateway, render(api, 2, "bbb2222"), options("bbb2222"))).revision!;
    onFirstProbe(3, () => operatorPins(v1), 500);
    const report = await deployService(cloud.gateway, render(api, 3, "ccc3333"), options("ccc3333", { healthTimeoutMs: 2500 }));
    await cloud.fake.settle();
    expect(report.status).toBe("aborted");
    expect(report.reason).toMatch(/answered HTTP 500.*restoring the previous traffic was not done because someone else changed the service meanwhile\. Their change was kept/);
    expect(servingView(cloud.fake, "api")).toEqual([{ revision: v1, percent: 100 }]);
    expect(servingView(cloud.fake, "api")).not.toContainEqual(expect.objectContaining({ revision: v2, percent: 100 }));
    expect(report.trafficAfter).toBe(liveTraffic());
  });

  it("an ABORTED promote is reported ABORTED, never rolled-back", async () => {
    await firstRelease();
    onFirstProbe(2, () => cloud.fake.writeAsOtherClient(API, () => ({ description: "edited in the console" })));
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), options("bbb2222"));
    await cloud.fake.settle();
    expect(report.status).toBe("aborted");
    expect(cloud.fake.service(API).resource.description).toBe("edited in the console");
  });
});

describe("rollback knows what served", () => {
  it("after the health gate rolled a deploy back, rollback goes to the revision that served before, never to the failed candidate", async () => {
    const v1 = await firstRelease();
    const good = await deployService(cloud.gateway, render(api, 2, "bbb2222"), options("bbb2222"));
    expect(good.status).toBe("deployed");
    cloud.fake.faults.probe({ image: imageOf(3) }, { status: 500 });
    const failed = await deployService(cloud.gateway, render(api, 3, "ccc3333"), options("ccc3333", { healthTimeoutMs: 2200 }));
    expect(failed.status).toBe("rolled-back");
    expect(annotations()[FAILED_ANNOTATION]).toBe(failed.revision);
    expect(annotations()[SERVED_ANNOTATION]).toBe(`${good.revision},${v1}`);

    const rollback = await rollbackService(cloud.gateway, API, undefined, { pollIntervalMs: 10, call: testCall });
    expect(rollback).toMatchObject({ from: good.revision, to: v1, chosenBy: "history" });
    expect(servingView(cloud.fake, "api")).toEqual([{ revision: v1, percent: 100 }]);
    expect(rollback.trafficAfter).toBe(liveTraffic());
  });

  it("a failed candidate is never chosen even without a history (it is the newest ready revision)", async () => {
    cloud.fake.seedService({ id: "api", public: true, revisions: revisions("api", ["one", "two"]) });
    cloud.fake.faults.probe({ image: imageOf(3) }, { status: 503 });
    const failed = await deployService(cloud.gateway, render(api, 3, "ccc3333"), options("ccc3333", { healthTimeoutMs: 2200 }));
    expect(failed.status).toBe("rolled-back");
    const rollback = await rollbackService(cloud.gateway, API, undefined, { pollIntervalMs: 10, call: testCall });
    expect(rollback.to).toBe("api-one");
    expect(rollback.to).not.toBe(failed.revision);
  });

  it("revisions created in the same second are ordered by their nanoseconds, not their names", async () => {
    cloud.fake.seedService({
      id: "api",
      public: true,
      revisions: [
        { name: "api-zzz", image: imageOf(1), createTime: { seconds: 1_767_225_600, nanos: 100 } },
        { name: "api-aaa", image: imageOf(2), createTime: { seconds: 1_767_225_600, nanos: 900 } },
        { name: "api-current", image: imageOf(3), createTime: { seconds: 1_767_225_601, nanos: 0 } },
      ],
    });
    const rollback = await rollbackService(cloud.gateway, API, undefined, { pollIntervalMs: 10, call: testCall });
    expect(rollback).toMatchObject({ from: "api-current", to: "api-aaa", chosenBy: "newest-ready" });
  });

  it("refuses a revision of another service and says why", async () => {
    cloud.fake.seedService({ id: "api", public: true, revisions: revisions("api", ["one", "two"]) });
    await expect(rollbackService(cloud.gateway, API, "web-one", { call: testCall })).rejects.toThrow(/revision "web-one" does not exist for service api\. .*looks like a revision of another service\. Revisions: (api-two, api-one|api-one, api-two)\./);
  });
});

describe("a broken service has nothing to protect", () => {
  for (const strategy of ["blue-green", "direct"] as const) {
    it(`a service whose only revision crashed is deployed like a first deploy (${strategy})`, async () => {
      cloud.fake.faults.nextRevisionNeverReady("api");
      const first = await deployService(cloud.gateway, render(api, 1, "aaa1111"), options("aaa1111"));
      expect(first.status).toBe("failed");
      const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), options("bbb2222", { strategy }));
      expect(report.status).toBe("deployed");
      expect(report.notes?.join("\n")).toMatch(/had no ready revision \(nothing was serving\), so there was nothing to protect and it was deployed like a first deploy/);
      expect(storedTraffic(cloud.fake, "api")).toEqual([{ type: "LATEST", percent: 100 }]);
      expect(servingView(cloud.fake, "api")).toEqual([{ revision: report.revision, percent: 100 }]);
      expect(report.trafficAfter).toBe(liveTraffic());
    });
  }
});

describe("ambiguous failures are reconciled from state read back", () => {
  it("a lost reply on the candidate update is found applied and the deploy goes on (one revision, no ABORTED)", async () => {
    await firstRelease();
    cloud.fake.clearRecords();
    cloud.fake.faults.loseNextReply("UpdateService", Code.UNAVAILABLE);
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), options("bbb2222"));
    expect(report.status).toBe("deployed");
    expect(report.notes?.join("\n")).toMatch(/on the update; read back: it was applied/);
    expect(cloud.fake.callsOf("UpdateService").map((c) => c.code)).toEqual([Code.UNAVAILABLE, 0]);
    expect(cloud.fake.service(API).revisionOrder).toHaveLength(2);
    expect(servingView(cloud.fake, "api")).toEqual([{ revision: report.revision, percent: 100 }]);
  });

  it("a DEADLINE_EXCEEDED reply lost on the promote is found applied: deployed", async () => {
    await firstRelease();
    onFirstProbe(2, () => cloud.fake.faults.loseNextReply("UpdateService", Code.DEADLINE_EXCEEDED));
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), options("bbb2222"));
    expect(report.status).toBe("deployed");
    expect(servingView(cloud.fake, "api")).toEqual([{ revision: report.revision, percent: 100 }]);
  });

  it("a lost reply on the restore is found applied: rolled-back, not 'ALSO failed'", async () => {
    const v1 = await firstRelease();
    onFirstProbe(2, () => cloud.fake.faults.loseNextReply("UpdateService", Code.UNAVAILABLE), 500);
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), options("bbb2222", { healthTimeoutMs: 2200 }));
    expect(report.status).toBe("rolled-back");
    expect(report.reason).not.toMatch(/ALSO failed/);
    expect(servingView(cloud.fake, "api")).toEqual([{ revision: v1, percent: 100 }]);
  });

  it("transient UNAVAILABLE while polling operations is retried: deployed, and a rollback under it is rolled-back", async () => {
    const v1 = await firstRelease();
    cloud.fake.faults.failNextCalls("GetOperation", Code.UNAVAILABLE, 2);
    const ok = await deployService(cloud.gateway, render(api, 2, "bbb2222"), options("bbb2222"));
    expect(ok.status).toBe("deployed");
    onFirstProbe(3, () => cloud.fake.faults.failNextCalls("GetOperation", Code.UNAVAILABLE, 2), 500);
    const failed = await deployService(cloud.gateway, render(api, 3, "ccc3333"), options("ccc3333", { healthTimeoutMs: 2200 }));
    expect(failed.status).toBe("rolled-back");
    expect(servingView(cloud.fake, "api")).toEqual([{ revision: ok.revision, percent: 100 }]);
    expect(v1).not.toBe(ok.revision);
  });

  it("an update refused outright is reported as not applied, with the traffic read back", async () => {
    await firstRelease();
    cloud.fake.faults.failNextCalls("UpdateService", Code.PERMISSION_DENIED, 1);
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), options("bbb2222"));
    expect(report.status).toBe("failed");
    expect(report.reason).toMatch(/was not applied \(nothing was changed\): 7 PERMISSION_DENIED/);
    expect(report.trafficAfter).toBe(liveTraffic());
  });
});

describe("the restore can always be completed by hand", () => {
  it("when the restore fails, the report names rollback --to-revision of what served before, and the tag to remove", async () => {
    const v1 = await firstRelease();
    onFirstProbe(2, () => cloud.fake.faults.failNextCalls("UpdateService", Code.PERMISSION_DENIED, 1), 500);
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), options("bbb2222", { healthTimeoutMs: 2200 }));
    expect(report.status).toBe("failed");
    expect(report.reason).toContain(`Restoring the previous traffic ALSO failed`);
    expect(report.reason).toContain(`run \`dagger call rollback --service=api --env=dev --to-revision=${v1} --credentials=env://GCP_CREDENTIALS\``);
    expect(report.reason).toContain("--remove-tags=rc-bbb2222");
    expect(report.reason).not.toMatch(/dagger call rollback --service=api`/);
    expect(report.trafficAfter).toBe(liveTraffic());
    // The named command works: it puts v1 back.
    const rollback = await rollbackService(cloud.gateway, API, v1, { pollIntervalMs: 10, call: testCall });
    expect(rollback.to).toBe(v1);
    expect(servingView(cloud.fake, "api").filter((s) => s.percent > 0)).toEqual([{ revision: v1, percent: 100 }]);
  });
});

describe("refuse early", () => {
  it("a private service with credentials that cannot mint ID tokens is refused before any call", async () => {
    const unavailable = new Error("Cannot mint an ID token to call a private Cloud Run service with a bare access token: an access token cannot be turned into an ID token.");
    await expect(deployService(cloud.gateway, render(privateApi, 1), options("aaa1111", { idTokenUnavailable: unavailable }))).rejects.toThrow(/service api is private.*nothing was changed\. Cannot mint an ID token .* bare access token/);
    expect(cloud.fake.calls).toEqual([]);
  });

  it("a deploy that must make the service public is refused before any write when the deployer cannot set IAM", async () => {
    cloud.fake.seedService({ id: "api", revisions: revisions("api", ["one"]) });
    cloud.fake.faults.deniedPermissions.add("run.services.setIamPolicy");
    await expect(deployService(cloud.gateway, render(api, 2, "bbb2222"), options("bbb2222"))).rejects.toThrow(/lacks run\.services\.setIamPolicy on service api \(making the service public changes its IAM policy\); nothing was changed/);
    expect(cloud.fake.mutatingCalls()).toEqual([]);
  });

  it("a private service's probe carries an ID token for that service's own URL (the fake checks the audience)", async () => {
    cloud.fake.seedService({ id: "api", revisions: revisions("api", ["one"]) });
    const report = await deployService(cloud.gateway, render(privateApi, 2, "bbb2222"), options("bbb2222"));
    expect(report.status).toBe("deployed");
    const probes = cloud.fake.probeRequests.filter((r) => r.tag === "rc-bbb2222");
    expect(probes.length).toBeGreaterThan(0);
    expect(probes.every((r) => r.status === 200)).toBe(true);
  });

  it("an ID token minted for another audience fails the gate (401) and the deploy rolls back", async () => {
    cloud.fake.seedService({ id: "api", revisions: revisions("api", ["one"]) });
    const report = await deployService(cloud.gateway, render(privateApi, 2, "bbb2222"), options("bbb2222", { idToken: async () => fakeIdToken("https://other.example.com"), healthTimeoutMs: 2200 }));
    expect(report.status).toBe("rolled-back");
    expect(report.reason).toMatch(/answered HTTP 401/);
  });
});

describe("keep what is not ours", () => {
  const SPLIT = [
    { type: REVISION, revision: "api-blue", percent: 100, tag: "stable" },
    { type: REVISION, revision: "api-green", percent: 0, tag: "preview" },
  ];

  it("tags the pipeline did not create survive a successful deploy, on the revisions they named", async () => {
    cloud.fake.seedService({ id: "api", public: true, revisions: revisions("api"), traffic: SPLIT });
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), options("bbb2222"));
    expect(report.status).toBe("deployed");
    expect(storedTraffic(cloud.fake, "api")).toEqual([
      { type: "LATEST", percent: 100 },
      { type: "REVISION", revision: "api-blue", percent: 0, tag: "stable" },
      { type: "REVISION", revision: "api-green", percent: 0, tag: "preview" },
    ]);
  });

  it("a candidate tag left by an earlier failed deploy is removed by the next successful one; user tags stay", async () => {
    cloud.fake.seedService({ id: "api", public: true, revisions: revisions("api"), traffic: [...SPLIT, { type: REVISION, revision: "api-green", percent: 0, tag: "rc-0aa11bb" }] });
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), options("bbb2222"));
    expect(report.status).toBe("deployed");
    expect(storedTraffic(cloud.fake, "api").map((t) => t.tag)).toEqual([undefined, "stable", "preview"]);
  });

  it("tags the pipeline did not create survive a restore exactly", async () => {
    cloud.fake.seedService({ id: "api", public: true, revisions: revisions("api"), traffic: SPLIT });
    cloud.fake.faults.probe({ image: imageOf(2) }, { status: 500 });
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), options("bbb2222", { healthTimeoutMs: 2200 }));
    expect(report.status).toBe("rolled-back");
    expect(storedTraffic(cloud.fake, "api")).toEqual([
      { type: "REVISION", revision: "api-blue", percent: 100, tag: "stable" },
      { type: "REVISION", revision: "api-green", percent: 0, tag: "preview" },
    ]);
  });

  it("a rollback keeps tags where they are", async () => {
    cloud.fake.seedService({ id: "api", public: true, revisions: revisions("api"), traffic: SPLIT });
    await rollbackService(cloud.gateway, API, "api-green", { pollIntervalMs: 10, call: testCall });
    expect(storedTraffic(cloud.fake, "api")).toEqual([
      { type: "REVISION", revision: "api-blue", percent: 0, tag: "stable" },
      { type: "REVISION", revision: "api-green", percent: 100 },
      { type: "REVISION", revision: "api-green", percent: 0, tag: "preview" },
    ]);
  });
});
