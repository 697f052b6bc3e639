import { describe, expect, it } from "vitest";
import { serviceName } from "./clients.js";
import { useFakeCloudRun } from "./lifecycle.js";

const REVISION = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION" as const;

describe("fake Cloud Run: seeded services", () => {
  const h = useFakeCloudRun({ probeAuth: "none" });

  it("exposes a seeded pinned split through the real client", async () => {
    h.fake.seedService({
      id: "api",
      revisions: [{ name: "api-old", image: "img:1" }, { name: "api-new", image: "img:2" }],
      traffic: [
        { type: REVISION, revision: "api-old", percent: 80 },
        { type: REVISION, revision: "api-new", percent: 20, tag: "canary" },
      ],
    });
    const [service] = await h.run.services.getService({ name: serviceName("api") });
    expect(service.latestCreatedRevision).toBe(`${serviceName("api")}/revisions/api-new`);
    expect(service.latestReadyRevision).toBe(`${serviceName("api")}/revisions/api-new`);
    expect(service.trafficStatuses?.map((t) => [t.revision, t.percent, t.tag])).toEqual([
      ["api-old", 80, ""],
      ["api-new", 20, "canary"],
    ]);
    expect(service.terminalCondition?.state).toBe("CONDITION_SUCCEEDED");
  });

  it("seeds a failed latest revision with traffic still on the last ready one", async () => {
    h.fake.seedService({
      id: "api",
      revisions: [{ name: "api-good", image: "img:1" }, { name: "api-bad", image: "img:2", ready: false }],
      traffic: [{ type: REVISION, revision: "api-good", percent: 100 }],
    });
    const [service] = await h.run.services.getService({ name: serviceName("api") });
    expect(service.latestCreatedRevision).toMatch(/api-bad$/);
    expect(service.latestReadyRevision).toMatch(/api-good$/);
    expect(service.terminalCondition?.state).toBe("CONDITION_FAILED");
    const served = (await (await fetch(service.uri!)).json()) as { revision: string };
    expect(served.revision).toBe("api-good");
  });

  it("rolls back by pinning traffic to a previous ready revision without creating a revision", async () => {
    h.fake.seedService({
      id: "api",
      revisions: [{ name: "api-v1", image: "img:1" }, { name: "api-v2", image: "img:2" }],
    });
    const [service] = await h.run.services.getService({ name: serviceName("api") });
    const [op] = await h.run.services.updateService({
      service: { ...service, traffic: [{ type: REVISION, revision: "api-v1", percent: 100 }] },
    });
    await op.promise();
    const [after] = await h.run.services.getService({ name: serviceName("api") });
    expect(after.latestCreatedRevision).toBe(service.latestCreatedRevision);
    expect(((await (await fetch(after.uri!)).json()) as { revision: string }).revision).toBe("api-v1");
  });

  it("rejects seeds whose traffic names a revision that is not ready", () => {
    expect(() =>
      h.fake.seedService({
        id: "api",
        revisions: [{ name: "api-v1", image: "img:1", ready: false }],
        traffic: [{ type: REVISION, revision: "api-v1", percent: 100 }],
      }),
    ).toThrow(/is not ready and cannot serve traffic/);
  });
});
