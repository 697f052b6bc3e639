/**
 * What a mutation run left alive, and why (issue 12): every surviving or uncovered mutant of
 * Stryker's JSON report must carry a reason in bench/mutation-reasons/<module>.json, and the README's
 * "Mutation testing" section lists them with their reasons, generated from bench/mutation.json.
 *
 * A reason is matched to a mutant by module, mutator, replacement and the text of its source line
 * (trimmed, first 100 characters), never by line number alone, so an edit elsewhere in the file does
 * not orphan it; two mutants alike in all four need two entries (with a `column` when their
 * reasons differ and they share a line).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const REASONS_DIR = "bench/mutation-reasons";
export const README_BEGIN = "<!-- mutation-scores:begin (generated: node --import tsx scripts/mutation-scores.ts --readme) -->";
export const README_END = "<!-- mutation-scores:end -->";

export interface Survivor {
  line: number;
  column: number;
  status: "Survived" | "NoCoverage";
  mutator: string;
  replacement: string;
  code: string;
}

export interface Reason {
  line: number;
  /** Only needed to tell apart two alike mutants on one line. */
  column?: number;
  mutator: string;
  replacement: string;
  code: string;
  reason: string;
}

export interface ReasonsFile {
  module: string;
  survivors: Reason[];
}

export interface ReportMutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number } };
}

export const isSurvivor = (status: string): status is Survivor["status"] => status === "Survived" || status === "NoCoverage";

/** The surviving and uncovered mutants of one file of the report, by line then mutator. */
export function survivorsOf(source: string, mutants: readonly ReportMutant[]): Survivor[] {
  const text = source.split("\n");
  const out: Survivor[] = [];
  for (const m of mutants) {
    if (!isSurvivor(m.status)) continue;
    const { line, column } = m.location.start;
    out.push({ line, column, status: m.status, mutator: m.mutatorName, replacement: m.replacement ?? "", code: (text[line - 1] ?? "").trim().slice(0, 100) });
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column || a.mutator.localeCompare(b.mutator) || a.replacement.localeCompare(b.replacement));
}

const PREFIXES = ["equivalent:", "not worth a test:", "not reachable:"];

/** Every bench/mutation-reasons/*.json, checked for shape (a broken file is an error naming it). */
export function readReasons(dir = REASONS_DIR): Record<string, Reason[]> {
  const out: Record<string, Reason[]> = {};
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".json")).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    const path = join(dir, name);
    const file = JSON.parse(readFileSync(path, "utf8")) as ReasonsFile;
    if (typeof file.module !== "string" || !Array.isArray(file.survivors)) throw new Error(`${path}: expected { "module": "catalog/x.ts", "survivors": [...] }`);
    if (out[file.module]) throw new Error(`${path}: a second reasons file for ${file.module}`);
    for (const [i, r] of file.survivors.entries()) {
      for (const key of ["mutator", "replacement", "code", "reason"] as const) {
        if (typeof r[key] !== "string") throw new Error(`${path}: survivors[${i}].${key} must be a string`);
      }
      if (!PREFIXES.some((p) => r.reason.startsWith(p))) throw new Error(`${path}: survivors[${i}].reason must start with ${PREFIXES.map((p) => `"${p}"`).join(", ")}, not "${r.reason.slice(0, 40)}"`);
    }
    out[file.module] = file.survivors;
  }
  return out;
}

const keyOf = (x: { mutator: string; replacement: string; code: string }) => JSON.stringify([x.mutator, x.replacement, x.code]);

export interface Explained {
  explained: { module: string; survivor: Survivor; reason: string }[];
  unexplained: { module: string; survivor: Survivor }[];
  /** Reasons no surviving mutant matches any more (the mutant is killed, or its line changed). */
  stale: { module: string; reason: Reason }[];
}

