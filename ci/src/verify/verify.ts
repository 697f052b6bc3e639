/**
 * verify: every check of every target, started together, each step's outcome collected; the
 * caller gets one report and, when anything failed, one error listing every failure.
 */
import type { Container } from "@dagger.io/dagger";
import { CatalogError, formatProblems } from "../catalog/errors.js";
import { checkSources } from "../catalog/sources.js";
import { buildSite } from "../containers/docs.js";
import { gitleaksCommand, gitleaksScan, sarifFileOf } from "../containers/scan.js";
import { CONTEXT_EXCLUDES } from "../containers/context.js";
import { type TargetRun, type TargetStepKind, targetSteps } from "./target-steps.js";
import { makeReport, type VerifyReport } from "./report.js";
import { runReportedScan } from "./reported.js";
import { runStep, type StepOutcome } from "./step.js";

export type StepKind = "catalog" | "build" | "lint" | "test" | "scan" | "docs" | "secrets";
export const ALL_STEPS: StepKind[] = ["catalog", "build", "lint", "test", "scan", "docs", "secrets"];

type Ctx = TargetRun;

const sync = (c: Container) => () => c.sync();

const TARGET_KINDS: TargetStepKind[] = ["build", "lint", "test", "scan"];

async function catalogStep(ctx: Ctx): Promise<StepOutcome> {
  return runStep("catalog", "", async () => {
    const problems = await checkSources(ctx.source, ctx.catalog);
    if (problems.length) throw new Error(formatProblems(problems));
  });
}

/** Runs the chosen kinds of steps (all by default) for every target, concurrently. */
export async function verifyAll(ctx: TargetRun, only: StepKind[] = ALL_STEPS): Promise<VerifyReport> {
  const { source, catalog } = ctx;
  const kinds = new Set(only);
  const targetKinds = new Set(TARGET_KINDS.filter((k) => kinds.has(k)));
  const steps: Promise<StepOutcome>[] = [];
  if (kinds.has("catalog")) steps.push(catalogStep(ctx));
  for (const target of [...catalog.services, ...catalog.jobs]) steps.push(...targetSteps(ctx, target, targetKinds));
  if (kinds.has("docs")) {
    for (const site of catalog.sites) steps.push(runStep("docs", site.name, async () => (await buildSite(source, site, catalog.files[`site:${site.name}`])).sync()));
  }
  if (kinds.has("secrets")) {
    const files = source.filter({ exclude: CONTEXT_EXCLUDES });
    const scan = { scanner: "gitleaks", container: gitleaksScan(files, true), command: gitleaksCommand(true), sarifFile: sarifFileOf("gitleaks"), uriBase: "." } as const;
    steps.push(runStep("secrets", "", ctx.reports ? (record) => runReportedScan(scan, "", record) : sync(gitleaksScan(files))));
  }
  return makeReport(await Promise.all(steps));
}

/** A catalog that cannot be read is itself a verify failure, reported like any other step. */
export function catalogFailure(err: unknown): VerifyReport {
  const message = err instanceof CatalogError || err instanceof Error ? err.message : String(err);
  return makeReport([{ step: "catalog", target: "", ok: false, durationMs: 0, message }]);
}
