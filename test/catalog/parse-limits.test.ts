/**
 * The limits that keep reading a catalog file bounded in time and memory for any input: file size,
 * nesting depth, and the values aliases stand for. Each is reported as a catalog problem naming the
 * file, and a real catalog stays far inside each (the bundled files are 0.2-1.2 KB, 6 levels deep).
 */
import { describe, expect, it } from "vitest";
import { CATALOG_YAML_LIMITS } from "../../ci/src/catalog/yaml-load.js";
import { catalogErrorOf, paths, serviceYaml, withFile } from "./fixtures.js";
import { parseCatalog } from "../../ci/src/catalog/parse.js";

/** A valid service file padded with a comment to exactly `bytes` bytes. */
function serviceOfSize(bytes: number): string {
  const body = serviceYaml("build:\n  context: services/api\nrun:\n  public: false\n");
  return `${body}#${"x".repeat(bytes - body.length - 2)}\n`;
}

const service = (text: string) => withFile(paths.service, text);

describe("the file size limit", () => {
  it("is 256 KiB", () => {
    expect(CATALOG_YAML_LIMITS.maxBytes).toBe(256 * 1024);
  });

  it("reads a file of exactly 256 KiB", () => {
    expect(parseCatalog(service(serviceOfSize(256 * 1024))).services[0]!.name).toBe("api");
  });

  it("refuses a file one byte over, giving its size and the limit", () => {
    expect(catalogErrorOf(service(serviceOfSize(256 * 1024 + 1))).problems).toEqual([
      {
        file: paths.service,
        field: "",
        message: "the file is 262,145 bytes (256 KiB); a catalog file may be at most 256 KiB (one target's settings take a few KB), so it was not read",
      },
    ]);
  });

  it("counts bytes, not characters (é is two bytes in UTF-8)", () => {
    const text = `${serviceYaml("build:\n  context: services/api\nrun:\n  public: false\n")}# ${"é".repeat(150_000)}\n`;
    expect(text.length).toBeLessThan(256 * 1024);
    expect(catalogErrorOf(service(text)).problems[0]!.message).toBe(
      "the file is 300,079 bytes (293 KiB); a catalog file may be at most 256 KiB (one target's settings take a few KB), so it was not read",
    );
  });

  it("refuses a 5 MB file without parsing it", () => {
    const started = performance.now();
    const { problems } = catalogErrorOf(service(serviceOfSize(5_000_000)));
    expect(problems[0]!.message).toContain("the file is 5,000,000 bytes (4.8 MiB)");
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe("the nesting depth limit", () => {
  const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

  it("is 64 levels, the document's own mapping counting as one", () => {
    expect(CATALOG_YAML_LIMITS.maxDepth).toBe(64);
  });

  it("reads 64 levels (here in a schedule body, which takes any JSON: file, schedules, the schedule, body, 60 lists)", () => {
    const body = `{ a: ${"[".repeat(60)}${"]".repeat(60)} }`;
    const text = serviceYaml(`build:\n  context: services/api\nrun:\n  public: false\nschedules:\n  - { name: s, schedule: "0 3 * * *", path: /x, serviceAccount: scheduler-invoker, body: ${body} }\n`);
    expect(parseCatalog(service(text)).services[0]!.schedules[0]!.body).toBeDefined();
  });

  it("refuses 65 levels (the file's mapping and 64 lists), with the line and column where the 65th opens", () => {
    expect(catalogErrorOf(service(serviceYaml(`description: ${nested(64)}\n`))).problems).toEqual([
      {
        file: paths.service,
        field: "",
        message: "invalid YAML (line 3, column 77): nested more than 64 levels deep; catalog files nest a few levels, and at most 64 are read",
      },
    ]);
  });

  it("refuses 20,000 nested [ the same way, without running out of stack", () => {
    expect(catalogErrorOf(service(serviceYaml(`description: ${"[".repeat(20_000)}\n`))).problems).toEqual([
      {
        file: paths.service,
        field: "",
        message: "invalid YAML (line 3, column 77): nested more than 64 levels deep; catalog files nest a few levels, and at most 64 are read",
      },
    ]);
  });

  it("refuses deep block nesting: indented mappings", () => {
    const mappings = Array.from({ length: 70 }, (_, i) => `${" ".repeat(i)}k${i}:`).join("\n");
    expect(catalogErrorOf(service(`${mappings} x\n`)).problems[0]!.message).toBe(
      "invalid YAML (line 65, column 68): nested more than 64 levels deep; catalog files nest a few levels, and at most 64 are read",
    );
  });

  it("refuses deep block nesting: lists of lists on one line", () => {
    expect(catalogErrorOf(service(serviceYaml(`description:\n  ${"- ".repeat(100)}x\n`))).problems[0]!.message).toBe(
      "invalid YAML (line 4, column 129): nested more than 64 levels deep; catalog files nest a few levels, and at most 64 are read",
    );
  });

  it("refuses deep nesting of one-entry mappings inside flow lists, which yaml's parser counts as one level each", () => {
    expect(catalogErrorOf(service(serviceYaml(`description: ${"[a: ".repeat(40)}${"]".repeat(40)}\n`))).problems).toEqual([
      {
        file: paths.service,
        field: `description${"[0].a".repeat(31)}[0]`,
        message: expect.stringMatching(/^invalid YAML \(line 3, column \d+\): nested more than 64 levels deep/),
      },
    ]);
  });
});

describe("the alias limit", () => {
  const bomb = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]", ...["b", "c", "d", "e", "f", "g"].map((name, i) => `${name}: &${name} [${Array(10).fill(`*${"abcdefg"[i]}`).join(", ")}]`)].join("\n");

  it("is 100,000 values that aliases stand for, in one file", () => {
    expect(CATALOG_YAML_LIMITS.maxAliasValues).toBe(100_000);
  });

  it("reads a file that reuses one small anchor 150 times", () => {
    const env = Array.from({ length: 150 }, (_, i) => `    V${i}: *level`).join("\n");
    const text = serviceYaml(`build:\n  context: services/api\nrun:\n  public: false\n  env:\n    LEVEL: &level info\n${env}\n`);
    const { env: read } = parseCatalog(service(text)).services[0]!.run;
    expect(Object.keys(read)).toHaveLength(151);
    expect(read.V149).toBe("info");
  });

  it("refuses an alias bomb (each level ten aliases of the one before), naming the alias that crosses the limit", () => {
    // b adds 10 x 10 values, c 10 x 110, d 10 x 1,110; e's 8th alias of d (11,111 values) crosses 100,000.
    expect(catalogErrorOf(service(serviceYaml(`${bomb}\n`))).problems).toEqual([
      {
        file: paths.service,
        field: "e[7]",
        message:
          "invalid YAML (line 7, column 36): the aliases of this file stand for more than 100,000 values in all (*d alone stands for 11,111); reuse smaller anchors or write the values out",
      },
    ]);
  });
});
