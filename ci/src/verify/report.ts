/**
 * The verify report: one line per step for people, the same data as JSON for machines, and one
 * error listing every failure when anything failed.
 */
import type { StepOutcome } from "./step.js";

export interface VerifyReport {
  ok: boolean;
  steps: StepOutcome[];
  failed: StepOutcome[];
}

export function makeReport(steps: StepOutcome[]): VerifyReport {
  const failed = steps.filter((s) => !s.ok);
  return { ok: failed.length === 0, steps, failed };
}

const label = (s: StepOutcome): string => (s.target ? `${s.step} ${s.target}` : s.step);

export function formatReport(report: VerifyReport): string {
  const lines = report.steps.map((s) => `${s.ok ? "PASS" : "FAIL"}  ${label(s).padEnd(32)} ${(s.durationMs / 1000).toFixed(1)}s`);
  const summary = `${report.steps.length - report.failed.length} passed, ${report.failed.length} failed`;
  return [...lines, "", summary].join("\n");
}

export function formatFailure(s: StepOutcome): string {
  const parts = [`✗ ${label(s)}`];
  if (s.command) parts.push(`  command: ${s.command.join(" ")}`);
  if (s.exitCode !== undefined) parts.push(`  exit code: ${s.exitCode}`);
  if (s.message) parts.push(`  ${s.message.split("\n").join("\n  ")}`);
  if (s.outputTail) parts.push(`  output (last lines):\n${s.outputTail.split("\n").map((l) => `    | ${l}`).join("\n")}`);
  return parts.join("\n");
}

export class VerifyFailedError extends Error {
  constructor(readonly report: VerifyReport) {
    const n = report.failed.length;
    super(`verify failed: ${n} of ${report.steps.length} steps failed.\n\n${report.failed.map(formatFailure).join("\n\n")}\n\n${formatReport(report)}`);
    this.name = "VerifyFailedError";
  }
}
