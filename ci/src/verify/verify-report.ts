/**
 * verify-report's Directory: the SARIF and JUnit files verify's steps recorded in report mode,
 * at the paths they chose (sarif/<tool>-<target>.sarif, junit/<target>.xml), and summary.md.
 */
import { dag, type Directory } from "@dagger.io/dagger";
import type { VerifyReport } from "./report.js";
import { verifySummaryMarkdown } from "./summary.js";

export const SUMMARY_FILE = "summary.md";

export function reportDirectory(report: VerifyReport, notice?: string): Directory {
  let dir = dag.directory();
  for (const artifact of report.steps.flatMap((s) => s.artifacts ?? [])) {
    dir = "file" in artifact ? dir.withFile(artifact.path, artifact.file) : dir.withNewFile(artifact.path, artifact.contents);
  }
  return dir.withNewFile(SUMMARY_FILE, verifySummaryMarkdown(report, notice));
}
