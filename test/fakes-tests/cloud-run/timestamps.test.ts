import { describe, expect, it } from "vitest";
import type { protos } from "@google-cloud/run";
import { serviceName } from "./clients.js";
import { useFakeCloudRun } from "./lifecycle.js";
import { timestamp } from "../../fakes/cloud-run/timestamps.js";

type ITimestamp = protos.google.protobuf.ITimestamp;
const NAME = serviceName("api");
const nanosOf = (t: ITimestamp | null | undefined) => BigInt(String(t?.seconds ?? 0)) * 1_000_000_000n + BigInt(t?.nanos ?? 0);
const short = (name: string | null | undefined) => (name ?? "").split("/").at(-1) ?? "";

function expectStrictlyIncreasing(times: (ITimestamp | null | undefined)[]): void {
  const values = times.map(nanosOf);
  for (let i = 1; i < values.length; i++) expect(values[i]! > values[i - 1]!, `timestamp ${i} after ${i - 1}`).toBe(true);
}

describe("fake Cloud Run: timestamps with nanoseconds", () => {
  const h = useFakeCloudRun({ probeAuth: "none" });

  it("never hands out the same timestamp twice, even many times within one millisecond", () => {
    const times = Array.from({ length: 1000 }, () => timestamp());
    expectStrictlyIncreasing(times);
    const millis = times.map((t) => nanosOf(t) / 1_000_000n);
    expect(millis.some((ms, i) => i > 0 && ms === millis[i - 1])).toBe(true);
  });

  it("gives seeded revisions distinct, increasing createTimes in seed order, even within one millisecond", async () => {
    const ids = ["api-a", "api-b", "api-c", "api-d", "api-e"];
    h.fake.seedService({ id: "api", revisions: ids.map((name, i) => ({ name, image: `img:${i}` })) });
    const times = await Promise.all(ids.map(async (id) => (await h.run.revisions.getRevision({ name: `${NAME}/revisions/${id}` }))[0].createTime));
    expectStrictlyIncreasing(times);
    for (const t of times) expect(Number.isInteger(t?.nanos) && t!.nanos! >= 0 && t!.nanos! < 1e9).toBe(true);
  });

  it("orders revisions created by two writers in the same instant by their full timestamp", async () => {
    h.fake.seedService({ id: "api", revisions: [{ image: "img:1" }] });
    const first = h.fake.writeAsOtherClient(NAME, (s) => ({ template: { ...s.template, containers: [{ image: "img:2" }] } }));
    const second = h.fake.writeAsOtherClient(NAME, (s) => ({ template: { ...s.template, containers: [{ image: "img:3" }] } }));
    expect(first).not.toBe(second);
    const record = h.fake.service(NAME);
    expectStrictlyIncreasing(record.revisionOrder.map((id) => record.revisions.get(id)!.resource.createTime));
  });

  it("uses an explicit seeded createTime, so nanos decide the order of revisions created in the same second", async () => {
    h.fake.seedService({
      id: "api",
      revisions: [
        { name: "api-late", image: "img:1", createTime: { seconds: 1767225600, nanos: 900 } },
        { name: "api-early", image: "img:2", createTime: { seconds: 1767225600, nanos: 100 } },
      ],
    });
    const [late] = await h.run.revisions.getRevision({ name: `${NAME}/revisions/api-late` });
    expect(late.createTime).toEqual({ seconds: "1767225600", nanos: 900 });
    const [listed] = await h.run.revisions.listRevisions({ parent: NAME });
    expect(listed.map((r) => short(r.name))).toEqual(["api-late", "api-early"]);
    const [service] = await h.run.services.getService({ name: NAME });
    expect(service.createTime).toEqual({ seconds: "1767225600", nanos: 100 });
  });

  it("rejects a seeded createTime whose nanos are out of range", () => {
    expect(() => h.fake.seedService({ id: "api", revisions: [{ image: "img:1", createTime: { seconds: 1, nanos: 1e9 } }] })).toThrow(/nanos/);
  });

  it("moves a service's updateTime past its createTime on update", async () => {
    h.fake.seedService({ id: "api", revisions: [{ image: "img:1" }] });
    const [before] = await h.run.services.getService({ name: NAME });
    h.fake.writeAsOtherClient(NAME, () => ({ labels: { team: "a" } }));
    const [after] = await h.run.services.getService({ name: NAME });
    expect(after.createTime).toEqual(before.createTime);
    expect(before.updateTime).toEqual(before.createTime);
    expectStrictlyIncreasing([before.createTime, after.updateTime]);
  });
});
