import { describe, expect, it } from "vitest";
import { status } from "@grpc/grpc-js";
import { serviceName } from "./clients.js";
import { createService, rejection, short, useFakeCloudRun, withImage } from "./lifecycle.js";


describe("fake Cloud Run: lost replies (applied, then the client gets UNAVAILABLE / DEADLINE_EXCEEDED)", () => {
  const h = useFakeCloudRun({ probeAuth: "none" });

  const create = (id: string, image: string) => createService(h, id, image);
  const servedBy = async (url: string) => ((await (await fetch(url)).json()) as { revision: string }).revision;

  it("applies an UpdateService whose reply is lost: new etag and generation, a staged revision, an operation that finishes", async () => {
    const before = await create("api", "img:1");
    h.fake.clearRecords();
    h.fake.faults.setReadinessDelay({ image: "img:2" }, 400);
    h.fake.faults.loseNextReply("UpdateService", status.UNAVAILABLE);

    const err = await rejection(h.run.services.updateService({ service: withImage(before, "img:2") }));
    expect(err.code).toBe(status.UNAVAILABLE);

    const [reconciling] = await h.run.services.getService({ name: serviceName("api") });
    expect(reconciling.etag).not.toBe(before.etag);
    expect(Number(reconciling.generation)).toBe(Number(before.generation) + 1);
    expect(short(reconciling.latestCreatedRevision)).toMatch(/^api-00002-/);
    expect(reconciling.reconciling).toBe(true);
    const [operation] = h.fake.operations.all().filter((o) => o.method === "UpdateService");
    expect(operation?.done).toBe(false);

    await h.fake.settle();
    expect(operation?.done).toBe(true);
    expect(operation?.error).toBeUndefined();
    const [after] = await h.run.services.getService({ name: serviceName("api") });
    expect(after.latestReadyRevision).toBe(reconciling.latestCreatedRevision);
    expect(await servedBy(after.uri!)).toBe(short(reconciling.latestCreatedRevision));
  });

  it("records the lost reply with the code the client got and applied: true", async () => {
    const before = await create("api", "img:1");
    h.fake.clearRecords();
    h.fake.faults.loseNextReply("UpdateService", status.DEADLINE_EXCEEDED);
    await rejection(h.run.services.updateService({ service: withImage(before, "img:2") }));
    expect(h.fake.callsOf("UpdateService")).toEqual([
      expect.objectContaining({ code: status.DEADLINE_EXCEEDED, message: "Deadline exceeded", applied: true }),
    ]);
  });

  it("tells a lost reply from a refused call: a refused call has applied: false and changes nothing", async () => {
    const before = await create("api", "img:1");
    h.fake.clearRecords();
    h.fake.faults.failNextCalls("UpdateService", status.UNAVAILABLE);
    h.fake.faults.loseNextReply("UpdateService", status.UNAVAILABLE);
    await rejection(h.run.services.updateService({ service: withImage(before, "img:2") }));
    const [unchanged] = await h.run.services.getService({ name: serviceName("api") });
    expect(unchanged.etag).toBe(before.etag);
    await rejection(h.run.services.updateService({ service: withImage(before, "img:2") }));
    expect(h.fake.callsOf("UpdateService").map((c) => [c.code, c.applied])).toEqual([
      [status.UNAVAILABLE, false],
      [status.UNAVAILABLE, true],
    ]);
  });

  it("makes a blind retry with the etag read before the lost write fail with ABORTED", async () => {
    const before = await create("api", "img:1");
    h.fake.faults.loseNextReply("UpdateService", status.UNAVAILABLE);
    await rejection(h.run.services.updateService({ service: withImage(before, "img:2") }));
    const retry = await rejection(h.run.services.updateService({ service: withImage(before, "img:2") }));
    expect(retry.code).toBe(status.ABORTED);
  });

  it("makes a retry without etag create no second revision once the lost write is visible", async () => {
    const before = await create("api", "img:1");
    h.fake.faults.loseNextReply("UpdateService", status.UNAVAILABLE);
    const { etag: _etag, ...blind } = withImage(before, "img:2");
    await rejection(h.run.services.updateService({ service: blind }));
    const [op] = await h.run.services.updateService({ service: blind });
    await op.promise();
    const revisions = (await h.run.revisions.listRevisions({ parent: serviceName("api") }))[0];
    expect(revisions.map((r) => short(r.name))).toHaveLength(2);
    expect(h.fake.callsOf("UpdateService").map((c) => [c.code, c.applied])).toEqual([
      [status.UNAVAILABLE, true],
      [status.OK, true],
    ]);
  });

  it("applies a CreateService whose reply is lost, so its retry answers ALREADY_EXISTS", async () => {
    h.fake.faults.loseNextReply("CreateService", status.DEADLINE_EXCEEDED);
    expect((await rejection(create("api", "img:1"))).code).toBe(status.DEADLINE_EXCEEDED);
    expect((await rejection(create("api", "img:1"))).code).toBe(status.ALREADY_EXISTS);
    await h.fake.settle();
    const [service] = await h.run.services.getService({ name: serviceName("api") });
    expect(short(service.latestReadyRevision)).toMatch(/^api-00001-/);
  });

  it("loses the next N replies of a method, then answers normally", async () => {
    const before = await create("api", "img:1");
    h.fake.clearRecords();
    h.fake.faults.loseNextReply("UpdateService", status.UNAVAILABLE, 2);
    const { etag: _etag, ...blind } = before;
    for (const image of ["img:2", "img:3"]) await rejection(h.run.services.updateService({ service: withImage(blind, image) }));
    const [op] = await h.run.services.updateService({ service: withImage(blind, "img:4") });
    await op.promise();
    expect(h.fake.callsOf("UpdateService").map((c) => c.code)).toEqual([status.UNAVAILABLE, status.UNAVAILABLE, status.OK]);
    const [after] = await h.run.services.getService({ name: serviceName("api") });
    expect(Number(after.generation)).toBe(Number(before.generation) + 3);
  });

  it("keeps the lost reply for the next call that succeeds (a call the handler refuses does not use it up)", async () => {
    const before = await create("api", "img:1");
    h.fake.clearRecords();
    h.fake.faults.loseNextReply("UpdateService", status.UNAVAILABLE);
    expect((await rejection(h.run.services.updateService({ service: { ...withImage(before, "img:2"), etag: "stale" } }))).code).toBe(status.ABORTED);
    expect((await rejection(h.run.services.updateService({ service: withImage(before, "img:2") }))).code).toBe(status.UNAVAILABLE);
    expect(h.fake.callsOf("UpdateService").map((c) => [c.code, c.applied])).toEqual([
      [status.ABORTED, false],
      [status.UNAVAILABLE, true],
    ]);
  });

  it("loses replies of reads too: the gax client retries a GetService whose reply was lost", async () => {
    await create("api", "img:1");
    h.fake.clearRecords();
    h.fake.faults.loseNextReply("GetService", status.UNAVAILABLE);
    const [service] = await h.run.services.getService({ name: serviceName("api") });
    expect(service.name).toBe(serviceName("api"));
    expect(h.fake.callsOf("GetService").map((c) => [c.code, c.applied])).toEqual([
      [status.UNAVAILABLE, true],
      [status.OK, true],
    ]);
  });

  it("loses GetOperation replies too: checkUpdateServiceProgress retries and decodes the operation", async () => {
    const before = await create("api", "img:1");
    const [op] = await h.run.services.updateService({ service: withImage(before, "img:2") });
    await h.fake.settle();
    h.fake.clearRecords();
    h.fake.faults.loseNextReply("GetOperation", status.DEADLINE_EXCEEDED);
    expect((await h.run.services.checkUpdateServiceProgress(op.name!)).done).toBe(true);
    expect(h.fake.callsOf("GetOperation").map((c) => [c.code, c.applied])).toEqual([
      [status.DEADLINE_EXCEEDED, true],
      [status.OK, true],
    ]);
  });

  it("only loses replies as UNAVAILABLE or DEADLINE_EXCEEDED", () => {
    expect(() => h.fake.faults.loseNextReply("UpdateService", status.INTERNAL as never)).toThrow(/UNAVAILABLE or DEADLINE_EXCEEDED/);
  });
});
