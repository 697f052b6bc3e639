/**
 * promote: the exact image digest one environment serves, released into another with the target's
 * catalog settings, through the same health gate and rollback as deploy (services) or the same job
 * deploy (jobs, not executed), without building, testing or publishing. The image reference stays
 * the source registry's: the target's Cloud Run service agent pulls it from there.
 *
 * The rules and the report are promotion/'s (pure); this file checks the request before Google is
 * opened, reads both environments, calls the service and job releases, and reads the target back
 * to prove the digest it now serves equals the one the source serves.
 */
import type { Directory, Secret } from "@dagger.io/dagger";
import { findJob, findService, type ResolvedEnvironment, resolveEnvironment } from "../catalog/lookup.js";
import type { Catalog } from "../catalog/parse.js";
import type { JobSpec, ServiceSpec } from "../catalog/schema.js";
import { durationSecondsOf } from "../gcp/run-template.js";
import { deployJob, formatJobReport, type JobReleaseReport } from "../jobs/deploy-job.js";
import { jobLocation, renderJob } from "../jobs/render.js";
import { mapPool } from "../lib/pool.js";
import type { SuggestCall } from "../lib/suggested-call.js";
import { concludePromotion, formatPromotion, type PromotionReport, promotionReport, refusedPromotion, type TargetPromotion, type TargetReadBack } from "../promotion/report.js";
import { checkConfirmation, checkEnvironmentPair, type PromotionFlags, parseSelection } from "../promotion/request.js";
import { jobSource, mainImageOf, type PromotionSource, PromotionRefusedError, revisionToPromote, serviceSource, soleServingRevision, type SourceTarget } from "../promotion/source.js";
import { imageDigestOf } from "../registry/address.js";
import { deployService } from "../services/deploy-service.js";
import { failedHistory, servedHistory } from "../services/history.js";
import { renderService, serviceLocation } from "../services/render.js";
import { formatServiceReport, type ServiceReleaseReport } from "../services/report.js";
import { formatScheduleReport, type ScheduleSyncReport } from "../schedules/sync.js";
import type { GoogleCloud } from "./cloud.js";
import { parseFormat, render, withClouds } from "./context.js";
import { releaseHooks } from "./hooks.js";
import { releaseSchedules } from "./schedules.js";

export type { PromotionFlags } from "../promotion/request.js";

/** What promote acts on, all checked before Google is opened. */
export interface PromotionPlan {
  from: ResolvedEnvironment;
  to: ResolvedEnvironment;
  services: ServiceSpec[];
  jobs: JobSpec[];
}

/** One environment of a promotion, opened. */
export interface PromotionSide {
  env: ResolvedEnvironment;
  cloud: GoogleCloud;
}

export interface PromotionContext {
  source: Directory;
  catalog: Catalog;
  from: PromotionSide;
  to: PromotionSide;
  buildSecrets?: Secret;
  /** Writes the `dagger call` commands the report suggests (with the command's --catalog and --credentials). */
  call: SuggestCall;
}

type Release = ServiceReleaseReport | JobReleaseReport;

const isProtected = (catalog: Catalog, env: string): boolean => Object.hasOwn(catalog.project.environments, env) && catalog.project.environments[env]!.protected === true;

/** Flags, environments (unknown ones list the declared ones), the confirmation and the target names: no Google call. */
export function planPromotion(catalog: Catalog, flags: PromotionFlags, call: SuggestCall): PromotionPlan {
  checkEnvironmentPair(flags);
  const from = resolveEnvironment(catalog, flags.from);
  const to = resolveEnvironment(catalog, flags.to);
  const selection = parseSelection(flags);
  const services = selection.all ? catalog.services : selection.services.map((name) => findService(catalog, name));
  const jobs = selection.all ? catalog.jobs : selection.jobs.map((name) => findJob(catalog, name));
  checkConfirmation(flags, isProtected(catalog, to.name), call);
  if (!services.length && !jobs.length) throw new Error(`the catalog has no services or jobs to promote (${catalog.dir}/services/, ${catalog.dir}/jobs/).`);
  return { from, to, services, jobs };
}

