/**
 * One service's release as the module runs it: checks (lint, tests, scans) -> publish by digest
 * -> render -> health-gated deploy. A failed check stops everything before a push.
 */
import type { Directory, Secret } from "@dagger.io/dagger";
import type { ResolvedEnvironment } from "../catalog/lookup.js";
import { cloudRunNameOf, extraImageTagsOf } from "../catalog/naming.js";
import { DEFAULT_CANARY_LIMITS } from "../catalog/canary.js";
import { mergeRun } from "../catalog/overrides.js";
import type { Catalog } from "../catalog/parse.js";
import type { JobSpec, ServiceSpec } from "../catalog/schema.js";
import { durationSecondsOf } from "../gcp/run-template.js";
import type { SuggestCall } from "../lib/suggested-call.js";
import { imageRepository } from "../registry/address.js";
import { publishImage, type PublishResult } from "../registry/publish.js";
import { deployService, privateServiceError, type Strategy } from "../services/deploy-service.js";
import { renderService, serviceLocation } from "../services/render.js";
import type { ServiceReleaseReport } from "../services/report.js";
import { makeReport, VerifyFailedError } from "../verify/report.js";
import { targetImage, targetSteps } from "../verify/target-steps.js";
import type { GoogleCloud } from "./cloud.js";
import { releaseHooks } from "./hooks.js";

export interface ReleaseContext {
  source: Directory;
  catalog: Catalog;
  env: ResolvedEnvironment;
  gitSha: string;
  cloud: GoogleCloud;
  /** --build-secrets: `ID=value` lines for the catalog's build.secrets. */
  buildSecrets?: Secret;
  /** Writes the `dagger call` commands reports and errors suggest (with this command's --catalog and --credentials). */
  call: SuggestCall;
}

export const SKIPPED_CHECKS_WARNING = "checks were SKIPPED (--skip-checks): this release was not linted, tested or scanned";

/** Lint, tests and scans of one target; throws one error listing every failure. */
export async function preReleaseChecks(ctx: ReleaseContext, spec: ServiceSpec | JobSpec): Promise<void> {
  const report = makeReport(await Promise.all(targetSteps(ctx, spec, new Set(["lint", "test", "scan"] as const))));
  if (!report.ok) throw new VerifyFailedError(report);
}

export function repositoryFor(ctx: Pick<ReleaseContext, "catalog" | "env">, name: string): { repository: string; location: string } {
  const ar = ctx.catalog.project.artifactRegistry;
  const location = ar.location ?? ctx.env.region;
  return { repository: imageRepository({ location, project: ctx.env.project, repository: ar.repository, image: name }), location };
}

/** Builds and pushes a service's or job's image; returns its digest reference. */
export async function publishImageOf(ctx: ReleaseContext, spec: ServiceSpec | JobSpec): Promise<PublishResult> {
  const { repository, location } = repositoryFor(ctx, spec.name);
  return publishImage({
    image: await targetImage(ctx, spec),
    repository,
    location,
    // The short-SHA tag as is; the catalog's extra tags carry the environment's nameSuffix (catalog/naming.ts).
    tags: [ctx.gitSha, ...extraImageTagsOf(spec.image.tags, ctx.env)],
    accessToken: () => ctx.cloud.auth.accessToken(),
  });
}

export interface ReleaseOptions {
  strategy?: Strategy;
  skipChecks: boolean;
  /** Deploy even though the live template has settings the catalog does not manage (removing them). */
  dropUnmanaged?: boolean;
  /** Lines the report must carry as warnings (preflight's WARN rows). */
  warnings?: string[];
}

/**
 * Runs the pre-release checks unless skipped; returns the warnings the report must carry.
 * A failure stops the release before anything is pushed.
 */
export async function checksBeforeRelease(ctx: ReleaseContext, spec: ServiceSpec | JobSpec, skipChecks: boolean): Promise<string[]> {
  if (skipChecks) return [SKIPPED_CHECKS_WARNING];
  try {
    await preReleaseChecks(ctx, spec);
  } catch (err) {
    throw new Error(`deploy of ${spec.kind} ${spec.name} stopped before anything was pushed: the pre-release checks failed.\n\n${(err as Error).message}`);
  }
  return [];
}

export async function releaseService(ctx: ReleaseContext, spec: ServiceSpec, options: ReleaseOptions): Promise<ServiceReleaseReport> {
  // Known before anything runs: a private service's health check needs ID tokens these credentials cannot mint.
  // Public or private as this environment has it (an environment's run.public overrides the base).
  const idTokens = ctx.cloud.auth.idTokenUnavailable;
  const run = mergeRun(spec.run, Object.hasOwn(spec.environments, ctx.env.name) ? spec.environments[ctx.env.name]?.run : undefined);
  if (!run.public && idTokens) throw privateServiceError(cloudRunNameOf(spec, ctx.env), idTokens);
  const warnings = [...(options.warnings ?? []), ...(await checksBeforeRelease(ctx, spec, options.skipChecks))];
  const published = await publishImageOf(ctx, spec);
  const rendered = renderService(spec, ctx.env, published.digestRef, ctx.gitSha);
  const deploy = ctx.catalog.project.deploy;
  const strategy = options.strategy ?? deploy.strategy;
  return deployService(ctx.cloud.cloudRun, rendered, {
    strategy,
    environment: ctx.env.name,
    project: ctx.env.project,
    region: serviceLocation(spec, ctx.env).region,
    commit: ctx.gitSha,
    healthTimeoutMs: durationSecondsOf(deploy.healthTimeout) * 1000,
    idToken: (audience) => ctx.cloud.auth.idToken(audience),
    idTokenUnavailable: ctx.cloud.auth.idTokenUnavailable,
    dropUnmanaged: options.dropUnmanaged,
    call: ctx.call,
    hooks: releaseHooks(ctx, spec, published.digestRef),
    warnings: strategy === "direct" && deploy.canary ? [...warnings, "deploy.canary applies to blue-green deploys only: this direct deploy moved all traffic at once, without canary steps"] : warnings,
    ...(deploy.canary && strategy === "blue-green" ? { canary: { steps: deploy.canary, limits: deploy.canaryLimits ?? DEFAULT_CANARY_LIMITS, metrics: ctx.cloud.canaryMetrics } } : {}),
  });
}
