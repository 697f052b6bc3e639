/**
 * The job verbs: deploy-job (with --execute and its overrides), plan --job, rollback-job; and
 * releasing one job (checks, publish, deploy, run).
 */
import { findJob, resolveEnvironment } from "../catalog/lookup.js";
import type { JobSpec } from "../catalog/schema.js";
import { durationSecondsOf } from "../gcp/run-template.js";
import { deployJob, formatJobReport, type JobReleaseReport, previousCommitOf, previousImageOf } from "../jobs/deploy-job.js";
import { type ExecutionOverrideFlags, type ExecutionOverrides, parseExecutionOverrides } from "../jobs/execution-overrides.js";
import { formatJobPlan, planJob } from "../jobs/plan-job.js";
import { jobLocation, jobRunSettingsFor, renderJob } from "../jobs/render.js";
import { formatScheduleReport } from "../schedules/sync.js";
import { succeeded } from "../services/report.js";
import { type CommandInput, parseFormat, render, withContext } from "./context.js";
import { checksBeforeRelease, publishImageOf, type ReleaseContext, repositoryFor } from "./pipeline.js";
import { releaseSchedules } from "./schedules.js";

export async function deployJobCommand(
  input: CommandInput,
  job: string,
  options: { execute: boolean; wait: boolean; skipChecks: boolean; format: string; dropUnmanaged?: boolean; overrides?: ExecutionOverrideFlags },
): Promise<string> {
  const spec = findJob(input.catalog, job);
  const format = parseFormat(options.format);
  if (options.wait && !options.execute) {
    throw new Error(
      `--wait waits for the execution that --execute starts, and this deploy starts none: add --execute (\`${input.call(`deploy-job --job=${spec.name}${input.env ? ` --env=${input.env}` : ""} --execute --wait`)}\`), or leave --wait out to deploy the job without running it.`,
    );
  }
  // Checked before Google is opened; a secret of the job cannot be overridden with a plain value.
  const secrets = () => Object.keys(jobRunSettingsFor(spec, resolveEnvironment(input.catalog, input.env).name).secrets);
  const overrides = options.overrides && parseExecutionOverrides(options.overrides, { execute: options.execute, job: spec.name, environment: input.env, call: input.call, secrets: options.overrides.executionEnv.length ? secrets() : [] });
  const { report, schedules } = await withContext(input, async (ctx) => {
    const report = await releaseJob(ctx, spec, { ...options, overrides });
    const schedules = spec.schedules.length ? await releaseSchedules(ctx, false, { job: spec.name }) : undefined;
    return { report, schedules };
  });
  const text = render({ ...report, schedules }, [formatJobReport(report), ...(schedules ? [formatScheduleReport(schedules)] : [])].join("\n"), format);
  if (!succeeded(report) || (schedules && !schedules.ok)) throw new Error(text);
  return text;
}

export async function rollbackJobCommand(input: CommandInput, job: string, format: string): Promise<string> {
  const spec = findJob(input.catalog, job);
  const out = parseFormat(format);
  const report = await withContext(input, async (ctx) => {
    const { name, id } = jobLocation(spec, ctx.env);
    const live = await ctx.cloud.jobs.getJob(name);
    const previous = previousImageOf(live, id);
    // Labelled with the commit the previous image was built from, not this checkout's.
    const recorded = live && previousCommitOf(live);
    const commit = recorded ?? ctx.gitSha;
    return deployJob(ctx.cloud.jobs, renderJob(spec, ctx.env, previous, commit), {
      environment: ctx.env.name,
      project: ctx.env.project,
      commit,
      warnings: recorded ? [] : [`the commit of ${previous} was not recorded (its job was updated before rollback-job recorded it), so the job is labelled commit=${ctx.gitSha}, this checkout's`],
      execute: false,
      wait: false,
      executionTimeoutMs: 0,
      // A rollback must not be blocked: settings set outside the pipeline are dropped, and the report says which.
      dropUnmanaged: true,
      call: ctx.call,
    });
  });
  const text = render(report, formatJobReport(report), out);
  if (!succeeded(report)) throw new Error(text);
  return text;
}

/** plan --job: what deploy-job would change (jobs/plan-job.ts). */
export async function planJobCommand(input: CommandInput, job: string, format: string): Promise<string> {
  const spec = findJob(input.catalog, job);
  const out = parseFormat(format);
  return withContext(input, async (ctx) => {
    const rendered = renderJob(spec, ctx.env, `${repositoryFor(ctx, spec.name).repository}:${ctx.gitSha}`, ctx.gitSha);
    const plan = await planJob(ctx.cloud.jobs, rendered, ctx.gitSha);
    return render(plan, formatJobPlan(plan), out);
  });
}

export interface JobReleaseOptions {
  skipChecks: boolean;
  execute: boolean;
  wait: boolean;
  /** Deploy even though the live template has settings the catalog does not manage (removing them). */
  dropUnmanaged?: boolean;
  /** With `execute`: args, env, task count and task timeout of this execution only. */
  overrides?: ExecutionOverrides;
}

/** How long --wait waits: every attempt of a task at its full timeout, plus five minutes of scheduling. */
export const executionTimeoutMs = (run: { taskTimeout: string; maxRetries: number }): number =>
  (durationSecondsOf(run.taskTimeout) * (run.maxRetries + 1) + 300) * 1000;

export async function releaseJob(ctx: ReleaseContext, spec: JobSpec, options: JobReleaseOptions): Promise<JobReleaseReport> {
  const warnings = await checksBeforeRelease(ctx, spec, options.skipChecks);
  const published = await publishImageOf(ctx, spec);
  const rendered = renderJob(spec, ctx.env, published.digestRef, ctx.gitSha);
  const run = jobRunSettingsFor(spec, ctx.env.name);
  return deployJob(ctx.cloud.jobs, rendered, {
    environment: ctx.env.name,
    project: ctx.env.project,
    commit: ctx.gitSha,
    execute: options.execute,
    wait: options.wait,
    overrides: options.overrides,
    // --task-timeout gives every task of this execution its own timeout.
    executionTimeoutMs: executionTimeoutMs({ ...run, taskTimeout: options.overrides?.taskTimeout ?? run.taskTimeout }),
    dropUnmanaged: options.dropUnmanaged,
    warnings,
    call: ctx.call,
  });
}
