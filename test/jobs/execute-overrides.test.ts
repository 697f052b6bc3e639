/**
 * deploy-job --execute with overrides (--args, --clear-args, --execution-env, --tasks,
 * --task-timeout) against the Cloud Run Admin v2 fake through the real @google-cloud/run client:
 * the one RunJob carries them for the job's main container, the execution runs them, the job is
 * left as the catalog says, and the report shows them as the execution read back has them
 * (env: names only), even after a lost RunJob reply (never sent twice).
 */
import { describe, expect, it } from "vitest";
import { deployJob, formatJobReport } from "../../ci/src/jobs/deploy-job.js";
import { parseExecutionOverrides, type ExecutionOverrideFlags, type ExecutionOverrides } from "../../ci/src/jobs/execution-overrides.js";
import { renderJob } from "../../ci/src/jobs/render.js";
import { Code } from "../fakes/cloud-run/index.js";
import { forwarding, useFakeJobs } from "./support/harness.js";
import { deployOptions, digestRef, ENV, jobSpec, render } from "./support/specs.js";
import { testCall } from "../support/suggested-call.js";

const h = useFakeJobs();
const etl = jobSpec("etl", { tasks: 2, taskTimeout: "600s", env: { OUTPUT_PATH: "/tmp/out" } });
const SECRET_VALUE = "backfill-s3cr3t";

/** The flags as deploy-job checks them (the way the module gets there). */
function overrides(given: Partial<ExecutionOverrideFlags>): ExecutionOverrides {
  const parsed = parseExecutionOverrides({ args: [], clearArgs: false, executionEnv: [], taskTimeout: "", ...given }, { execute: true, job: "etl", secrets: [], call: testCall });
  if (!parsed) throw new Error("no overrides given");
  return parsed;
}

const README_EXAMPLE = () => overrides({ args: ["--full-refresh"], executionEnv: [`RUN_MODE=${SECRET_VALUE}`], tasks: 4, taskTimeout: "3600s" });
const runJobRequests = () => h.fake.callsOf("RunJob").map((c) => c.request as { overrides?: unknown });
/** The job as the fake stores it, by the name the pipeline renders. */
const stored = () => h.fake.state.jobs.get(render(etl).name)!;
const executions = () => [...stored().executions.values()].map((r) => r.resource);

async function deployed() {
  await deployJob(h.gateway, render(etl), deployOptions());
  h.fake.clearRecords();
}