/** Pairs each survivor with one reason of the same key (same column first, then the closest line); the rest is reported. */
export function explain(survivors: Record<string, readonly Survivor[]>, reasons: Record<string, readonly Reason[]>): Explained {
  const result: Explained = { explained: [], unexplained: [], stale: [] };
  for (const module of [...new Set([...Object.keys(survivors), ...Object.keys(reasons)])].sort()) {
    const pool = new Map<string, Reason[]>();
    for (const r of reasons[module] ?? []) pool.set(keyOf(r), [...(pool.get(keyOf(r)) ?? []), r]);
    for (const survivor of survivors[module] ?? []) {
      const candidates = pool.get(keyOf(survivor)) ?? [];
      if (candidates.length === 0) {
        result.unexplained.push({ module, survivor });
        continue;
      }
      const distance = (r: Reason) => (r.column === undefined || r.column === survivor.column ? 0 : 1_000_000) + Math.abs(r.line - survivor.line);
      candidates.sort((a, b) => distance(a) - distance(b));
      result.explained.push({ module, survivor, reason: candidates.shift()!.reason });
    }
    for (const left of pool.values()) for (const reason of left) result.stale.push({ module, reason });
  }
  return result;
}

export interface ModuleScore {
  score: number;
  killed: number;
  survived: number;
  noCoverage: number;
  timeout: number;
  survivors: Survivor[];
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/`/g, "'");

/** The README block: the score table, then every survivor with its reason, per module. */
export function readmeBlock(scores: Record<string, ModuleScore>, explained: Explained["explained"], threshold: number): string {
  const modules = Object.keys(scores).sort();
  const total = modules.reduce((t, m) => {
    const s = scores[m]!;
    return { killed: t.killed + s.killed, timeout: t.timeout + s.timeout, survived: t.survived + s.survived, noCoverage: t.noCoverage + s.noCoverage };
  }, { killed: 0, timeout: 0, survived: 0, noCoverage: 0 });
  const valid = total.killed + total.timeout + total.survived + total.noCoverage;
  const overall = valid === 0 ? 100 : Math.floor(((total.killed + total.timeout) / valid) * 10_000) / 100;
  const under = modules.filter((m) => scores[m]!.score < threshold);
  const lines = [
    README_BEGIN,
    `Scores of the last run, as committed in \`bench/mutation.json\`: ${overall}% over all ${modules.length} modules (${total.killed} killed, ${total.timeout} timed out, ${total.survived} survived, ${total.noCoverage} without coverage); ${under.length === 0 ? `every module at or above ${threshold}%` : `under ${threshold}%: ${under.map((m) => `\`${m}\``).join(", ")}`}.`,
    "",
    "| Module | Score % | Killed | Timeout | Survived | No coverage |",
    "|---|---|---|---|---|---|",
    ...modules.map((m) => {
      const s = scores[m]!;
      return `| \`${m}\` | ${s.score} | ${s.killed} | ${s.timeout} | ${s.survived} | ${s.noCoverage} |`;
    }),
    "",
    `Every mutant left alive, with the reason it is equivalent, not reachable or not worth a test (from \`${REASONS_DIR}/\`; \`--strict\` fails on a survivor without one):`,
    "",
  ];
  for (const m of modules) {
    const rows = explained.filter((e) => e.module === m);
    if (rows.length === 0) continue;
    lines.push("<details>", `<summary><code>${m}</code>: ${rows.length} left</summary>`, "", "| Line | Mutant | Reason |", "|---|---|---|");
    for (const { survivor: s, reason } of rows) {
      lines.push(`| ${s.line} | ${s.status === "NoCoverage" ? "no coverage: " : ""}${s.mutator} -> \`${cell(s.replacement.replace(/\s+/g, " ").slice(0, 60))}\` | ${cell(reason)} |`);
    }
    lines.push("", "</details>", "");
  }
  lines.push(README_END);
  return lines.join("\n");
}

/** `readme` with the text between the markers replaced by `block` (which carries the markers). */
export function replaceReadmeBlock(readme: string, block: string): string {
  const begin = readme.indexOf(README_BEGIN);
  const end = readme.indexOf(README_END);
  if (begin < 0 || end < begin) throw new Error(`README.md has no "${README_BEGIN}" ... "${README_END}" block; add both markers in the "Mutation testing" section.`);
  return readme.slice(0, begin) + block + readme.slice(end + README_END.length);
}
