/**
 * The preflight report for people: one table row per check (check, target, status, message) and,
 * under each WARN or FAIL, the command that fixes it. Pure.
 */
import type { PreflightReport } from "./runner.js";

const pad = (text: string, width: number): string => text + " ".repeat(Math.max(0, width - text.length));

export function formatPreflight(r: PreflightReport): string {
  const verdict = r.ok ? (r.counts.warn ? "OK with warnings" : "OK") : "FAILED";
  const head = `preflight ${r.environment} (project ${r.project}): ${verdict}: ${r.counts.fail} FAIL, ${r.counts.warn} WARN, ${r.counts.ok} OK in ${(r.durationMs / 1000).toFixed(1)}s`;
  const rows = [["CHECK", "TARGET", "STATUS", "MESSAGE"], ...r.checks.map((c) => [c.check, c.target, c.status, c.message])];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  const indent = " ".repeat(widths[0]! + widths[1]! + widths[2]! + 6);
  const lines = [head, ""];
  rows.forEach((row, i) => {
    lines.push(row.map((cell, j) => (j < 3 ? pad(cell, widths[j]!) : cell)).join("  ").trimEnd());
    const fix = i > 0 ? r.checks[i - 1]!.remediation : undefined;
    if (fix) for (const [n, line] of fix.split("\n").entries()) lines.push(`${indent}${n === 0 ? "fix: " : "     "}${line}`);
  });
  if (!r.ok) lines.push("", "Nothing was built or changed. Fix each FAIL (the fix: lines are the commands), then run preflight again.");
  return lines.join("\n");
}
