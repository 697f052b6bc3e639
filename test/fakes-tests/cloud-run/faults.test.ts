import { describe, expect, it } from "vitest";
import { status } from "@grpc/grpc-js";
import { conditionState, serviceName } from "./clients.js";
import { createService, rejection, short, useFakeCloudRun, withImage } from "./lifecycle.js";


describe("fake Cloud Run: fault injection", () => {
  const h = useFakeCloudRun({ probeAuth: "none" });

  const create = (id: string, image: string) => createService(h, id, image);

  it("fails the next N calls of a method with UNAVAILABLE, then succeeds", async () => {
    const service = await create("api", "img:1");
    h.fake.faults.failNextCalls("UpdateService", status.UNAVAILABLE, 2);
    for (let i = 0; i < 2; i++) {
      expect((await rejection(h.run.services.updateService({ service: withImage(service, "img:2") }))).code).toBe(status.UNAVAILABLE);
    }
    const [op] = await h.run.services.updateService({ service: withImage(service, "img:2") });
    await op.promise();
    expect(h.fake.callsOf("UpdateService").map((c) => c.code)).toEqual([status.UNAVAILABLE, status.UNAVAILABLE, status.OK]);
  });

  it("lets the client's own retry absorb an UNAVAILABLE on GetService", async () => {
    await create("api", "img:1");
    h.fake.clearRecords();
    h.fake.faults.failNextCalls("GetService", status.UNAVAILABLE, 1);
    const [service] = await h.run.services.getService({ name: serviceName("api") });
    expect(service.name).toBe(serviceName("api"));
    expect(h.fake.callsOf("GetService").map((c) => c.code)).toEqual([status.UNAVAILABLE, status.OK]);
  });

  it("fails calls with RESOURCE_EXHAUSTED", async () => {
    h.fake.faults.failNextCalls("CreateService", status.RESOURCE_EXHAUSTED);
    const err = await rejection(create("api", "img:1"));
    expect(err.code).toBe(status.RESOURCE_EXHAUSTED);
  });

  it("leaves traffic on the previous ready revision when a new revision never becomes ready", async () => {
    const first = await create("api", "img:1");
    const rev1 = short(first.latestReadyRevision);
    h.fake.faults.neverReady({ image: "img:bad" });
    const [op] = await h.run.services.updateService({ service: withImage(first, "img:bad") });
    const err = await rejection(op.promise());
    expect(err.code).toBe(status.FAILED_PRECONDITION);
    expect(err.message).toMatch(/Revision 'api-00002-[a-z0-9]{3}' is not ready and cannot serve traffic/);
    const [after] = await h.run.services.getService({ name: serviceName("api") });
    expect(short(after.latestCreatedRevision)).toMatch(/^api-00002-/);
    expect(short(after.latestReadyRevision)).toBe(rev1);
    expect(conditionState(after.terminalCondition)).toBe("CONDITION_FAILED");
    expect(after.observedGeneration).toBe(first.observedGeneration);
    const served = (await (await fetch(after.uri!)).json()) as { revision: string };
    expect(served.revision).toBe(rev1);
    const [failed] = await h.run.revisions.getRevision({ name: after.latestCreatedRevision! });
    expect(conditionState(failed.conditions?.find((c) => c.type === "Ready"))).toBe("CONDITION_FAILED");
  });

  it("rolls back after a failed deploy by pinning traffic to the last ready revision", async () => {
    const first = await create("api", "img:1");
    const rev1 = short(first.latestReadyRevision);
    h.fake.faults.nextRevisionNeverReady();
    const [op] = await h.run.services.updateService({ service: withImage(first, "img:bad") });
    await rejection(op.promise());
    const [failed] = await h.run.services.getService({ name: serviceName("api") });
    const [rollback] = await h.run.services.updateService({
      service: { ...failed, traffic: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: rev1, percent: 100 }] },
    });
    await rollback.promise();
    const [after] = await h.run.services.getService({ name: serviceName("api") });
    expect(conditionState(after.terminalCondition)).toBe("CONDITION_SUCCEEDED");
    expect(after.trafficStatuses?.map((t) => [t.revision, t.percent])).toEqual([[rev1, 100]]);
  });

  it("keeps failing later operations while desired traffic still names a failed revision", async () => {
    h.fake.seedService({
      id: "api",
      revisions: [{ name: "api-good", image: "img:1" }, { name: "api-bad", image: "img:2", ready: false }],
      traffic: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "api-good", percent: 100 }],
    });
    const [service] = await h.run.services.getService({ name: serviceName("api") });
    const [op] = await h.run.services.updateService({
      service: {
        ...withImage(service, "img:3"),
        template: { containers: [{ image: "img:3" }] },
        traffic: [
          { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "api-good", percent: 90 },
          { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "api-bad", percent: 10 },
        ],
      },
    });
    const err = await rejection(op.promise());
    expect(err.message).toContain("Revision 'api-bad' is not ready and cannot serve traffic");
    const [after] = await h.run.services.getService({ name: serviceName("api") });
    expect(short(after.latestReadyRevision)).toMatch(/^api-00003-/);
    expect(after.trafficStatuses?.map((t) => [t.revision, t.percent])).toEqual([["api-good", 100]]);
  });

  it("fails the first deploy when its revision never becomes ready, leaving nothing serving", async () => {
    h.fake.faults.nextRevisionNeverReady("api");
    const err = await rejection(create("api", "img:1"));
    expect(err.code).toBe(status.FAILED_PRECONDITION);
    const [service] = await h.run.services.getService({ name: serviceName("api") });
    expect(service.latestReadyRevision).toBe("");
    expect((await fetch(service.uri!)).status).toBe(503);
  });

  it("answers ABORTED when a concurrent change moved the etag before the update", async () => {
    const service = await create("api", "img:1");
    h.fake.faults.concurrentChangeBeforeNextUpdate("api");
    const err = await rejection(h.run.services.updateService({ service: withImage(service, "img:2") }));
    expect(err.code).toBe(status.ABORTED);
    const [fresh] = await h.run.services.getService({ name: serviceName("api") });
    expect(fresh.etag).not.toBe(service.etag);
    const [op] = await h.run.services.updateService({ service: withImage(fresh, "img:2") });
    await op.promise();
  });

  it("answers ABORTED on the next update even without an etag when told to abort it", async () => {
    const service = await create("api", "img:1");
    h.fake.faults.abortNextUpdate();
    const { etag: _etag, ...withoutEtag } = withImage(service, "img:2");
    expect((await rejection(h.run.services.updateService({ service: withoutEtag }))).code).toBe(status.ABORTED);
    const [fresh] = await h.run.services.getService({ name: serviceName("api") });
    expect(fresh.etag).not.toBe(service.etag);
  });

  it("answers ABORTED for a stale etag", async () => {
    const service = await create("api", "img:1");
    const err = await rejection(h.run.services.updateService({ service: { ...withImage(service, "img:2"), etag: "stale" } }));
    expect(err.code).toBe(status.ABORTED);
  });

  it("ends the next operation of a method with the injected error", async () => {
    const service = await create("api", "img:1");
    h.fake.faults.failNextOperation("UpdateService", status.INTERNAL, "boom");
    const [op] = await h.run.services.updateService({ service: withImage(service, "img:2") });
    const err = await rejection(op.promise());
    expect(err.code).toBe(status.INTERNAL);
    expect(err.message).toBe("boom");
    const [after] = await h.run.services.getService({ name: serviceName("api") });
    expect(after.latestReadyRevision).toBe(service.latestReadyRevision);
  });

  it("keeps an operation running for the configured readiness delay", async () => {
    await create("api", "img:1");
    h.fake.faults.setReadinessDelay({ image: "img:slow" }, 60_000);
    const [service] = await h.run.services.getService({ name: serviceName("api") });
    const [op] = await h.run.services.updateService({ service: withImage(service, "img:slow") });
    const polled = await h.run.services.checkUpdateServiceProgress(op.name!);
    expect(polled.done).toBe(false);
    expect(h.fake.operations.pending().map((o) => o.name)).toEqual([op.name]);
  });

  it("counts mutating calls separately from reads", async () => {
    const service = await create("api", "img:1");
    const [op] = await h.run.services.updateService({ service: withImage(service, "img:2") });
    await op.promise();
    await h.run.services.getService({ name: serviceName("api") });
    expect(h.fake.mutatingCalls().map((c) => c.method)).toEqual(["CreateService", "UpdateService"]);
  });
});
