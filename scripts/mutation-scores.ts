/**
 * The mutation score of each mutated module, from Stryker's JSON report (mutation-testing-report-schema,
 * written by `stryker run` to reports/mutation/mutation.json): writes bench/mutation.json as
 * { "<module>": { score, killed, survived, noCoverage, timeout } } (module = path under ci/src), prints
 * it, and names the modules under the threshold (85%); with `--strict` it then fails. `--survivors`
 * also lists every surviving and uncovered mutant as file:line, mutator and replacement.
 *
 * Score = (killed + timeout) / (killed + timeout + survived + noCoverage), as Stryker counts it;
 * mutants that do not compile, errors at runtime and ignored (static) mutants are not counted.
 *
 * Usage: node --import tsx scripts/mutation-scores.ts [--survivors] [--strict] [report.json]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { relative } from "node:path";

const THRESHOLD = 85;
const REPORT = "reports/mutation/mutation.json";
const OUT = "bench/mutation.json";

interface ReportMutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number } };
}

interface Report {
  files: Record<string, { source: string; mutants: ReportMutant[] }>;
}

export interface ModuleScore {
  score: number;
  killed: number;
  survived: number;
  noCoverage: number;
  timeout: number;
}

/** ci/src/catalog/resources.ts (or an absolute path to it) -> catalog/resources.ts. */
export function moduleName(file: string): string {
  const rel = relative(process.cwd(), file).split("\\").join("/");
  return rel.replace(/^ci\/src\//, "");
}

export function moduleScore(mutants: readonly ReportMutant[]): ModuleScore {
  const count = (status: string) => mutants.filter((m) => m.status === status).length;
  const killed = count("Killed");
  const survived = count("Survived");
  const noCoverage = count("NoCoverage");
  const timeout = count("Timeout");
  const detected = killed + timeout;
  const valid = detected + survived + noCoverage;
  // A module without a single valid mutant has nothing a test could miss.
  const score = valid === 0 ? 100 : Math.floor((detected / valid) * 10_000) / 100;
  return { score, killed, survived, noCoverage, timeout };
}

export function scores(report: Report): Record<string, ModuleScore> {
  const out: Record<string, ModuleScore> = {};
  for (const file of Object.keys(report.files).sort()) out[moduleName(file)] = moduleScore(report.files[file]!.mutants);
  return out;
}

function survivors(report: Report): string[] {
  const lines: string[] = [];
  for (const file of Object.keys(report.files).sort()) {
    const { source, mutants } = report.files[file]!;
    const text = source.split("\n");
    for (const m of mutants.filter((x) => x.status === "Survived" || x.status === "NoCoverage").sort((a, b) => a.location.start.line - b.location.start.line)) {
      const code = (text[m.location.start.line - 1] ?? "").trim().slice(0, 100);
      lines.push(`${moduleName(file)}:${m.location.start.line} ${m.status} ${m.mutatorName} -> ${JSON.stringify(m.replacement ?? "")}\n    ${code}`);
    }
  }
  return lines;
}

function main(): void {
  const args = process.argv.slice(2);
  const reportPath = args.find((a) => !a.startsWith("--")) ?? REPORT;
  let report: Report;
  try {
    report = JSON.parse(readFileSync(reportPath, "utf8")) as Report;
  } catch (err) {
    console.error(`Cannot read Stryker's JSON report at ${reportPath} (${(err as Error).message}). Run \`npx stryker run\` first (npm run mutate does both).`);
    process.exit(2);
  }
  const result = scores(report);
  writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  if (args.includes("--survivors")) console.log(survivors(report).join("\n"));
  const low = Object.entries(result).filter(([, s]) => s.score < THRESHOLD);
  console.log(`wrote ${OUT}: ${Object.keys(result).length} modules`);
  if (low.length > 0) {
    console.error(`Mutation score under ${THRESHOLD}%: ${low.map(([m, s]) => `${m} ${s.score}%`).join(", ")}. Add tests that kill the survivors (run with --survivors to list them).`);
    if (args.includes("--strict")) process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
