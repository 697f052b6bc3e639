/**
 * The spans of a job release against the Cloud Run Admin v2 fake: "deploy job NAME" holding the
 * write's readiness wait, RunJob and the execution wait, failed when the execution failed.
 */
import { describe, expect, it } from "vitest";
import { deployJob } from "../../ci/src/jobs/deploy-job.js";
import { useFakeJobs } from "../jobs/support/harness.js";
import { deployOptions, jobSpec, render } from "../jobs/support/specs.js";
import { ERROR, UNSET, useSpanRecorder } from "./support/recorder.js";

const h = useFakeJobs();
const spans = useSpanRecorder();
const etl = jobSpec("etl", { tasks: 3 });

describe("spans of a job release", () => {
  it("creates the job, runs it and follows its execution under one deploy span", async () => {
    const report = await deployJob(h.gateway, render(etl), deployOptions({ execute: true, wait: true }));
    const deploy = spans.named("deploy job etl");
    expect(spans.childrenOf(deploy)).toEqual(["wait for job etl ready", "run job etl", `wait for execution ${report.execution?.name}`]);
    expect(spans.named(`wait for execution ${report.execution?.name}`).attributes).toMatchObject({ "execution.succeeded": 3, "execution.failed": 0 });
    expect(deploy.attributes).toMatchObject({ "job.name": "etl", "release.status": "created", "execution.name": report.execution?.name });
    expect(deploy.status.code).toBe(UNSET);
  });

  it("has no run spans without --execute", async () => {
    await deployJob(h.gateway, render(etl), deployOptions());
    expect(spans.childrenOf(spans.named("deploy job etl"))).toEqual(["wait for job etl ready"]);
  });

  it("fails the execution wait and the deploy span when tasks fail", async () => {
    await deployJob(h.gateway, render(etl), deployOptions());
    h.fake.faults.failExecutions("etl", { failedTasks: 2 });
    spans.reset();
    const report = await deployJob(h.gateway, render(etl), deployOptions({ execute: true, wait: true }));
    expect(report.status).toBe("failed");
    const wait = spans.named(`wait for execution ${report.execution?.name}`);
    expect(wait.status.code).toBe(ERROR);
    expect(wait.status.message).toContain(`Execution ${report.execution?.name} has failed to complete`);
    expect(spans.named("deploy job etl").status).toEqual({ code: ERROR, message: report.reason });
  });
});