describe("deployJob --execute with overrides", () => {
  it("sends the overrides in the one RunJob, for the main container named after the job", async () => {
    await deployed();
    await deployJob(h.gateway, render(etl), deployOptions({ execute: true, overrides: README_EXAMPLE() }));
    expect(runJobRequests()).toHaveLength(1);
    expect(runJobRequests()[0]).toMatchObject({
      overrides: {
        containerOverrides: [{ name: "etl", args: ["--full-refresh"], env: [{ name: "RUN_MODE", value: SECRET_VALUE }] }],
        taskCount: 4,
        timeout: { seconds: "3600" },
      },
    });
  });

  it("runs the execution with them and leaves the job's own template as the catalog says", async () => {
    await deployed();
    await deployJob(h.gateway, render(etl), deployOptions({ execute: true, overrides: README_EXAMPLE() }));
    const [execution] = executions();
    expect(execution?.taskCount).toBe(4);
    expect(execution?.template?.timeout?.seconds).toBe("3600");
    expect(execution?.template?.containers?.[0]?.args).toEqual(["--full-refresh"]);
    expect(execution?.template?.containers?.[0]?.env).toEqual([
      expect.objectContaining({ name: "OUTPUT_PATH", value: "/tmp/out" }),
      expect.objectContaining({ name: "RUN_MODE", value: SECRET_VALUE }),
    ]);
    const job = stored().resource;
    expect(job.template?.taskCount).toBe(2);
    expect(job.template?.template?.timeout?.seconds).toBe("600");
    expect(job.template?.template?.containers?.[0]?.args ?? []).toEqual([]);
    expect(job.template?.template?.containers?.[0]?.env?.map((e) => e.name)).toEqual(["OUTPUT_PATH"]);
    expect(h.fake.mutatingCalls().map((c) => c.method)).toEqual(["RunJob"]);
  });

  it("targets the main container by its name even when the job's Cloud Run id differs (an environment's nameSuffix)", async () => {
    const rendered = renderJob(etl, { ...ENV, nameSuffix: "-staging" }, digestRef("etl"), "abc1234");
    expect(rendered.jobId).toBe("etl-staging");
    const report = await deployJob(h.gateway, rendered, deployOptions({ execute: true, overrides: README_EXAMPLE() }));
    expect(runJobRequests()[0]).toMatchObject({ name: rendered.name, overrides: { containerOverrides: [{ name: "etl" }] } });
    expect(formatJobReport(report)).toContain("  overrides: args=[--full-refresh], env=[RUN_MODE], tasks=4, task timeout=3600s");
  });

  it("reports the overrides read back from the started execution, without --wait", async () => {
    await deployed();
    const report = await deployJob(h.gateway, render(etl), deployOptions({ execute: true, overrides: README_EXAMPLE() }));
    expect(report.execution).toMatchObject({ status: "started", overrides: { args: ["--full-refresh"], env: ["RUN_MODE"], tasks: 4, taskTimeout: "3600s", notApplied: [] } });
    expect(formatJobReport(report)).toContain("\n  overrides: args=[--full-refresh], env=[RUN_MODE], tasks=4, task timeout=3600s\n");
    expect(h.fake.callsOf("GetExecution").length).toBeGreaterThan(0);
  });

  it("waits for the execution with its overridden task count and reports it", async () => {
    await deployed();
    const report = await deployJob(h.gateway, render(etl), deployOptions({ execute: true, wait: true, overrides: README_EXAMPLE() }));
    expect(report.status).toBe("unchanged");
    expect(report.execution).toMatchObject({ status: "succeeded", succeeded: 4, tasks: 4, overrides: { tasks: 4, notApplied: [] } });
    const text = formatJobReport(report);
    expect(text).toContain("(4/4 tasks succeeded)");
    expect(text).toContain("overrides: args=[--full-refresh], env=[RUN_MODE], tasks=4, task timeout=3600s");
  });

  it("never prints an env value, in the text or the JSON report", async () => {
    await deployed();
    const report = await deployJob(h.gateway, render(etl), deployOptions({ execute: true, wait: true, overrides: README_EXAMPLE() }));
    expect(formatJobReport(report)).not.toContain(SECRET_VALUE);
    expect(JSON.stringify(report)).not.toContain(SECRET_VALUE);
  });

  it("runs with no arguments for --clear-args", async () => {
    await deployed();
    const report = await deployJob(h.gateway, render(etl), deployOptions({ execute: true, overrides: overrides({ clearArgs: true }) }));
    expect(runJobRequests()[0]?.overrides).toMatchObject({ containerOverrides: [{ name: "etl", clearArgs: true, args: [], env: [] }] });
    expect(runJobRequests()[0]?.overrides).not.toHaveProperty("taskCount");
    expect(executions()[0]?.template?.containers?.[0]?.args ?? []).toEqual([]);
    expect(formatJobReport(report)).toContain("  overrides: args=[]");
  });

  it("sends only the task count for --tasks alone (no container override)", async () => {
    await deployed();
    const report = await deployJob(h.gateway, render(etl), deployOptions({ execute: true, wait: true, overrides: overrides({ tasks: 3 }) }));
    expect(runJobRequests()[0]?.overrides).toMatchObject({ containerOverrides: [], taskCount: 3 });
    expect(runJobRequests()[0]?.overrides).not.toHaveProperty("timeout");
    expect(report.execution).toMatchObject({ tasks: 3, succeeded: 3 });
    expect(formatJobReport(report)).toContain("  overrides: tasks=3");
  });

  it("sends no overrides without override flags, so run.jobs.run is enough", async () => {
    await deployed();
    h.fake.faults.deniedPermissions.add("run.jobs.runWithOverrides");
    const report = await deployJob(h.gateway, render(etl), deployOptions({ execute: true, wait: true }));
    expect(runJobRequests()).toEqual([expect.not.objectContaining({ overrides: expect.anything() })]);
    expect(report.execution).toMatchObject({ status: "succeeded", tasks: 2 });
    expect(report.execution).not.toHaveProperty("overrides");
    expect(formatJobReport(report)).not.toContain("overrides");
  });

  it("says plainly when the execution read back does not show an override (reported from the read-back, not from what was sent)", async () => {
    await deployed();
    // An API that ignored the task count: the execution read back runs the job's 2 tasks.
    const gw = forwarding(h.gateway, {
      getExecution: async (name) => {
        const e = await h.gateway.getExecution(name);
        return e && { ...e, taskCount: 2 };
      },
    });
    const report = await deployJob(gw, render(etl), deployOptions({ execute: true, overrides: README_EXAMPLE() }));
    const text = formatJobReport(report);
    expect(text).toContain("  overrides: args=[--full-refresh], env=[RUN_MODE], task timeout=3600s\n");
    expect(text).toContain("  overrides NOT APPLIED (as read back): tasks: the execution runs 2 task(s), not the 4 asked for\n");
    expect(report.status).toBe("unchanged");
  });

  it("says the overrides are not known when the execution cannot be read back, and does not run it again", async () => {
    await deployed();
    const gw = forwarding(h.gateway, { getExecution: async () => Promise.reject(new Error("14 UNAVAILABLE: Connection dropped")) });
    const report = await deployJob(gw, render(etl), deployOptions({ execute: true, overrides: README_EXAMPLE() }));
    expect(formatJobReport(report)).toContain("  overrides: not known: the execution could not be read back (14 UNAVAILABLE: Connection dropped)");
    expect(report.execution?.status).toBe("started");
    expect(h.fake.callsOf("RunJob")).toHaveLength(1);
  });
});

describe.each([
  ["UNAVAILABLE", Code.UNAVAILABLE],
  ["DEADLINE_EXCEEDED", Code.DEADLINE_EXCEEDED],
] as const)("deployJob --execute with overrides: a lost RunJob reply (%s)", (_, code) => {
  it("sends RunJob once, and reports the overrides from the execution it found", async () => {
    await deployed();
    h.fake.faults.loseNextReply("RunJob", code);
    const report = await deployJob(h.gateway, render(etl), deployOptions({ execute: true, overrides: README_EXAMPLE() }));
    expect(h.fake.callsOf("RunJob").map((c) => c.code)).toEqual([code]);
    expect(executions()).toHaveLength(1);
    expect(executions()[0]?.taskCount).toBe(4);
    expect(report.notes).toEqual([expect.stringContaining("not run again")]);
    expect(formatJobReport(report)).toContain("  overrides: args=[--full-refresh], env=[RUN_MODE], tasks=4, task timeout=3600s");
  });

  it("follows that execution to its end with --wait, without a second RunJob", async () => {
    await deployed();
    h.fake.faults.loseNextReply("RunJob", code);
    const report = await deployJob(h.gateway, render(etl), deployOptions({ execute: true, wait: true, overrides: README_EXAMPLE() }));
    expect(h.fake.callsOf("RunJob")).toHaveLength(1);
    expect(report.execution).toMatchObject({ status: "succeeded", succeeded: 4, tasks: 4, overrides: { tasks: 4, notApplied: [] } });
  });
});
