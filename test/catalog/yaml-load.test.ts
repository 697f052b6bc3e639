/**
 * Reading one catalog file's YAML (ci/src/catalog/yaml-load.ts): what it returns, and how each way
 * a file can fail to be a YAML mapping is reported with the file's name. The limits have their own
 * file (parse-limits.test.ts).
 */
import { describe, expect, it } from "vitest";
import { loadCatalogYaml } from "../../ci/src/catalog/yaml-load.js";

const FILE = "pipelines/jobs/nightly.yaml";
const load = (text: string) => loadCatalogYaml({ path: FILE, text });

describe("loadCatalogYaml", () => {
  it("returns the file's top-level mapping as plain data", () => {
    expect(load("kind: job\nname: nightly\nrun: {tasks: 2}\n")).toEqual({ value: { kind: "job", name: "nightly", run: { tasks: 2 } } });
  });

  it("reads YAML 1.2 even under a %YAML 1.1 directive: yes stays a string, dates stay strings", () => {
    expect(load("%YAML 1.1\n---\na: yes\nb: 2024-01-01\nc: 0777\n")).toEqual({ value: { a: "yes", b: "2024-01-01", c: 777 } });
  });

  it("makes no objects out of YAML 1.1 tags (!!binary, !!set, !!timestamp)", () => {
    expect(load("a: !!binary aGk=\nb: !!timestamp 2024-01-01\nc: !!set {x}\n")).toEqual({ value: { a: "aGk=", b: "2024-01-01", c: { x: null } } });
  });

  it("reports a syntax error with its line and column", () => {
    expect(load("a: [1, 2\nb: 3\n")).toEqual({
      problems: [{ file: FILE, field: "", message: "invalid YAML (line 2, column 1): Flow sequence in block collection must be sufficiently indented and end with a ]" }],
    });
  });

  it("lists each syntax error once, and at most 10 of them", () => {
    const { problems } = load(`${Array.from({ length: 30 }, (_, i) => `k${i}: "unclosed\n`).join("")}`) as { problems: unknown[] };
    expect(problems.length).toBeLessThanOrEqual(11);
    expect(new Set(problems.map((p) => JSON.stringify(p))).size).toBe(problems.length);
  });

  it("refuses a second YAML document, without reading the rest", () => {
    expect(load(`kind: job\n---\nkind: service\n${"---\n".repeat(50_000)}`)).toEqual({
      problems: [{ file: FILE, field: "", message: "invalid YAML (line 2, column 1): the file holds more than one YAML document (separated by `---`); a catalog file holds one" }],
    });
  });

  it("refuses a file that is empty or only comments, or whose top level is not a mapping", () => {
    expect(load(" \n\n")).toEqual({ problems: [{ file: FILE, field: "", message: "the file is empty; remove it or give it a `kind`" }] });
    expect(load("# nothing\n")).toEqual({ problems: [{ file: FILE, field: "", message: "the file has only comments; remove it or give it a `kind`" }] });
    expect(load("- a\n")).toEqual({ problems: [{ file: FILE, field: "", message: "must be a YAML mapping with `kind: project | service | job | site`" }] });
  });

  it("leaves Error.stackTraceLimit as it found it", () => {
    const before = Error.stackTraceLimit;
    load("a: !unknown x\nb: [\n");
    expect(Error.stackTraceLimit).toBe(before);
  });
});
