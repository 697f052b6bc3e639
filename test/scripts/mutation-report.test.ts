/**
 * The mutation report's bookkeeping (scripts/mutation-report.ts): survivors are paired with their
 * reasons by content, and the committed README block, bench/mutation.json and bench/mutation-reasons/
 * agree (so no survivor goes unexplained and the README cannot fall behind the last run).
 */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { explain, type ModuleScore, README_BEGIN, README_END, readmeBlock, readReasons, replaceReadmeBlock, type Survivor, survivorsOf } from "../../scripts/mutation-report.js";

const survivor = (line: number, over: Partial<Survivor> = {}): Survivor => ({ line, column: 1, status: "Survived", mutator: "ConditionalExpression", replacement: "true", code: "if (a) b();", ...over });
const reason = (line: number, text: string, over: Partial<Survivor> = {}) => {
  const { status: _, ...rest } = survivor(line, over);
  return { ...rest, reason: text };
};

describe("survivorsOf", () => {
  it("keeps only surviving and uncovered mutants, with their trimmed source line, sorted by line", () => {
    const source = "const a = 1;\n    if (a) b();   \nreturn a;";
    const mutants = [
      { mutatorName: "BooleanLiteral", replacement: "false", status: "Killed", location: { start: { line: 2, column: 5 } } },
      { mutatorName: "ConditionalExpression", replacement: "true", status: "Survived", location: { start: { line: 2, column: 5 } } },
      { mutatorName: "BlockStatement", status: "NoCoverage", location: { start: { line: 1, column: 1 } } },
      { mutatorName: "StringLiteral", replacement: '""', status: "Timeout", location: { start: { line: 3, column: 1 } } },
    ];
    expect(survivorsOf(source, mutants)).toEqual([
      { line: 1, column: 1, status: "NoCoverage", mutator: "BlockStatement", replacement: "", code: "const a = 1;" },
      { line: 2, column: 5, status: "Survived", mutator: "ConditionalExpression", replacement: "true", code: "if (a) b();" },
    ]);
  });
});

describe("explain", () => {
  it("pairs a survivor with the reason of the same mutator, replacement and line text even when the line moved", () => {
    const result = explain({ "m.ts": [survivor(40)] }, { "m.ts": [reason(12, "equivalent: x")] });
    expect(result.explained).toEqual([{ module: "m.ts", survivor: survivor(40), reason: "equivalent: x" }]);
    expect(result.unexplained).toEqual([]);
    expect(result.stale).toEqual([]);
  });

  it("needs one reason per mutant: a second identical survivor without its own entry is unexplained", () => {
    const result = explain({ "m.ts": [survivor(3), survivor(9)] }, { "m.ts": [reason(9, "equivalent: y")] });
    expect(result.explained.map((e) => e.survivor.line)).toEqual([3]);
    expect(result.unexplained).toEqual([{ module: "m.ts", survivor: survivor(9) }]);
  });

  it("gives each of two alike survivors the reason written for the nearer line", () => {
    const result = explain({ "m.ts": [survivor(10), survivor(50)] }, { "m.ts": [reason(49, "equivalent: far"), reason(11, "equivalent: near")] });
    expect(result.explained.map((e) => [e.survivor.line, e.reason])).toEqual([[10, "equivalent: near"], [50, "equivalent: far"]]);
  });

  it("tells two alike mutants of one line apart by the column a reason gives", () => {
    const result = explain({ "m.ts": [survivor(5, { column: 30 }), survivor(5, { column: 87 })] }, { "m.ts": [{ ...reason(5, "equivalent: members"), column: 87 }, { ...reason(5, "equivalent: bindings"), column: 30 }] });
    expect(result.explained.map((e) => [e.survivor.column, e.reason])).toEqual([[30, "equivalent: bindings"], [87, "equivalent: members"]]);
  });

  it("reports a reason whose mutant is gone (killed, or another replacement, module or line text) as stale", () => {
    const result = explain({ "m.ts": [survivor(1)] }, { "m.ts": [reason(1, "equivalent: a"), reason(1, "equivalent: b", { replacement: "false" })], "gone.ts": [reason(2, "equivalent: c")] });
    expect(result.explained).toHaveLength(1);
    expect(result.stale.map((s) => [s.module, s.reason.reason])).toEqual([["gone.ts", "equivalent: c"], ["m.ts", "equivalent: b"]]);
  });
});

