import { describe, expect, it } from "vitest";
import { status } from "@grpc/grpc-js";
import type { protos } from "@google-cloud/run";
import { PARENT, allocationType, conditionState, serviceName } from "./clients.js";
import { rejection, useFakeCloudRun } from "./lifecycle.js";

type IService = protos.google.cloud.run.v2.IService;
const template = (image: string) => ({ containers: [{ image }] });

describe("fake Cloud Run: services", () => {
  const h = useFakeCloudRun();

  async function create(id: string, image = "europe-docker.pkg.dev/p/r/api@sha256:aaa") {
    const [op] = await h.run.services.createService({ parent: PARENT, serviceId: id, service: { template: template(image) } });
    const [service] = await op.promise();
    return service;
  }

  it("creates a service through an LRO that ends ready with 100% on the first revision", async () => {
    const service = await create("api");
    expect(service.name).toBe(serviceName("api"));
    expect(service.latestCreatedRevision).toMatch(/\/revisions\/api-00001-[a-z0-9]{3}$/);
    expect(service.latestReadyRevision).toBe(service.latestCreatedRevision);
    expect(conditionState(service.terminalCondition)).toBe("CONDITION_SUCCEEDED");
    expect(service.trafficStatuses?.map((t) => [allocationType(t), t.percent])).toEqual([
      ["TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", 100],
    ]);
    expect(String(service.observedGeneration)).toBe(String(service.generation));
    expect(service.uri).toBe(`${h.fake.probeBaseUrl}/s/api`);
  });

  it("reports the operation metadata as the reconciling service before it is done", async () => {
    h.fake.faults.readinessDelayMs = 200;
    const [op] = await h.run.services.createService({ parent: PARENT, serviceId: "api", service: { template: template("img:1") } });
    expect(op.done).toBe(false);
    const metadata = op.metadata as IService;
    expect(metadata.reconciling).toBe(true);
    expect(conditionState(metadata.terminalCondition)).toBe("CONDITION_RECONCILING");
  });

  it("rejects creating a service that already exists with ALREADY_EXISTS", async () => {
    await create("api");
    const err = await rejection(h.run.services.createService({ parent: PARENT, serviceId: "api", service: { template: template("img:2") } }));
    expect(err.code).toBe(status.ALREADY_EXISTS);
  });

  it.each(["Api", "1api", "api-", "a".repeat(50), "api_x", ""])("rejects the service id %j with INVALID_ARGUMENT", async (id) => {
    const err = await rejection(h.run.services.createService({ parent: PARENT, serviceId: id, service: { template: template("img:1") } }));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toContain("must be less than 50 characters");
  });

  it("accepts a 49-character service id", async () => {
    const service = await create("a".repeat(49));
    expect(conditionState(service.terminalCondition)).toBe("CONDITION_SUCCEEDED");
  });

  it("rejects a template without a container image", async () => {
    const err = await rejection(h.run.services.createService({ parent: PARENT, serviceId: "api", service: { template: { containers: [] } } }));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
  });

  it("rejects labels in a reserved namespace", async () => {
    const err = await rejection(
      h.run.services.createService({
        parent: PARENT,
        serviceId: "api",
        service: { labels: { "run.googleapis.com/x": "y" }, template: template("img:1") },
      }),
    );
    expect(err.code).toBe(status.INVALID_ARGUMENT);
  });

  it("answers GetService for an unknown service with NOT_FOUND", async () => {
    const err = await rejection(h.run.services.getService({ name: serviceName("missing") }));
    expect(err.code).toBe(status.NOT_FOUND);
    expect(err.details).toContain("Resource 'missing' of kind 'SERVICE'");
  });

  it("answers UpdateService for an unknown service with NOT_FOUND unless allow_missing is set", async () => {
    const service = { name: serviceName("api"), template: template("img:1") };
    const err = await rejection(h.run.services.updateService({ service }));
    expect(err.code).toBe(status.NOT_FOUND);
    const [op] = await h.run.services.updateService({ service, allowMissing: true });
    const [created] = await op.promise();
    expect(created.latestReadyRevision).toMatch(/api-00001-/);
  });

  it("changes the etag and generation on every update", async () => {
    const first = await create("api");
    const [op] = await h.run.services.updateService({ service: { ...first, labels: { team: "a" } } });
    const [second] = await op.promise();
    expect(second.etag).not.toBe(first.etag);
    expect(Number(second.generation)).toBe(Number(first.generation) + 1);
    expect(second.labels).toEqual({ team: "a" });
  });

  it("does not create a revision when the template is unchanged", async () => {
    const first = await create("api");
    const [op] = await h.run.services.updateService({ service: { ...first, description: "docs" } });
    const [second] = await op.promise();
    expect(second.latestCreatedRevision).toBe(first.latestCreatedRevision);
    const [revisions] = await h.run.revisions.listRevisions({ parent: serviceName("api") });
    expect(revisions).toHaveLength(1);
  });

  it("lists services newest first and deletes them through an LRO", async () => {
    await create("one");
    await create("two");
    const [listed] = await h.run.services.listServices({ parent: PARENT });
    expect(listed.map((s) => s.name).sort()).toEqual([serviceName("one"), serviceName("two")]);
    const [op] = await h.run.services.deleteService({ name: serviceName("one") });
    const [deleted] = await op.promise();
    expect(deleted.deleteTime).toBeTruthy();
    expect((await rejection(h.run.services.getService({ name: serviceName("one") }))).code).toBe(status.NOT_FOUND);
  });

  it("applies only the fields named in update_mask", async () => {
    const first = await create("api", "img:1");
    const [op] = await h.run.services.updateService({
      service: { ...first, labels: { team: "b" }, template: template("img:2") },
      updateMask: { paths: ["labels"] },
    });
    const [second] = await op.promise();
    expect(second.labels).toEqual({ team: "b" });
    expect(second.latestCreatedRevision).toBe(first.latestCreatedRevision);
    expect(second.template?.containers?.[0]?.image).toBe("img:1");
  });

  it("reports errors to the client as numeric gRPC status codes", async () => {
    const err = await rejection(h.run.services.getService({ name: serviceName("missing") }));
    expect(typeof err.code).toBe("number");
    expect(err.code).toBe(5);
  });

  it("pages ListServices with page tokens", async () => {
    for (const id of ["a1", "a2", "a3"]) h.fake.seedService({ id, revisions: [{ image: "img:1" }] });
    const [firstPage, nextRequest] = await h.run.services.listServices({ parent: PARENT, pageSize: 2 }, { autoPaginate: false });
    expect(firstPage).toHaveLength(2);
    const [secondPage] = await h.run.services.listServices(nextRequest!, { autoPaginate: false });
    expect(secondPage).toHaveLength(1);
  });

  it("validate_only creates nothing", async () => {
    const [op] = await h.run.services.createService({
      parent: PARENT,
      serviceId: "api",
      service: { template: template("img:1") },
      validateOnly: true,
    });
    await op.promise();
    expect(h.fake.services.size).toBe(0);
  });
});
