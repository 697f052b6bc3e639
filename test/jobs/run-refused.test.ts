/**
 * deploy-job --execute when RunJob is refused outright (no reply was lost: the API said no, e.g.
 * the deployer lacks run.jobs.run or, with override flags, run.jobs.runWithOverrides): the deploy
 * stands and its report is kept, saying nothing was started and what to grant, instead of the raw
 * gRPC error replacing the report. Against the Cloud Run Admin v2 fake (which enforces the
 * permission RunJob needs) through the real @google-cloud/run client.
 */
import { describe, expect, it } from "vitest";
import { deployJob, formatJobReport } from "../../ci/src/jobs/deploy-job.js";
import { parseExecutionOverrides } from "../../ci/src/jobs/execution-overrides.js";
import { Code } from "../fakes/cloud-run/index.js";
import { storedImage, useFakeJobs } from "./support/harness.js";
import { deployOptions, digestRef, ENV, jobSpec, render } from "./support/specs.js";
import { testCall } from "../support/suggested-call.js";

const h = useFakeJobs();
const etl = jobSpec("etl", { tasks: 1 });
const jobId = () => render(etl).jobId;

describe("deploy-job --execute with RunJob refused", () => {
  it("keeps the deploy's report, starts nothing, and names the permission to grant (no override flags: run.jobs.run)", async () => {
    h.fake.faults.deniedPermissions.add("run.jobs.run");
    const report = await deployJob(h.gateway, render(etl), deployOptions({ execute: true, wait: true }));
    expect(report.status).toBe("failed");
    expect(report.execution).toBeUndefined();
    expect(report.reason).toMatch(new RegExp(`^job ${jobId()} was deployed, but RunJob was refused, so no execution was started: 7 PERMISSION_DENIED: .*run\\.jobs\\.run.*\\. Grant the deployer run\\.jobs\\.run on the job \\(roles/run\\.developer has it\\)`));
    expect(storedImage(h.fake, jobId())).toBe(digestRef("etl", 1));
    expect(h.fake.state.jobs.get(render(etl).name)!.executions.size).toBe(0);
    expect(h.fake.callsOf("RunJob")).toHaveLength(1);
    expect(formatJobReport(report)).toContain("RunJob was refused");
    expect(report.reason).toContain(`then run it with \`dagger call deploy-job --job=etl --env=${ENV.name} --execute --credentials=env://GCP_CREDENTIALS\``);
  });

  it("with override flags names run.jobs.runWithOverrides, and says run.jobs.run is enough without them", async () => {
    h.fake.faults.deniedPermissions.add("run.jobs.runWithOverrides");
    const overrides = parseExecutionOverrides({ args: ["--full-refresh"], clearArgs: false, executionEnv: [], taskTimeout: "" }, { execute: true, job: "etl", secrets: [], call: testCall });
    const report = await deployJob(h.gateway, render(etl), deployOptions({ execute: true, overrides }));
    expect(report.status).toBe("failed");
    expect(report.reason).toContain("Grant the deployer run.jobs.runWithOverrides on the job (roles/run.developer has it; without override flags run.jobs.run is enough)");
    expect(h.fake.state.jobs.get(render(etl).name)!.executions.size).toBe(0);
  });

  it("any other refusal keeps the report too, and is not presented as a permission", async () => {
    h.fake.faults.failNextCalls("RunJob", Code.FAILED_PRECONDITION, 1, "Job is not ready.");
    const report = await deployJob(h.gateway, render(etl), deployOptions({ execute: true }));
    expect(report.status).toBe("failed");
    expect(report.reason).toMatch(/RunJob was refused, so no execution was started: 9 FAILED_PRECONDITION: Job is not ready\.\. The job itself is deployed; run it again with --execute once the cause is fixed\.$/);
    expect(report.reason).not.toContain("Grant");
  });
});
