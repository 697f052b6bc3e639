/**
 * GoogleCloudRunGateway over the official clients, against the fake: result shapes, operation
 * failures vs call failures, and one retry layer.
 */
import { describe, expect, it } from "vitest";
import { OperationFailedError } from "../../ci/src/gcp/cloud-run.js";
import { Code } from "../fakes/cloud-run/index.js";
import { PARENT, serviceName, startFakeCloud } from "./support/fake-cloud.js";
import { LATEST, revisions, useFakeCloud } from "./support/harness.js";
import { render, serviceSpec } from "./support/specs.js";

const cloud = useFakeCloud();
const API = serviceName("api");

describe("GoogleCloudRunGateway", () => {
  it("returns operation results in the same plain shape as reads (enum names)", async () => {
    const created = await cloud.gateway.createService(PARENT, "api", { ...render(serviceSpec("api")).resource, traffic: [{ type: LATEST, percent: 100 }] });
    const read = (await cloud.gateway.getService(API))!;
    expect(created.trafficStatuses?.[0]?.type).toBe(LATEST);
    expect(created.ingress).toBe("INGRESS_TRAFFIC_ALL");
    expect({ traffic: created.traffic, trafficStatuses: created.trafficStatuses, generation: created.generation }).toEqual({
      traffic: read.traffic,
      trafficStatuses: read.trafficStatuses,
      generation: read.generation,
    });
  });

  it("answers undefined for a service that does not exist", async () => {
    expect(await cloud.gateway.getService(API)).toBeUndefined();
  });

  it("rejects with OperationFailedError when an accepted update's revision fails", async () => {
    cloud.fake.seedService({ id: "api", public: true, revisions: revisions("api", ["one"]) });
    cloud.fake.faults.nextRevisionNeverReady("api");
    const live = (await cloud.gateway.getService(API))!;
    const err = await cloud.gateway.updateService({ ...live, template: render(serviceSpec("api"), 9).resource.template }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationFailedError);
    expect(err).toMatchObject({ code: Code.FAILED_PRECONDITION, method: "UpdateService" });
  });

  it("rejects with the call's own error (not an operation error) on an etag mismatch", async () => {
    cloud.fake.seedService({ id: "api", public: true, revisions: revisions("api", ["one"]) });
    const live = (await cloud.gateway.getService(API))!;
    cloud.fake.faults.concurrentChangeBeforeNextUpdate("api");
    const err = await cloud.gateway.updateService({ ...live, labels: { team: "x" } }).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(OperationFailedError);
    expect(err).toMatchObject({ code: Code.ABORTED });
  });

  it("retries UNAVAILABLE reads only in the gateway, the configured number of times", async () => {
    const local = await startFakeCloud({}, { attempts: 3, baseDelayMs: 1 });
    try {
      local.fake.faults.failNextCalls("GetService", Code.UNAVAILABLE, 100);
      await expect(local.gateway.getService(API)).rejects.toMatchObject({ code: Code.UNAVAILABLE });
      expect(local.fake.callsOf("GetService")).toHaveLength(3);
    } finally {
      await local.close();
    }
  });

  it("does not retry a permanent error", async () => {
    cloud.fake.faults.failNextCalls("GetService", Code.PERMISSION_DENIED, 1);
    await expect(cloud.gateway.getService(API)).rejects.toMatchObject({ code: Code.PERMISSION_DENIED });
    expect(cloud.fake.callsOf("GetService")).toHaveLength(1);
  });
});
