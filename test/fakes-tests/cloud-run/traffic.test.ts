import { describe, expect, it } from "vitest";
import { status } from "@grpc/grpc-js";
import type { protos } from "@google-cloud/run";
import { createService, rejection, short, useFakeCloudRun, withImage } from "./lifecycle.js";

type IService = protos.google.cloud.run.v2.IService;
type ITrafficTarget = protos.google.cloud.run.v2.ITrafficTarget;

const LATEST = "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" as const;
const REVISION = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION" as const;

describe("fake Cloud Run: traffic", () => {
  const h = useFakeCloudRun({ probeAuth: "none" });

  const create = (id: string, image: string) => createService(h, id, image);

  async function update(service: IService): Promise<IService> {
    const [op] = await h.run.services.updateService({ service });
    await op.promise();
    return (await h.run.services.getService({ name: service.name! }))[0];
  }

  const withTraffic = (s: IService, traffic: ITrafficTarget[]): IService => ({ ...s, traffic });
  const servedBy = async (url: string) => ((await (await fetch(url)).json()) as { revision: string }).revision;

  it("moves traffic to the new revision when traffic points at LATEST", async () => {
    const first = await create("api", "img:1");
    const second = await update(withImage(first, "img:2"));
    expect(second.latestCreatedRevision).toMatch(/\/api-00002-[a-z0-9]{3}$/);
    expect(second.latestReadyRevision).toBe(second.latestCreatedRevision);
    expect(await servedBy(`${second.uri}/health`)).toBe(short(second.latestReadyRevision));
  });

  it("keeps a new revision at 0% when traffic is pinned to a named revision", async () => {
    const first = await create("api", "img:1");
    const rev1 = short(first.latestReadyRevision);
    const pinned = await update(withTraffic(first, [{ type: REVISION, revision: rev1, percent: 100 }]));
    const second = await update(withImage(pinned, "img:2"));
    expect(short(second.latestReadyRevision)).not.toBe(rev1);
    expect(second.trafficStatuses).toEqual([expect.objectContaining({ type: REVISION, revision: rev1, percent: 100 })]);
    expect(await servedBy(`${second.uri}/`)).toBe(rev1);
  });

  it("treats empty traffic in an update as 100% to LATEST, as the proto documents", async () => {
    const first = await create("api", "img:1");
    const pinned = await update(withTraffic(first, [{ type: REVISION, revision: short(first.latestReadyRevision), percent: 100 }]));
    const reset = await update(withTraffic(withImage(pinned, "img:2"), []));
    expect(reset.traffic).toEqual([expect.objectContaining({ type: LATEST, percent: 100 })]);
    expect(await servedBy(`${reset.uri}/`)).toBe(short(reset.latestReadyRevision));
  });

  it("rejects traffic whose percentages do not sum to 100", async () => {
    const first = await create("api", "img:1");
    const err = await rejection(
      h.run.services.updateService({ service: withTraffic(first, [{ type: LATEST, percent: 90 }]) }),
    );
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toContain("sum to 100");
  });

  it("rejects a tag that makes tag + service name longer than 46 characters", async () => {
    const id = "a".repeat(30);
    const first = await create(id, "img:1");
    const tooLong = [{ type: LATEST, percent: 100 }, { type: LATEST, percent: 0, tag: "t".repeat(17) }];
    const err = await rejection(h.run.services.updateService({ service: withTraffic(first, tooLong) }));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toContain("cannot exceed 46 characters");
  });

  it("accepts a tag that makes tag + service name exactly 46 characters", async () => {
    const id = "a".repeat(30);
    const first = await create(id, "img:1");
    const tagged = await update(withTraffic(first, [{ type: LATEST, percent: 100, tag: "t".repeat(16) }]));
    expect(tagged.trafficStatuses?.[0]?.uri).toBe(`${h.fake.probeBaseUrl}/t/${"t".repeat(16)}---${id}`);
  });

  it("rejects duplicate tags", async () => {
    const first = await create("api", "img:1");
    const dup = [{ type: LATEST, percent: 100, tag: "x" }, { type: LATEST, percent: 0, tag: "x" }];
    expect((await rejection(h.run.services.updateService({ service: withTraffic(first, dup) }))).code).toBe(status.INVALID_ARGUMENT);
  });

  it("fails the operation when traffic names a revision that does not exist", async () => {
    const first = await create("api", "img:1");
    const [op] = await h.run.services.updateService({
      service: withTraffic(first, [{ type: REVISION, revision: "api-99999-zzz", percent: 100 }]),
    });
    const err = await rejection(op.promise());
    expect(err.message).toContain("Revision 'api-99999-zzz' does not exist or is deleted");
    const [after] = await h.run.services.getService({ name: first.name! });
    expect(after.terminalCondition?.state).toBe("CONDITION_FAILED");
    expect(after.trafficStatuses).toEqual(first.trafficStatuses);
  });

  it("names the revision SERVICE-SUFFIX when template.revision is set", async () => {
    const first = await create("api", "img:1");
    const named = await update({ ...withImage(first, "img:2"), template: { revision: "api-v2", containers: [{ image: "img:2" }] } });
    expect(short(named.latestCreatedRevision)).toBe("api-v2");
  });

  it("rejects reusing a revision name for a different configuration with ALREADY_EXISTS", async () => {
    const first = await create("api", "img:1");
    const named = await update({ ...first, template: { revision: "api-v2", containers: [{ image: "img:2" }] } });
    const err = await rejection(
      h.run.services.updateService({ service: { ...named, template: { revision: "api-v2", containers: [{ image: "img:3" }] } } }),
    );
    expect(err.code).toBe(status.ALREADY_EXISTS);
    expect(err.details).toContain("Revision named 'api-v2' with different configuration already exists");
  });

  it("rejects a revision name that is not prefixed by the service name", async () => {
    const first = await create("api", "img:1");
    const err = await rejection(
      h.run.services.updateService({ service: { ...first, template: { revision: "other-v2", containers: [{ image: "img:2" }] } } }),
    );
    expect(err.code).toBe(status.INVALID_ARGUMENT);
  });

  it("deploys a tagged no-traffic revision: the tag URL reaches it while the service URL stays on the old one", async () => {
    const first = await create("api", "img:1");
    const rev1 = short(first.latestReadyRevision);
    const staged = await update({
      ...first,
      template: { revision: "api-green", containers: [{ image: "img:2" }] },
      traffic: [
        { type: REVISION, revision: rev1, percent: 100 },
        { type: REVISION, revision: "api-green", percent: 0, tag: "green" },
      ],
    });
    const tagged = staged.trafficStatuses?.find((t) => t.tag === "green");
    expect(tagged?.uri).toBe(`${h.fake.probeBaseUrl}/t/green---api`);
    expect(await servedBy(`${tagged?.uri}/health`)).toBe("api-green");
    expect(await servedBy(`${staged.uri}/health`)).toBe(rev1);
  });

  it("splits requests to the service URL deterministically by percent", async () => {
    const first = await create("api", "img:1");
    const rev1 = short(first.latestReadyRevision);
    const second = await update(withImage(first, "img:2"));
    const rev2 = short(second.latestReadyRevision);
    await update(withTraffic(second, [
      { type: REVISION, revision: rev1, percent: 90 },
      { type: REVISION, revision: rev2, percent: 10 },
    ]));
    const served: string[] = [];
    for (let i = 0; i < 100; i++) served.push(await servedBy(second.uri!));
    expect(served.filter((r) => r === rev1)).toHaveLength(90);
    expect(served.filter((r) => r === rev2)).toHaveLength(10);
  });
});
