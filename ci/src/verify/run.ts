/**
 * Runs a set of steps and throws one error listing every failure (used by verify, scan and the
 * single-target functions), or returns the printed report.
 */
import { makeReport, formatReport, VerifyFailedError, type VerifyReport } from "./report.js";
import type { StepOutcome } from "./step.js";

export function assertPassed(report: VerifyReport): string {
  if (!report.ok) throw new VerifyFailedError(report);
  return formatReport(report);
}

export async function runAll(steps: Promise<StepOutcome>[]): Promise<string> {
  return assertPassed(makeReport(await Promise.all(steps)));
}
