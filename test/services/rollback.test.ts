/**
 * rollbackService: 100% to a previous ready revision, instantly, without a new revision.
 */
import { describe, expect, it } from "vitest";
import { rollbackService } from "../../ci/src/services/rollback.js";
import { serviceName, servingView, storedTraffic } from "./support/fake-cloud.js";
import { LATEST, REVISION, revisions, useFakeCloud } from "./support/harness.js";
import { digestRef } from "./support/specs.js";
import { testCall } from "../support/suggested-call.js";

const cloud = useFakeCloud();
const API = serviceName("api");

function seedThree(traffic = [{ type: LATEST, percent: 100 }]) {
  return cloud.fake.seedService({ id: "api", public: true, revisions: revisions("api", ["one", "two", "three"]), traffic });
}

describe("rollbackService", () => {
  it("moves 100% to the previous ready revision", async () => {
    seedThree();
    const report = await rollbackService(cloud.gateway, API, undefined, { call: testCall });
    expect(report).toMatchObject({ kind: "rollback", service: "api", from: "api-three", to: "api-two" });
    expect(storedTraffic(cloud.fake, "api")).toEqual([{ type: "REVISION", revision: "api-two", percent: 100 }]);
    expect(servingView(cloud.fake, "api")).toEqual([{ revision: "api-two", percent: 100 }]);
    expect(report.trafficAfter).toBe("api-two 100%");
  });

  it("moves 100% to a named ready revision", async () => {
    seedThree();
    const report = await rollbackService(cloud.gateway, API, "api-one", { call: testCall });
    expect(report.to).toBe("api-one");
    expect(servingView(cloud.fake, "api")).toEqual([{ revision: "api-one", percent: 100 }]);
  });

  it("keeps the writable fields it does not manage (description, custom audiences)", async () => {
    cloud.fake.seedService({
      id: "api",
      public: true,
      revisions: revisions("api", ["one", "two"]),
      service: { description: "owned by the data team", customAudiences: ["https://api.example.com"] },
    });
    await rollbackService(cloud.gateway, API, undefined, { call: testCall });
    const stored = cloud.fake.service(API).resource;
    expect(stored.description).toBe("owned by the data team");
    expect(stored.customAudiences).toEqual(["https://api.example.com"]);
  });

  it("creates no revision", async () => {
    seedThree();
    await rollbackService(cloud.gateway, API, undefined, { call: testCall });
    await cloud.fake.settle();
    expect(cloud.fake.service(API).revisionOrder).toEqual(["api-one", "api-two", "api-three"]);
  });

  it("skips a failed revision when choosing the previous one", async () => {
    cloud.fake.seedService({
      id: "api",
      public: true,
      revisions: [
        { name: "api-one", image: digestRef("api", 1) },
        { name: "api-two", image: digestRef("api", 2) },
        { name: "api-broken", image: digestRef("api", 3), ready: false },
      ],
      traffic: [{ type: REVISION, revision: "api-two", percent: 100 }],
    });
    const report = await rollbackService(cloud.gateway, API, undefined, { call: testCall });
    expect(report.to).toBe("api-one");
  });

  it("refuses a named revision that is not ready, changing nothing", async () => {
    cloud.fake.seedService({
      id: "api",
      public: true,
      revisions: [
        { name: "api-one", image: digestRef("api", 1) },
        { name: "api-broken", image: digestRef("api", 2), ready: false },
      ],
      traffic: [{ type: REVISION, revision: "api-one", percent: 100 }],
    });
    cloud.fake.clearRecords();
    await expect(rollbackService(cloud.gateway, API, "api-broken", { call: testCall })).rejects.toThrow(/"api-broken" is not ready and cannot serve traffic.*Pick a ready revision: dagger call status --service=api --credentials=env:\/\/GCP_CREDENTIALS\./);
    expect(cloud.fake.mutatingCalls()).toEqual([]);
  });

  it("refuses a revision that does not exist and lists the ones that do", async () => {
    seedThree();
    await expect(rollbackService(cloud.gateway, API, "api-nope", { call: testCall })).rejects.toThrow(/"api-nope" does not exist .* Revisions: .*api-one/);
  });

  it("refuses when there is no other ready revision", async () => {
    cloud.fake.seedService({ id: "api", public: true, revisions: revisions("api", ["only"]) });
    await expect(rollbackService(cloud.gateway, API, undefined, { call: testCall })).rejects.toThrow(/no ready revision other than api-only/);
  });

  it("says so when the service does not exist", async () => {
    await expect(rollbackService(cloud.gateway, API, undefined, { call: testCall })).rejects.toThrow(/service api does not exist .*nothing to roll back/);
  });
});
