/**
 * deployJob when someone else (an operator with gcloud, a second pipeline) changes the job or runs
 * it while the deploy is under way: their change is kept, nothing is overwritten or run twice, and
 * the report says what the job is now and how to continue.
 */
import { describe, expect, it } from "vitest";
import { deployJob, formatJobReport } from "../../ci/src/jobs/deploy-job.js";
import { PREVIOUS_IMAGE_ANNOTATION } from "../../ci/src/jobs/render.js";
import { Code } from "../fakes/cloud-run/index.js";
import { forwarding, storedImage, storedJob, useFakeJobs } from "./support/harness.js";
import { deployOptions, digestRef, jobName, jobSpec, render } from "./support/specs.js";

const h = useFakeJobs();
const etl = jobSpec("etl");
const ETL = jobName("etl");
const THEIRS = digestRef("etl", 9);
const theirImage = () => ({ template: { template: { containers: [{ image: THEIRS }] } } });

async function deployed() {
  await deployJob(h.gateway, render(etl, 1), deployOptions());
  h.fake.clearRecords();
}

/** Another client writes the job right before the first call of `method` reaches the fake. */
function otherWriterBefore(method: string) {
  let done = false;
  h.fake.onCall((call) => {
    if (done || call.method !== method) return;
    done = true;
    h.fake.writeJobAsOtherClient(ETL, theirImage);
  });
}

describe("deployJob: a concurrent change to the job", () => {
  it("aborts when the job changed between the deploy's read and its update, and keeps the other change", async () => {
    await deployed();
    otherWriterBefore("UpdateJob");
    const report = await deployJob(h.gateway, render(etl, 2), deployOptions());
    expect(report.status).toBe("aborted");
    expect(h.fake.callsOf("UpdateJob").map((c) => c.code)).toEqual([Code.ABORTED]);
    await h.fake.settle();
    expect(storedImage(h.fake, "etl")).toBe(THEIRS);
    expect(Number(storedJob(h.fake, "etl").generation)).toBe(2);
    expect(storedJob(h.fake, "etl").annotations?.[PREVIOUS_IMAGE_ANNOTATION]).toBeUndefined();
    expect(report.reason).toContain("the job changed while this deploy was preparing");
    expect(report.reason).toContain(`nothing was overwritten, their change was kept (the job is now: generation 2, `);
    expect(report.reason).toContain(`image ${THEIRS}`);
    expect(report.reason).toContain("Re-run the deploy (`dagger call deploy-job --job=etl --env=dev --credentials=env://GCP_CREDENTIALS`) to release on top of it.");
    expect(report.jobAfter).toContain(`image ${THEIRS}`);
    expect(formatJobReport(report)).toContain(`job now: generation 2, `);
  });

  it("aborts when another change lands after a lost UpdateJob reply, without sending the update again", async () => {
    await deployed();
    h.fake.faults.loseNextReply("UpdateJob", Code.UNAVAILABLE);
    h.fake.onCall((call) => {
      if (call.method === "GetJob" && h.fake.callsOf("UpdateJob").length === 1 && Number(storedJob(h.fake, "etl").generation) === 2) h.fake.writeJobAsOtherClient(ETL, theirImage);
    });
    const report = await deployJob(h.gateway, render(etl, 2), deployOptions());
    expect(report.status).toBe("aborted");
    expect(h.fake.callsOf("UpdateJob").map((c) => c.code)).toEqual([Code.UNAVAILABLE]);
    await h.fake.settle();
    expect(storedImage(h.fake, "etl")).toBe(THEIRS);
    expect(Number(storedJob(h.fake, "etl").generation)).toBe(3);
    expect(report.reason).toContain("someone else changed the job while this deploy was updating it (the update's reply was lost: 14 UNAVAILABLE");
    expect(report.reason).toContain("generation 3");
  });
});

describe("deployJob: someone else runs the job while a RunJob reply is lost", () => {
  it("does not tell two new executions apart: reported with the command to list them, not run again", async () => {
    await deployed();
    h.fake.faults.loseNextReply("RunJob", Code.UNAVAILABLE);
    const gateway = forwarding(h.gateway, {
      async startRunJob(name) {
        try {
          return await h.gateway.startRunJob(name);
        } finally {
          const [op] = await h.other.runJob({ name });
          void op.promise().catch(() => undefined);
        }
      },
    });
    const report = await deployJob(gateway, render(etl), deployOptions({ execute: true, wait: true }));
    const job = h.fake.state.jobs.get(ETL)!;
    expect(job.executions.size).toBe(2);
    expect(h.fake.callsOf("RunJob").map((c) => c.code)).toEqual([Code.UNAVAILABLE, Code.OK]);
    expect(report.status).toBe("failed");
    expect(report.execution).toBeUndefined();
    expect(report.reason).toContain(`2 executions were created since the deploy read the job`);
    expect(report.reason).toContain("which one this deploy started cannot be told");
    expect(report.reason).toContain("`gcloud run jobs executions list --job=etl --region=us-central1 --project=test-project`");
  });
});
