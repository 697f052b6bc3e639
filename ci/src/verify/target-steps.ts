/**
 * The checks of one service or job (build, lint, test, scans) as steps, shared by verify, the
 * single-target functions and the pre-release checks. The image and the Python project are
 * resolved lazily, once per target: a project that cannot be detected fails lint, test and the
 * scanners that need it, with the reason, while build, trivy and hadolint still run.
 */
import { randomUUID } from "node:crypto";
import type { Container, Directory, Secret } from "@dagger.io/dagger";
import type { Catalog } from "../catalog/parse.js";
import type { JobSpec, ServiceSpec } from "../catalog/schema.js";
import { buildImage } from "../containers/build.js";
import { namedBuildSecrets } from "../containers/build-secrets.js";
import { lintContainer } from "../containers/lint.js";
import { scanJobs } from "../containers/scan.js";
import { testContainer } from "../containers/test-run.js";
import { type Clock, systemClock, utcDay } from "../lib/clock.js";
import { once } from "../lib/once.js";
import { inspectPythonProject } from "../python/inspect.js";
import type { PythonProject } from "../python/plan.js";
import { runReportedScan, runReportedTest } from "./reported.js";
import { runStep, type StepOutcome } from "./step.js";

export interface TargetRun {
  source: Directory;
  catalog: Catalog;
  gitSha: string;
  /** --build-secrets: `ID=value` lines for the catalog's build.secrets. */
  buildSecrets?: Secret;
  /** What the scanners' daily vulnerability-data refresh is keyed by (default: the system clock's UTC day). */
  clock?: Clock;
  /** Marks this run's test databases, so no other run shares them (default: a new random id per targetSteps call). */
  runId?: string;
  /** verify-report: the scanners also write SARIF and pytest JUnit XML, recorded as step artifacts; findings do not fail an exec. */
  reports?: boolean;
}

/** A new id for a run's test databases. */
export const newRunId = (): string => randomUUID();

export type TargetStepKind = "build" | "lint" | "test" | "scan";

export const catalogFileOf = (catalog: Catalog, target: ServiceSpec | JobSpec): string => catalog.files[`${target.kind}:${target.name}`] ?? `${catalog.dir}/${target.kind}s/${target.name}.yaml`;

/** The target's image, with its build secrets. */
export async function targetImage(run: TargetRun, target: ServiceSpec | JobSpec): Promise<Container> {
  const secrets = await namedBuildSecrets(target.name, catalogFileOf(run.catalog, target), target.build.secrets, run.buildSecrets);
  return buildImage(run.source, target, run.gitSha, secrets);
}

export function targetProject(run: TargetRun, target: ServiceSpec | JobSpec): Promise<PythonProject> {
  return inspectPythonProject(run.source, target, catalogFileOf(run.catalog, target));
}

export function targetSteps(run: TargetRun, target: ServiceSpec | JobSpec, kinds: ReadonlySet<TargetStepKind>): Promise<StepOutcome>[] {
  const image = once(() => targetImage(run, target));
  const project = once(() => targetProject(run, target));
  const runId = run.runId ?? newRunId();
  const steps: Promise<StepOutcome>[] = [];
  if (kinds.has("build")) steps.push(runStep("build", target.name, async () => (await image()).sync()));
  if (kinds.has("lint")) steps.push(runStep("lint", target.name, async () => lintContainer(run.source, await project(), target).sync()));
  if (kinds.has("test")) {
    steps.push(runStep("test", target.name, async (record) => {
      const container = testContainer(run.source, await project(), target, { runId, junit: run.reports });
      return run.reports ? runReportedTest(target, catalogFileOf(run.catalog, target), container, record) : container.sync();
    }));
  }
  if (kinds.has("scan")) {
    const vulnDbDate = utcDay(run.clock ?? systemClock);
    for (const job of scanJobs({ source: run.source, target, image, project, projectSeverity: run.catalog.project.scan.severity, vulnDbDate })) {
      const report = run.reports ? job.report : undefined;
      steps.push(runStep(`scan:${job.scanner}`, target.name, report ? async (record) => runReportedScan(await report(), target.name, record) : job.run));
    }
  }
  return steps;
}
