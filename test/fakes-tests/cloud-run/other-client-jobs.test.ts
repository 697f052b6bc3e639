import { describe, expect, it } from "vitest";
import { status } from "@grpc/grpc-js";
import { PARENT, conditionState } from "./clients.js";
import { rejection, useFakeCloudRun } from "./lifecycle.js";

const JOB = `${PARENT}/jobs/etl`;
const template = (image: string) => ({ template: { containers: [{ image }] } });

describe("fake Cloud Run: a second writer of a job (writeJobAsOtherClient)", () => {
  const h = useFakeCloudRun();

  async function created() {
    const [op] = await h.run.jobs.createJob({ parent: PARENT, jobId: "etl", job: { template: template("img:1") } });
    await op.promise();
    const [job] = await h.run.jobs.getJob({ name: JOB });
    h.fake.clearRecords();
    return job;
  }

  it("applies the change like an UpdateJob: new etag, generation + 1, reconciling until its operation finishes", async () => {
    const before = await created();
    h.fake.faults.readinessDelayMs = 100;
    const operation = h.fake.writeJobAsOtherClient(JOB, () => ({ template: template("img:2") }));
    const [during] = await h.run.jobs.getJob({ name: JOB });
    expect(during.etag).not.toBe(before.etag);
    expect(Number(during.generation)).toBe(Number(before.generation) + 1);
    expect(during.reconciling).toBe(true);
    expect(h.fake.operations.get(operation).done).toBe(false);
    await h.fake.settle();
    const [after] = await h.run.jobs.getJob({ name: JOB });
    expect(after.template?.template?.containers?.[0]?.image).toBe("img:2");
    expect(after.reconciling).toBe(false);
    expect(conditionState(after.terminalCondition)).toBe("CONDITION_SUCCEEDED");
  });

  it("keeps the fields the change does not name", async () => {
    await created();
    h.fake.writeJobAsOtherClient(JOB, (current) => ({ labels: { ...current.labels, owner: "data-team" } }));
    await h.fake.settle();
    const [after] = await h.run.jobs.getJob({ name: JOB });
    expect(after.labels).toEqual({ owner: "data-team" });
    expect(after.template?.template?.containers?.[0]?.image).toBe("img:1");
  });

  it("makes an UpdateJob carrying the etag read before it fail with ABORTED, from an onCall hook", async () => {
    const read = await created();
    h.fake.onCall(({ method }) => {
      if (method === "UpdateJob") h.fake.writeJobAsOtherClient(JOB, () => ({ template: template("img:theirs") }));
    });
    const err = await rejection(h.run.jobs.updateJob({ job: { ...read, template: template("img:ours") } }));
    expect(err.code).toBe(status.ABORTED);
    await h.fake.settle();
    const [after] = await h.run.jobs.getJob({ name: JOB });
    expect(after.template?.template?.containers?.[0]?.image).toBe("img:theirs");
  });

  it("records none of its work as a call and leaves failNextOperation for the client", async () => {
    const read = await created();
    h.fake.faults.failNextOperation("UpdateJob", status.INTERNAL, "boom");
    h.fake.writeJobAsOtherClient(JOB, () => ({ template: template("img:2") }));
    await h.fake.settle();
    expect(h.fake.calls).toEqual([]);
    const [live] = await h.run.jobs.getJob({ name: JOB });
    expect(live.etag).not.toBe(read.etag);
    const [op] = await h.run.jobs.updateJob({ job: { ...live, template: template("img:3") } });
    expect((await rejection(op.promise())).message).toBe("boom");
  });

  it("rejects an invalid change with UpdateJob's error and changes nothing; a missing job is NOT_FOUND", async () => {
    const read = await created();
    expect(() => h.fake.writeJobAsOtherClient(JOB, () => ({ template: { template: { containers: [{}] } } }))).toThrow(/containers\[0\]\.image: required/);
    expect(h.fake.state.jobs.get(JOB)?.resource.etag).toBe(read.etag);
    expect(() => h.fake.writeJobAsOtherClient(`${PARENT}/jobs/nope`, () => ({}))).toThrow(/Resource 'nope' of kind 'JOB'/);
  });
});
