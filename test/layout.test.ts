/**
 * The repository layout the Dagger TypeScript runtime relies on: module metadata, the pinned SDK,
 * and ci/package.json's runtime dependencies matching what the tests run against.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.join(import.meta.dirname, "..");
const json = (file: string) => JSON.parse(readFileSync(path.join(root, file), "utf8")) as Record<string, any>;

describe("repository layout", () => {
  it("declares the module cloud-run-pipeline with the TypeScript SDK, source ci and engine v0.21.9", () => {
    expect(json("dagger.json")).toMatchObject({ name: "cloud-run-pipeline", engineVersion: "v0.21.9", sdk: { source: "typescript" }, source: "ci" });
  });

  it("pins the Dagger SDK at 0.21.9 for tests and typechecking", () => {
    expect(json("package.json").devDependencies["@dagger.io/dagger"]).toBe("0.21.9");
  });

  it("runs the module's runtime dependencies at exactly the versions the tests use", () => {
    const runtime = json("ci/package.json").dependencies as Record<string, string>;
    const dev = json("package.json").dependencies as Record<string, string>;
    expect(Object.keys(runtime).length).toBeGreaterThan(0);
    for (const [name, version] of Object.entries(runtime)) expect({ name, version: dev[name] }).toEqual({ name, version });
  });

  it("locks the module's runtime dependencies at the versions ci/package.json pins", () => {
    const lock = json("ci/package-lock.json").packages as Record<string, { version?: string }>;
    for (const [name, version] of Object.entries(json("ci/package.json").dependencies as Record<string, string>)) {
      expect({ name, version: lock[`node_modules/${name}`]?.version }).toEqual({ name, version });
    }
  });

  it("keeps the module an ES module without the SDK in its runtime dependencies", () => {
    const ci = json("ci/package.json");
    expect(ci.type).toBe("module");
    expect(ci.dependencies["@dagger.io/dagger"]).toBeUndefined();
  });
});

/** Folders of ci/src and what each may import (DESIGN.md: dependencies point down). */
const LAYERS: Record<string, "entry" | "commands" | "domain" | "shared"> = {
  commands: "commands",
  services: "domain",
  jobs: "domain",
  schedules: "domain",
  site: "domain",
  promotion: "domain",
  preflight: "domain",
  monitoring: "domain",
  catalog: "shared",
  containers: "shared",
  gcp: "shared",
  lib: "shared",
  registry: "shared",
  verify: "shared",
  python: "shared",
  mkdocs: "shared",
  source: "shared",
  init: "shared",
};

/** Every relative import of ci/src as [from folder, to folder, file]. */
function folderImports(): Array<[string, string, string]> {
  const src = path.join(root, "ci", "src");
  const edges: Array<[string, string, string]> = [];
  for (const folder of readdirSync(src, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
    for (const file of readdirSync(path.join(src, folder)).filter((f) => f.endsWith(".ts"))) {
      const text = readFileSync(path.join(src, folder, file), "utf8");
      for (const [, spec] of text.matchAll(/from "(\.\.\/[a-z-]+)\//g)) edges.push([folder, spec!.slice(3), `${folder}/${file}`]);
    }
  }
  return edges;
}

describe("dependencies point down (index.ts -> commands -> domains -> shared)", () => {
  const edges = folderImports();

  it("knows every folder of ci/src", () => {
    const folders = readdirSync(path.join(root, "ci", "src"), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(folders.filter((f) => !(f in LAYERS))).toEqual([]);
  });

  it("no folder below the verb layer imports it, and no domain imports another domain", () => {
    const wrong = edges.filter(([from, to]) => {
      if (to === "commands") return from !== "commands";
      if (LAYERS[from] === "domain" && LAYERS[to] === "domain") return from !== to;
      if (LAYERS[from] === "shared") return LAYERS[to] !== "shared";
      return false;
    });
    expect(wrong.map(([, to, file]) => `${file} imports ${to}/`)).toEqual([]);
  });

  it("no two folders import each other", () => {
    const pairs = new Set(edges.filter(([a, b]) => a !== b).map(([a, b]) => `${a}>${b}`));
    const both = [...pairs].filter((p) => pairs.has(p.split(">").reverse().join(">")));
    expect(both).toEqual([]);
  });
});