export async function promoteCommand(input: { source: Directory; catalog: Catalog; credentials: Secret; buildSecrets?: Secret; call: SuggestCall }, flags: PromotionFlags): Promise<string> {
  const format = parseFormat(flags.format);
  const plan = planPromotion(input.catalog, flags, input.call);
  const report = await withClouds(input.credentials, [plan.from, plan.to], ([from, to]) =>
    promote({ source: input.source, catalog: input.catalog, buildSecrets: input.buildSecrets, call: input.call, from: { env: plan.from, cloud: from! }, to: { env: plan.to, cloud: to! } }, plan),
  );
  const text = render(report, formatPromotionReport(report), format);
  if (!report.ok) throw new Error(text);
  return text;
}

/** A promotion, and the schedules of its promoted jobs synced in `--to` (as deploy-job syncs them). */
export type PromoteReport = PromotionReport<Release> & { schedules?: Array<{ job: string; report?: ScheduleSyncReport; error?: string }> };

/**
 * Every target of the plan, at most deploy.concurrency of each kind at once; one failure neither
 * stops nor undoes the others. Then each promoted job's schedules are synced in `--to` (created or
 * updated, never pruned), so a job new there is triggered as in `--from`.
 */
export async function promote(ctx: PromotionContext, plan: Pick<PromotionPlan, "services" | "jobs">): Promise<PromoteReport> {
  const started = Date.now();
  const limit = ctx.catalog.project.deploy.concurrency;
  const [services, jobs] = await Promise.all([
    mapPool(plan.services, limit, (spec) => settle(ctx, "service", spec.name, () => promoteService(ctx, spec))),
    mapPool(plan.jobs, limit, (spec) => settle(ctx, "job", spec.name, () => promoteJob(ctx, spec))),
  ]);
  const scheduled = plan.jobs.filter((spec, i) => jobs[i]!.ok && spec.schedules.length);
  const schedules: NonNullable<PromoteReport["schedules"]> = [];
  for (const spec of scheduled) {
    try {
      schedules.push({ job: spec.name, report: await releaseSchedules({ source: ctx.source, catalog: ctx.catalog, env: ctx.to.env, gitSha: "", cloud: ctx.to.cloud, call: ctx.call }, false, { job: spec.name }) });
    } catch (err) {
      schedules.push({ job: spec.name, error: `syncing the schedules of job ${spec.name} in ${ctx.to.env.name} failed: ${(err as Error).message}; run \`${ctx.call(`schedules --env=${ctx.to.env.name}`)}\`` });
    }
  }
  const report = promotionReport(envNames(ctx), [...services, ...jobs], Date.now() - started);
  if (!schedules.length) return report;
  return { ...report, ok: report.ok && schedules.every((s) => s.report?.ok), schedules };
}

export function formatPromotionReport(report: PromoteReport): string {
  const text = formatPromotion(report, (t) => (t.release ? (t.release.kind === "service" ? formatServiceReport(t.release) : formatJobReport(t.release)) : undefined));
  const schedules = (report.schedules ?? []).map((s) => (s.report ? `schedules of job ${s.job} in ${report.to}:\n${formatScheduleReport(s.report)}` : s.error!));
  return schedules.length ? [text, "", ...schedules].join("\n") : text;
}

/** A refusal or an error of one target becomes its entry in the report (never a rejection). */
async function settle(ctx: PromotionContext, kind: TargetPromotion["kind"], target: string, work: () => Promise<TargetPromotion<Release>>): Promise<TargetPromotion<Release>> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof PromotionRefusedError) return refusedPromotion(kind, target, err.message);
    return { kind, target, status: "failed", ok: false, reason: `promoting ${kind} ${target} into ${ctx.to.env.name} failed: ${(err as Error).message}` };
  }
}

/**
 * The commit the release records (labels, revision name, candidate tag): the one the source image
 * was built from; when the source does not say, the digest's first hex digits stand in for it.
 */
const releaseCommit = (source: PromotionSource): string => (source.commit !== "unknown" ? source.commit : source.digest.slice("sha256:".length, "sha256:".length + 7));

