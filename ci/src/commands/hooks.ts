/**
 * Release hooks (catalog/hooks.ts) run for a service release: each hook becomes its Cloud Run job
 * with the release's NEW image (jobs/hook-job.ts), is executed once and waited for; the first
 * failure stops the phase with the execution's name and its logs command. deployService calls
 * them at the right moments (services/deploy-service.ts ReleaseHooks).
 */
import type { HookPhase } from "../catalog/hooks.js";
import { CANDIDATE_URL_ENV } from "../catalog/hooks.js";
import type { ServiceSpec } from "../catalog/schema.js";
import { deployJob } from "../jobs/deploy-job.js";
import { renderHookJob } from "../jobs/hook-job.js";
import { logsHint } from "../jobs/job-report.js";
import type { HookOutcome, ReleaseHooks } from "../services/deploy-service.js";
import { executionTimeoutMs } from "./jobs.js";
import type { ReleaseContext } from "./pipeline.js";

/** The hooks of `spec` for a release of `image`, or undefined when it has none. */
export function releaseHooks(ctx: ReleaseContext, spec: ServiceSpec, image: string): ReleaseHooks | undefined {
  const { beforeTraffic, afterCandidate } = spec.hooks;
  if (!beforeTraffic.length && !afterCandidate.length) return undefined;
  return {
    beforeTraffic: beforeTraffic.length ? () => runHooks(ctx, spec, "beforeTraffic", image, {}) : undefined,
    afterCandidate: afterCandidate.length ? (url) => runHooks(ctx, spec, "afterCandidate", image, { [CANDIDATE_URL_ENV]: url }) : undefined,
  };
}

/** The hook names of each phase, for plan. */
export function hookSummary(spec: ServiceSpec, jobIdOf: (hook: { name: string }) => string): string[] {
  return (["beforeTraffic", "afterCandidate"] as const).flatMap((phase) => spec.hooks[phase].map((hook) => `${phase}: ${hook.name} (Cloud Run job ${jobIdOf(hook)}, with the new image)`));
}

async function runHooks(ctx: ReleaseContext, spec: ServiceSpec, phase: HookPhase, image: string, env: Record<string, string>): Promise<HookOutcome> {
  const notes: string[] = [];
  for (const hook of spec.hooks[phase]) {
    const rendered = renderHookJob(spec, ctx.env, phase, hook, image, ctx.gitSha);
    const what = `release hook ${phase} "${hook.name}" (Cloud Run job ${rendered.jobId})`;
    let report;
    try {
      report = await deployJob(ctx.cloud.jobs, rendered, {
        environment: ctx.env.name,
        project: ctx.env.project,
        commit: ctx.gitSha,
        execute: true,
        wait: true,
        overrides: Object.keys(env).length ? { env: Object.entries(env).map(([name, value]) => ({ name, value })) } : undefined,
        executionTimeoutMs: executionTimeoutMs({ taskTimeout: hook.timeout, maxRetries: hook.maxRetries }),
        // The hook's job is the pipeline's own (named after the service and the hook).
        dropUnmanaged: true,
        call: ctx.call,
      });
    } catch (err) {
      return { ok: false, notes, reason: `${what} could not be run: ${(err as Error).message}` };
    }
    const execution = report.execution;
    if (report.status === "failed" || execution?.status !== "succeeded") {
      const logs = execution ? `; logs: ${logsHint(ctx.env.project, rendered.jobId, execution.name)}${execution.logUri ? ` (console: ${execution.logUri})` : ""}` : "";
      return { ok: false, notes, reason: `${what} failed${execution ? ` in execution ${execution.name}` : ""}: ${report.reason ?? `the execution ended ${execution?.status ?? "unknown"}`}${logs}` };
    }
    notes.push(`${what}: execution ${execution.name} succeeded`);
  }
  return { ok: true, notes };
}
