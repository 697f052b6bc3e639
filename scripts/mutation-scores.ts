/**
 * The mutation score of each mutated module, from Stryker's JSON report (mutation-testing-report-schema,
 * written by `stryker run` to reports/mutation/mutation.json): writes bench/mutation.json as
 * { "<module>": { score, killed, survived, noCoverage, timeout, survivors } } (module = path under
 * ci/src), prints the scores, and names the modules under the threshold (85%) and the survivors
 * without a reason in bench/mutation-reasons/ (scripts/mutation-report.ts).
 *
 *   --strict     fail (exit 1) on a module under 85%, a survivor without a reason, or a stale reason
 *   --survivors  list every surviving and uncovered mutant as file:line, mutator and replacement
 *   --readme     rewrite the README's generated block (scores and survivors with their reasons)
 *   --no-write   leave bench/mutation.json alone (reading a per-module run's report)
 *
 * Score = (killed + timeout) / (killed + timeout + survived + noCoverage), as Stryker counts it;
 * mutants that do not compile, errors at runtime and ignored (static) mutants are not counted.
 *
 * Usage: node --import tsx scripts/mutation-scores.ts [--strict] [--survivors] [--readme] [--no-write] [report.json]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { relative } from "node:path";
import { explain, type ModuleScore, readmeBlock, readReasons, replaceReadmeBlock, type ReportMutant, type Survivor, survivorsOf } from "./mutation-report.js";

const THRESHOLD = 85;
const REPORT = "reports/mutation/mutation.json";
const OUT = "bench/mutation.json";

interface Report {
  files: Record<string, { source: string; mutants: ReportMutant[] }>;
}

/** ci/src/catalog/resources.ts (or an absolute path to it) -> catalog/resources.ts. */
export function moduleName(file: string): string {
  const rel = relative(process.cwd(), file).split("\\").join("/");
  return rel.replace(/^ci\/src\//, "");
}

export function moduleScore(mutants: readonly ReportMutant[], survivors: Survivor[] = []): ModuleScore {
  const count = (status: string) => mutants.filter((m) => m.status === status).length;
  const killed = count("Killed");
  const survived = count("Survived");
  const noCoverage = count("NoCoverage");
  const timeout = count("Timeout");
  const detected = killed + timeout;
  const valid = detected + survived + noCoverage;
  // A module without a single valid mutant has nothing a test could miss.
  const score = valid === 0 ? 100 : Math.floor((detected / valid) * 10_000) / 100;
  return { score, killed, survived, noCoverage, timeout, survivors };
}

export function scores(report: Report): Record<string, ModuleScore> {
  const out: Record<string, ModuleScore> = {};
  for (const file of Object.keys(report.files).sort()) {
    const { source, mutants } = report.files[file]!;
    out[moduleName(file)] = moduleScore(mutants, survivorsOf(source, mutants));
  }
  return out;
}

const describe = (module: string, s: Survivor) => `${module}:${s.line} ${s.status} ${s.mutator} -> ${JSON.stringify(s.replacement)}\n    ${s.code}`;

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
  const write = !args.includes("--no-write");
  if (write) writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
  const table = Object.fromEntries(Object.entries(result).map(([m, { survivors: _, ...score }]) => [m, score]));
  console.log(JSON.stringify(table, null, 2));
  const survivors = Object.fromEntries(Object.entries(result).map(([m, s]) => [m, s.survivors]));
  if (args.includes("--survivors")) for (const [m, list] of Object.entries(survivors)) for (const s of list) console.log(describe(m, s));
  if (write) console.log(`wrote ${OUT}: ${Object.keys(result).length} modules`);
  const { explained, unexplained, stale } = explain(survivors, readReasons());
  if (args.includes("--readme")) {
    writeFileSync("README.md", replaceReadmeBlock(readFileSync("README.md", "utf8"), readmeBlock(result, explained, THRESHOLD)));
    console.log("rewrote the README's mutation block");
  }
  const problems: string[] = [];
  const low = Object.entries(result).filter(([, s]) => s.score < THRESHOLD);
  if (low.length > 0) problems.push(`Mutation score under ${THRESHOLD}%: ${low.map(([m, s]) => `${m} ${s.score}%`).join(", ")}. Add tests that kill the survivors (run with --survivors to list them).`);
  if (unexplained.length > 0) problems.push(`${unexplained.length} surviving mutant(s) have no reason in bench/mutation-reasons/: kill each with a test, or add an entry { line, mutator, replacement, code, reason } to the module's file:\n${unexplained.map((u) => `  no reason: ${describe(u.module, u.survivor)}`).join("\n")}`);
  if (stale.length > 0) problems.push(`${stale.length} reason(s) in bench/mutation-reasons/ match no surviving mutant (killed, or the line changed): remove or update them:\n${stale.map((s) => `  stale: ${s.module}:${s.reason.line} ${s.reason.mutator} -> ${JSON.stringify(s.reason.replacement)}\n    ${s.reason.code}`).join("\n")}`);
  for (const p of problems) console.error(p);
  if (problems.length > 0 && args.includes("--strict")) process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
