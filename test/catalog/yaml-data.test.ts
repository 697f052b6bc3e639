/**
 * From yaml's node tree to plain data (ci/src/catalog/yaml-data.ts, through loadCatalogYaml):
 * duplicate keys, aliases, `<<` merge keys and keys that cannot be object keys, each reported
 * with the file, the field path and the line.
 */
import { describe, expect, it } from "vitest";
import { loadCatalogYaml } from "../../ci/src/catalog/yaml-load.js";

const FILE = "pipelines/services/api.yaml";
const load = (text: string) => loadCatalogYaml({ path: FILE, text });
const valueOf = (text: string) => {
  const loaded = load(text);
  if ("problems" in loaded) throw new Error(`expected the YAML to load: ${JSON.stringify(loaded.problems)}`);
  return loaded.value;
};
const problemsOf = (text: string) => {
  const loaded = load(text);
  if (!("problems" in loaded)) throw new Error(`expected problems, got ${JSON.stringify(loaded.value)}`);
  return loaded.problems;
};

describe("duplicate keys", () => {
  it("are reported with the key's field path and both lines", () => {
    expect(problemsOf("kind: service\nrun:\n  env:\n    A: x\n    B: y\n    A: z\n")).toEqual([
      { file: FILE, field: "run.env.A", message: 'invalid YAML (line 6, column 5): the key "A" is given twice in this mapping (first at line 4, column 5); map keys must be unique, keep one' },
    ]);
  });

  it("include keys YAML tells apart but JavaScript objects do not (1 and \"1\")", () => {
    expect(problemsOf('a:\n  1: x\n  "1": y\n')[0]!.message).toContain('the key "1" is given twice');
  });

  it("are found in flow mappings too", () => {
    expect(problemsOf("a: {x: 1, x: 2}\n")[0]!.field).toBe("a.x");
  });

  it("are listed up to 20 per file, the rest counted", () => {
    const problems = problemsOf(`a:\n${"  k: v\n".repeat(31)}`);
    expect(problems).toHaveLength(21);
    expect(problems[20]).toEqual({ file: FILE, field: "", message: "and 10 more YAML problems like those above in this file" });
  });

  it("are not the same key in different mappings", () => {
    expect(valueOf("a: {k: 1}\nb: {k: 2}\n")).toEqual({ a: { k: 1 }, b: { k: 2 } });
  });
});

describe("aliases", () => {
  it("stand for the anchored value", () => {
    expect(valueOf("a: &x {k: [1, 2]}\nb: *x\n")).toEqual({ a: { k: [1, 2] }, b: { k: [1, 2] } });
  });

  it("refer to the latest anchor of that name before them", () => {
    expect(valueOf("a: &x 1\nb: *x\nc: &x 2\nd: *x\n")).toEqual({ a: 1, b: 1, c: 2, d: 2 });
  });

  it("without an anchor before them are reported, naming the alias", () => {
    expect(problemsOf("a: *x\nb: &x 1\n")).toEqual([
      { file: FILE, field: "a", message: "invalid YAML (line 1, column 4): the alias *x has no anchor &x before it; define the anchor first (anchors do not reach across files)" },
    ]);
  });

  it("inside the value they refer to are reported (that value would contain itself)", () => {
    expect(problemsOf("a: &x [1, *x]\n")).toEqual([
      { file: FILE, field: "a[1]", message: "invalid YAML (line 1, column 11): the alias *x is inside the value anchored &x, so that value would contain itself; point the alias at another anchor" },
    ]);
  });
});

describe("merge keys (<<)", () => {
  it("merge an anchored mapping into the mapping", () => {
    expect(valueOf("base: &b {cpu: '1', memory: 1Gi}\nrun:\n  <<: *b\n  concurrency: 5\n").run).toEqual({ cpu: "1", memory: "1Gi", concurrency: 5 });
  });

  it("let the mapping's own keys win, before or after the merge", () => {
    expect(valueOf("base: &b {cpu: '1', memory: 1Gi}\nrun:\n  memory: 2Gi\n  <<: *b\n  cpu: '2'\n").run).toEqual({ memory: "2Gi", cpu: "2" });
  });

  it("merge a list of mappings, earlier ones winning", () => {
    expect(valueOf("a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc:\n  <<: [*a, *b]\n").c).toEqual({ x: 1, y: 2 });
  });

  it("merge a mapping written in place", () => {
    expect(valueOf("c:\n  <<: {x: 1}\n").c).toEqual({ x: 1 });
  });

  it("count as aliases for the alias limit", () => {
    const text = `base: &b {${Array.from({ length: 100 }, (_, i) => `k${i}: ${i}`).join(", ")}}\nlist:\n${"  - <<: *b\n".repeat(600)}`;
    expect(problemsOf(text)[0]!.message).toContain("the aliases of this file stand for more than 100,000 values in all (*b alone stands for 201)");
  });

  it.each([["<<: 5"], ["<<:"], ["<<: [*a, 1]"], ["<<: *s"]])("refuse %s by name: a merge takes mappings", (merge) => {
    expect(problemsOf(`a: &a {x: 1}\ns: &s text\nc:\n  ${merge}\n`)).toEqual([
      { file: FILE, field: "c", message: "invalid YAML (line 4, column 3): `<<` (a YAML merge key) takes a mapping, an alias of one (`<<: *defaults`) or a list of them" },
    ]);
  });

  it("are only a plain <<: a quoted \"<<\" is an ordinary key", () => {
    expect(valueOf('c: {"<<": x}\n').c).toEqual({ "<<": "x" });
  });
});

describe("keys", () => {
  it("may not be aliases", () => {
    expect(problemsOf("a: &k x\n*k : 1\n")).toEqual([{ file: FILE, field: "", message: "invalid YAML (line 2, column 1): a key must be written out, not an alias (*k)" }]);
  });

  it("may not be lists or mappings", () => {
    expect(problemsOf("? [a, b]\n: 1\n")).toEqual([{ file: FILE, field: "", message: "invalid YAML (line 1, column 3): a key must be a name or a string, not a list or a mapping" }]);
  });

  it("may not be __proto__, which JavaScript would read as the prototype", () => {
    expect(problemsOf("env:\n  __proto__: {polluted: true}\n")).toEqual([
      { file: FILE, field: "env.__proto__", message: 'invalid YAML (line 2, column 3): the key "__proto__" is not allowed (JavaScript reads it as the object\'s prototype)' },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("that are numbers, booleans or empty become the strings JavaScript uses", () => {
    expect(valueOf("1: a\ntrue: b\n~: c\n")).toEqual({ "1": "a", true: "b", "": "c" });
  });
});

describe("anchored keys", () => {
  it("may be aliased as values", () => {
    expect(valueOf("&k name: api\ncopy: *k\n")).toEqual({ name: "api", copy: "name" });
  });
});