describe("readReasons", () => {
  const dirWith = (files: Record<string, unknown>) => {
    const dir = mkdtempSync(join(tmpdir(), "reasons-"));
    mkdirSync(dir, { recursive: true });
    for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(body));
    return dir;
  };

  it("refuses a reason that does not say which kind it is", () => {
    const dir = dirWith({ "a.json": { module: "a.ts", survivors: [reason(1, "because")] } });
    expect(() => readReasons(dir)).toThrow(/survivors\[0\]\.reason must start with "equivalent:", "not worth a test:", "not reachable:"/);
  });

  it("refuses two files for one module", () => {
    const dir = dirWith({ "a.json": { module: "a.ts", survivors: [] }, "b.json": { module: "a.ts", survivors: [] } });
    expect(() => readReasons(dir)).toThrow(/b\.json: a second reasons file for a\.ts/);
  });
});

describe("readmeBlock", () => {
  const score = (over: Partial<ModuleScore>): ModuleScore => ({ score: 90, killed: 9, survived: 1, noCoverage: 0, timeout: 0, survivors: [], ...over });

  it("names the modules under the threshold and lists each survivor with its reason, pipes escaped", () => {
    const block = readmeBlock({ "a.ts": score({}), "b.ts": score({ score: 50, killed: 1 }) }, [{ module: "a.ts", survivor: survivor(7, { replacement: "a || b" }), reason: "equivalent: a | b" }], 85);
    expect(block.startsWith(README_BEGIN)).toBe(true);
    expect(block.endsWith(README_END)).toBe(true);
    expect(block).toContain("under 85%: `b.ts`");
    expect(block).toContain("| `b.ts` | 50 | 1 | 0 | 1 | 0 |");
    expect(block).toContain("| 7 | ConditionalExpression -> `a \\|\\| b` | equivalent: a \\| b |");
    expect(block).toContain("<summary><code>a.ts</code>: 1 left</summary>");
    expect(block).not.toContain("<code>b.ts</code>");
  });

  it("replaces only the text between the markers, and refuses a README without them", () => {
    expect(replaceReadmeBlock(`top\n${README_BEGIN}\nold\n${README_END}\nbottom`, `${README_BEGIN}\nnew\n${README_END}`)).toBe(`top\n${README_BEGIN}\nnew\n${README_END}\nbottom`);
    expect(() => replaceReadmeBlock("no markers", "x")).toThrow(/README\.md has no/);
  });
});

describe("the committed mutation results", () => {
  const committed = JSON.parse(readFileSync("bench/mutation.json", "utf8")) as Record<string, ModuleScore>;
  const survivors = Object.fromEntries(Object.entries(committed).map(([m, s]) => [m, s.survivors]));
  const { explained, unexplained, stale } = explain(survivors, readReasons());

  it("list each module's surviving and uncovered mutants, as many as it counts", () => {
    expect(Object.keys(committed).length).toBeGreaterThan(30);
    for (const [m, s] of Object.entries(committed)) expect(s.survivors?.length, m).toBe(s.survived + s.noCoverage);
  });

  it("explain every survivor of bench/mutation.json in bench/mutation-reasons/, and nothing else", () => {
    expect(unexplained.map((u) => `${u.module}:${u.survivor.line} ${u.survivor.mutator} -> ${u.survivor.replacement}`)).toEqual([]);
    expect(stale.map((s) => `${s.module}:${s.reason.line} ${s.reason.mutator} -> ${s.reason.replacement}`)).toEqual([]);
  });

  it("keep every module at 85% or more", () => {
    expect(Object.entries(committed).filter(([, s]) => s.score < 85).map(([m, s]) => `${m} ${s.score}`)).toEqual([]);
  });

  it("are what the README's mutation block shows (regenerate it with scripts/mutation-scores.ts --readme)", () => {
    const readme = readFileSync("README.md", "utf8");
    expect(replaceReadmeBlock(readme, readmeBlock(committed, explained, 85))).toBe(readme);
  });
});
