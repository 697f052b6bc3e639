/**
 * verify: every check of every target, started together, each step's outcome collected; the
 * caller gets one report and, when anything failed, one error listing every failure.
 */
import type { Container, Directory } from "@dagger.io/dagger";
import { CatalogError, formatProblems } from "../catalog/errors.js";
import type { Catalog } from "../catalog/parse.js";
import type { JobSpec, ServiceSpec } from "../catalog/schema.js";
import { checkSources } from "../catalog/sources.js";
import { buildImage } from "../containers/build.js";
import { buildSite } from "../containers/docs.js";
import { lintContainer } from "../containers/lint.js";
import { gitleaksScan, scanJobs } from "../containers/scan.js";
import { testContainer } from "../containers/test-run.js";
import { CONTEXT_EXCLUDES } from "../containers/context.js";
import { makeReport, type VerifyReport } from "./report.js";
import { runStep, type StepOutcome } from "./step.js";

export type StepKind = "catalog" | "build" | "lint" | "test" | "scan" | "docs" | "secrets";
export const ALL_STEPS: StepKind[] = ["catalog", "build", "lint", "test", "scan", "docs", "secrets"];

interface Ctx {
  source: Directory;
  catalog: Catalog;
  gitSha: string;
}

const sync = (c: Container) => () => c.sync();

function buildableSteps(ctx: Ctx, target: ServiceSpec | JobSpec, kinds: Set<StepKind>): Promise<StepOutcome>[] {
  const image = buildImage(ctx.source, target, ctx.gitSha);
  const steps: Promise<StepOutcome>[] = [];
  if (kinds.has("build")) steps.push(runStep("build", target.name, sync(image)));
  if (kinds.has("lint")) steps.push(runStep("lint", target.name, sync(lintContainer(ctx.source, target))));
  if (kinds.has("test")) steps.push(runStep("test", target.name, sync(testContainer(ctx.source, target))));
  if (kinds.has("scan")) {
    for (const job of scanJobs(ctx.source, image, target, ctx.catalog.project.scan.severity)) {
      steps.push(runStep(`scan:${job.scanner}`, target.name, sync(job.container)));
    }
  }
  return steps;
}

async function catalogStep(ctx: Ctx): Promise<StepOutcome> {
  return runStep("catalog", "", async () => {
    const problems = await checkSources(ctx.source, ctx.catalog);
    if (problems.length) throw new Error(formatProblems(problems));
  });
}

/** Runs the chosen kinds of steps (all by default) for every target, concurrently. */
export async function verifyAll(source: Directory, catalog: Catalog, gitSha: string, only: StepKind[] = ALL_STEPS): Promise<VerifyReport> {
  const kinds = new Set(only);
  const ctx: Ctx = { source, catalog, gitSha };
  const steps: Promise<StepOutcome>[] = [];
  if (kinds.has("catalog")) steps.push(catalogStep(ctx));
  for (const target of [...catalog.services, ...catalog.jobs]) steps.push(...buildableSteps(ctx, target, kinds));
  if (kinds.has("docs")) {
    for (const site of catalog.sites) steps.push(runStep("docs", site.name, () => buildSite(source, site).sync()));
  }
  if (kinds.has("secrets")) {
    steps.push(runStep("secrets", "", sync(gitleaksScan(source.filter({ exclude: CONTEXT_EXCLUDES })))));
  }
  return makeReport(await Promise.all(steps));
}

/** A catalog that cannot be read is itself a verify failure, reported like any other step. */
export function catalogFailure(err: unknown): VerifyReport {
  const message = err instanceof CatalogError || err instanceof Error ? err.message : String(err);
  return makeReport([{ step: "catalog", target: "", ok: false, durationMs: 0, message }]);
}
