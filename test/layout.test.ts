/**
 * The repository layout the Dagger TypeScript runtime relies on: module metadata, the pinned SDK,
 * and ci/package.json's runtime dependencies matching what the tests run against.
 */
import { readFileSync } from "node:fs";
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
