/**
 * A service's release hook (catalog/hooks.ts) as the Cloud Run job it runs as: the job
 * `<service's Cloud Run name>-<hook>` in the service's project and region, with the service's NEW
 * image and its env (plus the hook's), secrets, service account, Cloud SQL, VPC, volumes and
 * sidecars, one task, the hook's command, args, timeout and retries.
 */
import { hookJobIdOf } from "../catalog/hook-checks.js";
import type { HookPhase, HookSettings } from "../catalog/hooks.js";
import type { ResolvedEnvironment } from "../catalog/lookup.js";
import { cloudRunLocationOf, cloudRunNameOf } from "../catalog/naming.js";
import { mergeRun } from "../catalog/overrides.js";
import { memoryMiB } from "../catalog/resources.js";
import type { JobRunSettings, JobSpec, ServiceSpec } from "../catalog/schema.js";
import { renderJob, type RenderedJob } from "./render.js";

/** Jobs run in the second generation environment, whose memory minimum is 512Mi. */
const JOB_MIN_MEMORY = "512Mi";

export const HOOK_ANNOTATION = "cloud-run-pipeline/hook-of";

export function renderHookJob(service: ServiceSpec, env: ResolvedEnvironment, phase: HookPhase, hook: HookSettings, imageDigestRef: string, commit: string): RenderedJob {
  const run = mergeRun(service.run, service.environments[env.name]?.run);
  const jobRun: JobRunSettings = {
    region: run.region,
    serviceAccount: run.serviceAccount,
    env: { ...run.env, ...hook.env },
    secrets: Object.fromEntries(Object.entries(run.secrets).filter(([name]) => !(name in hook.env))),
    cpu: run.cpu,
    memory: memoryMiB(run.memory) < memoryMiB(JOB_MIN_MEMORY) ? JOB_MIN_MEMORY : run.memory,
    labels: run.labels,
    cloudSqlInstances: run.cloudSqlInstances,
    vpc: run.vpc,
    command: hook.command ?? run.command,
    args: hook.args ?? (hook.command ? undefined : run.args),
    workingDir: run.workingDir,
    volumes: run.volumes,
    sidecars: run.sidecars,
    dependsOn: run.dependsOn,
    startupCpuBoost: run.startupCpuBoost,
    executionEnvironment: run.executionEnvironment,
    gpu: run.gpu,
    tasks: 1,
    parallelism: 0,
    maxRetries: hook.maxRetries,
    taskTimeout: hook.timeout,
  };
  const job: JobSpec = { ...service, kind: "job", cloudRunName: undefined, run: jobRun, schedules: [], monitoring: undefined, environments: {} };
  const rendered = renderJob(job, env, imageDigestRef, commit);
  const { parent } = cloudRunLocationOf(service, env);
  const jobId = hookJobIdOf(cloudRunNameOf(service, env), hook);
  return {
    ...rendered,
    name: `${parent}/jobs/${jobId}`,
    parent,
    jobId,
    target: `${service.name} ${phase} hook ${hook.name}`,
    resource: { ...rendered.resource, annotations: { ...(rendered.resource.annotations ?? {}), [HOOK_ANNOTATION]: `${service.name}/${phase}/${hook.name}` } },
  };
}