async function promoteService(ctx: PromotionContext, spec: ServiceSpec): Promise<TargetPromotion<Release>> {
  const { from, to } = ctx;
  const at = serviceLocation(spec, from.env);
  const target: SourceTarget = { kind: "service", target: spec.name, cloudRunName: at.id, environment: from.env.name, call: ctx.call };
  const { service, revision } = revisionToPromote(target, await from.cloud.cloudRun.getService(at.name), at.name);
  const read = await from.cloud.cloudRun.getRevision(`${at.name}/revisions/${revision}`);
  const source = serviceSource(target, service, revision, read, { served: servedHistory(service.annotations), failed: failedHistory(service.annotations) });

  const commit = releaseCommit(source);
  const rendered = renderService(spec, to.env, source.image, commit);
  const deploy = ctx.catalog.project.deploy;
  const release = await deployService(to.cloud.cloudRun, rendered, {
    strategy: deploy.strategy,
    environment: to.env.name,
    project: to.env.project,
    region: serviceLocation(spec, to.env).region,
    commit,
    healthTimeoutMs: durationSecondsOf(deploy.healthTimeout) * 1000,
    idToken: (audience) => to.cloud.auth.idToken(audience),
    idTokenUnavailable: to.cloud.auth.idTokenUnavailable,
    call: ctx.call,
    hooks: releaseHooks({ source: ctx.source, catalog: ctx.catalog, env: to.env, gitSha: commit, cloud: to.cloud, buildSecrets: ctx.buildSecrets, call: ctx.call }, spec, source.image),
    warnings: [],
  });
  return concludePromotion(envNames(ctx), "service", spec.name, source, release, await serviceReadBack(to, spec), ctx.call);
}

/** What the target's service serves now: the revision at 100% and its image, read back. */
async function serviceReadBack(to: PromotionSide, spec: ServiceSpec): Promise<TargetReadBack> {
  const { name, id } = serviceLocation(spec, to.env);
  try {
    const service = await to.cloud.cloudRun.getService(name);
    if (!service) return { cloudRunName: id, problem: "the service does not exist" };
    const serving = soleServingRevision(service);
    if ("split" in serving) return { cloudRunName: id, problem: `traffic is split: ${serving.split}` };
    if ("none" in serving) return { cloudRunName: id, problem: "no revision serves" };
    const revision = await to.cloud.cloudRun.getRevision(`${name}/revisions/${serving.revision}`);
    if (!revision) return { cloudRunName: id, revision: serving.revision, problem: `revision ${serving.revision} could not be read` };
    return withImage({ cloudRunName: id, revision: serving.revision }, mainImageOf(revision.containers, spec.name));
  } catch (err) {
    return { cloudRunName: id, problem: `reading ${name} failed: ${(err as Error).message}` };
  }
}

async function promoteJob(ctx: PromotionContext, spec: JobSpec): Promise<TargetPromotion<Release>> {
  const { from, to } = ctx;
  const at = jobLocation(spec, from.env);
  const target: SourceTarget = { kind: "job", target: spec.name, cloudRunName: at.id, environment: from.env.name, call: ctx.call };
  const source = jobSource(target, await from.cloud.jobs.getJob(at.name), at.name);
  const commit = releaseCommit(source);
  const rendered = renderJob(spec, to.env, source.image, commit);
  const release = await deployJob(to.cloud.jobs, rendered, { environment: to.env.name, project: to.env.project, commit, execute: false, wait: false, executionTimeoutMs: 0, call: ctx.call });
  let now: TargetReadBack;
  try {
    const job = await to.cloud.jobs.getJob(rendered.name);
    now = job ? withImage({ cloudRunName: rendered.jobId }, mainImageOf(job.template?.template?.containers, spec.name)) : { cloudRunName: rendered.jobId, problem: "the job does not exist" };
  } catch (err) {
    now = { cloudRunName: rendered.jobId, problem: `reading ${rendered.name} failed: ${(err as Error).message}` };
  }
  return concludePromotion(envNames(ctx), "job", spec.name, source, release, now, ctx.call);
}

function withImage(readBack: TargetReadBack, image: string): TargetReadBack {
  const digest = imageDigestOf(image);
  return { ...readBack, ...(image ? { image } : { problem: "no image" }), ...(digest ? { digest } : {}) };
}

const envNames = (ctx: PromotionContext) => ({ from: ctx.from.env.name, to: ctx.to.env.name });
