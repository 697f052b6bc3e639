/**
 * summary.md of verify-report: the result first, then per target each step OK / FAIL with its
 * time, the first lines of each failure, the notes steps left (e.g. no JUnit XML), and the files
 * the report holds. Written for $GITHUB_STEP_SUMMARY; pure.
 */
import { code, codeBlock, okMark, table } from "./markdown.js";
import type { VerifyReport } from "./report.js";
import type { StepOutcome } from "./step.js";

/** Lines of a failure's output shown in the summary (the SARIF and the full error have the rest). */
export const FAILURE_LINES = 15;

const REPOSITORY = "";

function failureText(s: StepOutcome): string {
  const text = s.outputTail ?? s.message ?? "";
  const lines = text.replace(/\s+$/, "").split("\n");
  const shown = lines.slice(0, FAILURE_LINES);
  if (lines.length > FAILURE_LINES) shown.push(`... ${lines.length - FAILURE_LINES} more line(s)`);
  return shown.join("\n");
}

function failure(s: StepOutcome): string {
  const what = s.command ? `${code(s.command.join(" "))} exited with ${s.exitCode}` : "failed";
  const text = failureText(s);
  return [`**${s.step}**: ${what}`, ...(text ? [codeBlock(text)] : [])].join("\n\n");
}

function targetSection(target: string, steps: StepOutcome[]): string {
  const ok = steps.every((s) => s.ok);
  const parts = [`## ${ok ? "✅" : "❌"} ${target === REPOSITORY ? "Repository" : target}`];
  parts.push(table(["Step", "Result", "Time"], steps.map((s) => [s.step, okMark(s.ok), `${(s.durationMs / 1000).toFixed(1)}s`])));
  parts.push(...steps.filter((s) => !s.ok).map(failure));
  const notes = steps.flatMap((s) => (s.notes ?? []).map((n) => `- ${s.step}: ${n}`));
  if (notes.length) parts.push(notes.join("\n"));
  return parts.join("\n\n");
}

export function verifySummaryMarkdown(report: VerifyReport, notice?: string): string {
  const byTarget = new Map<string, StepOutcome[]>();
  for (const s of report.steps) byTarget.set(s.target, [...(byTarget.get(s.target) ?? []), s]);
  const n = report.steps.length;
  const headline = report.ok ? `# ✅ verify: all ${n} steps passed` : `# ❌ verify: ${report.failed.length} of ${n} steps failed`;
  const files = report.steps.flatMap((s) => (s.artifacts ?? []).map((a) => a.path)).sort();
  const parts = [headline];
  if (notice) parts.push(`> ${notice.replace(/\n/g, "\n> ")}`);
  parts.push(...[...byTarget].map(([target, steps]) => targetSection(target, steps)));
  parts.push(files.length ? `Files in this report: ${files.map(code).join(", ")}.` : "This report holds no SARIF or JUnit files.");
  return `${parts.join("\n\n")}\n`;
}
