import { describe, expect, it } from "vitest";
import { status } from "@grpc/grpc-js";
import { protos } from "@google-cloud/run";
import { PARENT, serviceName } from "./clients.js";
import { createService, rejection, useFakeCloudRun, withImage } from "./lifecycle.js";

type IService = protos.google.cloud.run.v2.IService;

/** The decoded view of a checked operation; gax types `result`/`metadata` loosely. */
interface Progress {
  done?: boolean;
  error?: { code?: number; message?: string };
  result: IService | null;
  metadata: IService | null;
  latestResponse: { metadata?: { type_url?: string; value?: unknown } | null };
}
const progress = (op: unknown) => op as Progress;

describe("fake Cloud Run: polling operations with checkUpdateServiceProgress / checkCreateServiceProgress", () => {
  const h = useFakeCloudRun({ probeAuth: "none" });

  const create = (id: string, image: string) => createService(h, id, image);

  it("decodes a running update: not done, no result or error, metadata is the Service as written", async () => {
    const before = await create("api", "img:1");
    h.fake.faults.setReadinessDelay({ image: "img:2" }, 60_000);
    const [op] = await h.run.services.updateService({ service: withImage(before, "img:2") });
    const stored = h.fake.service(serviceName("api")).resource;

    const polled = progress(await h.run.services.checkUpdateServiceProgress(op.name!));
    expect(polled.done).toBe(false);
    expect(polled.result).toBeNull();
    expect(polled.error).toBeUndefined();
    expect(polled.metadata?.name).toBe(serviceName("api"));
    expect(polled.metadata?.etag).toBe(stored.etag);
    expect(polled.metadata?.etag).not.toBe(before.etag);
    expect(String(polled.metadata?.generation)).toBe(String(Number(before.generation) + 1));
    expect(polled.metadata?.reconciling).toBe(true);
    expect(polled.metadata?.template?.containers?.[0]?.image).toBe("img:2");
  });

  it("decodes a finished update: done, the Service as result and metadata, no error", async () => {
    const before = await create("api", "img:1");
    const [op] = await h.run.services.updateService({ service: withImage(before, "img:2") });
    await h.fake.settle();
    const [after] = await h.run.services.getService({ name: serviceName("api") });

    const polled = progress(await h.run.services.checkUpdateServiceProgress(op.name!));
    expect(polled.done).toBe(true);
    expect(polled.error).toBeUndefined();
    expect(polled.result?.etag).toBe(after.etag);
    expect(String(polled.result?.generation)).toBe(after.generation);
    expect(polled.result?.latestReadyRevision).toBe(after.latestCreatedRevision);
    expect(polled.result?.reconciling).toBe(false);
    expect(polled.metadata?.etag).toBe(after.etag);
    expect(String(polled.metadata?.observedGeneration)).toBe(after.generation);
  });

  it("decodes a failed update: done, the operation's error, metadata still the Service", async () => {
    const before = await create("api", "img:1");
    h.fake.faults.neverReady({ image: "img:bad" });
    const [op] = await h.run.services.updateService({ service: withImage(before, "img:bad") });
    await h.fake.settle();

    const polled = progress(await h.run.services.checkUpdateServiceProgress(op.name!));
    expect(polled.done).toBe(true);
    expect(polled.result).toBeNull();
    expect(polled.error?.code).toBe(status.FAILED_PRECONDITION);
    expect(polled.error?.message).toMatch(/^Revision 'api-00002-[a-z0-9]{3}' is not ready and cannot serve traffic/);
    // gax decodes no metadata for a failed operation; the fake still sends the Service in it.
    expect(polled.metadata).toBeNull();
    const raw = polled.latestResponse.metadata;
    expect(raw?.type_url).toBe("type.googleapis.com/google.cloud.run.v2.Service");
    expect(protos.google.cloud.run.v2.Service.decode(raw!.value as Uint8Array).etag).toBe(h.fake.service(serviceName("api")).resource.etag);
  });

  it("decodes a create's progress: the new Service with generation 1", async () => {
    h.fake.faults.readinessDelayMs = 60_000;
    const [op] = await h.run.services.createService({ parent: PARENT, serviceId: "api", service: { template: { containers: [{ image: "img:1" }] } } });
    const running = progress(await h.run.services.checkCreateServiceProgress(op.name!));
    expect([running.done, running.result]).toEqual([false, null]);
    expect(running.metadata?.name).toBe(serviceName("api"));
    expect(String(running.metadata?.generation)).toBe("1");
    expect(running.metadata?.etag).toBe(h.fake.service(serviceName("api")).resource.etag);
  });

  it("lets the client's own retry absorb UNAVAILABLE on GetOperation (checkUpdateServiceProgress)", async () => {
    const before = await create("api", "img:1");
    const [op] = await h.run.services.updateService({ service: withImage(before, "img:2") });
    await h.fake.settle();
    h.fake.clearRecords();
    h.fake.faults.failNextCalls("GetOperation", status.UNAVAILABLE, 2);
    const polled = progress(await h.run.services.checkUpdateServiceProgress(op.name!));
    expect(polled.done).toBe(true);
    expect(h.fake.callsOf("GetOperation").map((c) => c.code)).toEqual([status.UNAVAILABLE, status.UNAVAILABLE, status.OK]);
  });

  it("fails an operation.promise() poll on UNAVAILABLE from GetOperation: the poll does not retry, the operation goes on", async () => {
    const before = await create("api", "img:1");
    h.fake.faults.readinessDelayMs = 200;
    const [op] = await h.run.services.updateService({ service: withImage(before, "img:2") });
    h.fake.clearRecords();
    h.fake.faults.failNextCalls("GetOperation", status.UNAVAILABLE);
    expect((await rejection(op.promise())).code).toBe(status.UNAVAILABLE);
    expect(h.fake.callsOf("GetOperation").map((c) => c.code)).toEqual([status.UNAVAILABLE]);
    await h.fake.settle();
    const polled = progress(await h.run.services.checkUpdateServiceProgress(op.name!));
    expect([polled.done, polled.error]).toEqual([true, undefined]);
    expect(polled.result?.latestReadyRevision).toMatch(/\/api-00002-/);
  });
});
