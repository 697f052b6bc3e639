import { describe, expect, it } from "vitest";
import { status } from "@grpc/grpc-js";
import type { protos } from "@google-cloud/run";
import { serviceName } from "./clients.js";
import { rejection, useFakeCloudRun } from "./lifecycle.js";

type IService = protos.google.cloud.run.v2.IService;
const REVISION = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION" as const;
const short = (name: string | null | undefined) => (name ?? "").split("/").at(-1) ?? "";
const NAME = serviceName("api");

describe("fake Cloud Run: a second writer between two calls (onCall + writeAsOtherClient)", () => {
  const h = useFakeCloudRun({ probeAuth: "none" });

  function seedTwoRevisions() {
    h.fake.seedService({ id: "api", revisions: [{ name: "api-v1", image: "img:1" }, { name: "api-v2", image: "img:2" }] });
    h.fake.clearRecords();
  }
  const pinTo = (revision: string) => (): Partial<IService> => ({ traffic: [{ type: REVISION, revision, percent: 100 }] });
  const withImage = (s: IService, image: string): IService => ({ ...s, template: { ...s.template, revision: "", containers: [{ image }] } });

  it("makes the client's UpdateService carrying the etag it read before the other writer's change fail with ABORTED", async () => {
    seedTwoRevisions();
    h.fake.onCall(({ index }) => {
      if (index === 1) h.fake.writeAsOtherClient(NAME, pinTo("api-v1"));
    });
    const [read] = await h.run.services.getService({ name: NAME });
    const err = await rejection(h.run.services.updateService({ service: withImage(read, "img:3") }));
    expect(err.code).toBe(status.ABORTED);
    expect(h.fake.calls.map((c) => `${c.method}:${c.code}`)).toEqual(["GetService:0", "UpdateService:10"]);
    await h.fake.settle();
    const [after] = await h.run.services.getService({ name: NAME });
    expect(after.trafficStatuses?.map((t) => [t.revision, t.percent])).toEqual([["api-v1", 100]]);
  });

  it("applies a traffic-only change by the other writer without creating a revision", async () => {
    seedTwoRevisions();
    const before = h.fake.service(NAME).resource;
    const [etag, generation] = [before.etag, before.generation];
    h.fake.writeAsOtherClient(NAME, pinTo("api-v1"));
    const stored = h.fake.service(NAME);
    expect(stored.revisionOrder).toEqual(["api-v1", "api-v2"]);
    expect(stored.resource.etag).not.toBe(etag);
    expect(Number(stored.resource.generation)).toBe(Number(generation) + 1);
    await h.fake.settle();
    const [after] = await h.run.services.getService({ name: NAME });
    expect(short(after.latestCreatedRevision)).toBe("api-v2");
    expect(after.trafficStatuses?.map((t) => [t.revision, t.percent])).toEqual([["api-v1", 100]]);
    expect(((await (await fetch(after.uri!)).json()) as { revision: string }).revision).toBe("api-v1");
  });

  it("creates a revision when the other writer changes the template, and reconciles it after the readiness delay", async () => {
    seedTwoRevisions();
    h.fake.faults.readinessDelayMs = 100;
    const operation = h.fake.writeAsOtherClient(NAME, (current) => withImage(current, "img:3"));
    const stored = h.fake.service(NAME);
    expect(stored.revisionOrder).toHaveLength(3);
    expect(stored.resource.reconciling).toBe(true);
    expect(h.fake.operations.get(operation).done).toBe(false);
    await h.fake.settle();
    expect(h.fake.operations.get(operation).done).toBe(true);
    const [after] = await h.run.services.getService({ name: NAME });
    expect(short(after.latestReadyRevision)).toMatch(/^api-00003-/);
    expect(after.reconciling).toBe(false);
  });

  it("records none of the other writer's work as a call", async () => {
    seedTwoRevisions();
    h.fake.writeAsOtherClient(NAME, pinTo("api-v1"));
    await h.fake.settle();
    expect(h.fake.calls).toEqual([]);
  });

  it("rejects the other writer's invalid change with UpdateService's error and changes nothing", () => {
    seedTwoRevisions();
    const etag = h.fake.service(NAME).resource.etag;
    let thrown: unknown;
    try {
      h.fake.writeAsOtherClient(NAME, () => ({ traffic: [{ type: REVISION, revision: "api-v1", percent: 50 }] }));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ name: "RpcError", code: status.INVALID_ARGUMENT });
    expect(h.fake.service(NAME).resource.etag).toBe(etag);
    expect(h.fake.operations.all()).toEqual([]);
  });

  it("answers a missing service with NOT_FOUND", () => {
    expect(() => h.fake.writeAsOtherClient(serviceName("nope"), pinTo("x"))).toThrow(/Resource 'nope' of kind 'SERVICE'/);
  });

  it("leaves faults aimed at the client's calls for the client", async () => {
    seedTwoRevisions();
    h.fake.faults.failNextOperation("UpdateService", status.INTERNAL, "boom");
    h.fake.writeAsOtherClient(NAME, pinTo("api-v1"));
    await h.fake.settle();
    const [read] = await h.run.services.getService({ name: NAME });
    const [op] = await h.run.services.updateService({ service: withImage(read, "img:3") });
    expect((await rejection(op.promise())).message).toBe("boom");
  });

  it("calls onCall hooks for every service of the fake, before injected faults, counting from the last clearRecords", async () => {
    seedTwoRevisions();
    await h.run.services.getService({ name: NAME });
    h.fake.clearRecords();
    const seen: string[] = [];
    h.fake.onCall(({ method, index }) => seen.push(`${index}:${method}`));
    h.fake.faults.failNextCalls("GetRevision", status.PERMISSION_DENIED);
    await rejection(h.run.revisions.getRevision({ name: `${NAME}/revisions/api-v1` }));
    await h.run.services.getService({ name: NAME });
    const operation = h.fake.writeAsOtherClient(NAME, pinTo("api-v1"));
    await h.run.services.getOperation({ name: operation } as never);
    expect(seen).toEqual(["0:GetRevision", "1:GetService", "2:GetOperation"]);
  });

  it("passes the decoded request to onCall hooks and stops calling a hook once unsubscribed", async () => {
    seedTwoRevisions();
    const names: unknown[] = [];
    const unsubscribe = h.fake.onCall(({ request }) => names.push((request as { name?: string }).name));
    await h.run.services.getService({ name: NAME });
    unsubscribe();
    await h.run.services.getService({ name: NAME });
    expect(names).toEqual([NAME]);
  });

  it("answers INTERNAL when an onCall hook throws", async () => {
    seedTwoRevisions();
    h.fake.onCall(() => {
      throw new Error("hook broke");
    });
    const err = await rejection(h.run.services.deleteService({ name: NAME }));
    expect(err.code).toBe(status.INTERNAL);
    expect(err.message).toContain("onCall hook failed: Error: hook broke");
    expect(h.fake.services.has(NAME)).toBe(true);
  });
});
