/**
 * deployJob --execute [--wait] against the Cloud Run Admin v2 fake: the execution's name, its task
 * counts, and a failed execution failing the release with where to read its logs.
 */
import { describe, expect, it } from "vitest";
import { deployJob, formatJobReport } from "../../ci/src/jobs/deploy-job.js";
import { mutations, storedJob, useFakeJobs } from "./support/harness.js";
import { deployOptions, jobName, jobSpec, render } from "./support/specs.js";

const h = useFakeJobs();
const etl = jobSpec("etl", { tasks: 3 });
const EXECUTION_ID = /^etl-[a-z0-9]{5}$/;

describe("deployJob --execute", () => {
  it("starts an execution without waiting and reports its name as started", async () => {
    const report = await deployJob(h.gateway, render(etl), deployOptions({ execute: true }));
    expect(report.status).toBe("created");
    expect(report.execution?.status).toBe("started");
    expect(report.execution?.name).toMatch(EXECUTION_ID);
    expect(storedJob(h.fake, "etl").latestCreatedExecution?.name).toBe(`${jobName("etl")}/executions/${report.execution?.name}`);
    expect(mutations(h.fake)).toEqual(["CreateJob", "RunJob"]);
  });

  it("runs an unchanged job without updating it", async () => {
    await deployJob(h.gateway, render(etl), deployOptions());
    h.fake.clearRecords();
    const report = await deployJob(h.gateway, render(etl), deployOptions({ execute: true }));
    expect(report.status).toBe("unchanged");
    expect(mutations(h.fake)).toEqual(["RunJob"]);
  });

  it("waits for a successful execution and reports its succeeded tasks", async () => {
    const report = await deployJob(h.gateway, render(etl), deployOptions({ execute: true, wait: true }));
    expect(report.status).toBe("created");
    expect(report.execution).toMatchObject({ status: "succeeded", succeeded: 3, failed: 0, tasks: 3 });
    expect(report.execution?.name).toMatch(EXECUTION_ID);
    expect(report.reason).toBeUndefined();
  });

  it("fails the release when the execution fails, with the execution name and failed task count", async () => {
    await deployJob(h.gateway, render(etl), deployOptions());
    h.fake.faults.failExecutions("etl", { failedTasks: 2 });
    const report = await deployJob(h.gateway, render(etl), deployOptions({ execute: true, wait: true }));
    expect(report.status).toBe("failed");
    expect(report.execution).toMatchObject({ status: "failed", succeeded: 1, failed: 2, tasks: 3 });
    expect(report.execution?.name).toMatch(EXECUTION_ID);
    expect(report.reason).toContain(`execution ${report.execution?.name} failed`);
  });

  it("points a failed execution at its logs", async () => {
    h.fake.faults.failExecutions("etl");
    const report = await deployJob(h.gateway, render(etl), deployOptions({ execute: true, wait: true }));
    expect(report.execution?.logUri).toMatch(/cloud_run_job.*etl/);
    expect(formatJobReport(report)).toContain(`logs: ${report.execution?.logUri}`);
  });

  it("prints a failed execution with its name, task counts and reason", async () => {
    h.fake.faults.failExecutions("etl", { failedTasks: 2 });
    const report = await deployJob(h.gateway, render(etl), deployOptions({ execute: true, wait: true }));
    const text = formatJobReport(report);
    expect(text).toMatch(/^etl \(dev\): FAILED in \d+\.\ds/);
    expect(text).toContain(`execution: ${report.execution?.name} FAILED (1/3 tasks succeeded)`);
    expect(text).toContain(`reason: execution ${report.execution?.name} failed`);
  });

  it("reports an execution that outlives the wait as failed, naming it", async () => {
    h.fake.faults.executionDelayMs = 5_000;
    const report = await deployJob(h.gateway, render(etl), deployOptions({ execute: true, wait: true, executionTimeoutMs: 300 }));
    expect(report.status).toBe("failed");
    expect(report.execution?.name).toMatch(EXECUTION_ID);
    expect(report.reason).toMatch(/did not finish within 0\.3s/);
  });
});
