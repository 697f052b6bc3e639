/**
 * loadCatalog through the fake Dagger session: a catalog file too large to be one is measured
 * (File.size), never read (no File.contents), and reported with its size and the limit.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { dag } from "@dagger.io/dagger";
import { afterAll, describe, expect, it } from "vitest";
import { CatalogError } from "../../ci/src/catalog/errors.js";
import { loadCatalog } from "../../ci/src/catalog/read.js";
import { useFakeDaggerSession } from "../support/dagger/index.js";

const session = useFakeDaggerSession();
const repo = mkdtempSync(join(tmpdir(), "catalog-read-limits-"));
cpSync(resolve(import.meta.dirname, "../../pipelines"), join(repo, "pipelines"), { recursive: true });
writeFileSync(join(repo, "pipelines/services/alie.yaml"), `kind: service\n# ${"x".repeat(3 * 1024 * 1024)}\n`);
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe("loadCatalog with a catalog file over the size limit", () => {
  it("reports the file's size and the limit, and reads the other files", async () => {
    const error = await loadCatalog(dag.host().directory(repo)).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(CatalogError);
    expect((error as CatalogError).problems).toEqual([
      {
        file: "pipelines/services/alie.yaml",
        field: "",
        message: "the file is 3,145,745 bytes (3 MiB); a catalog file may be at most 256 KiB (one target's settings take a few KB), so it was not read",
      },
    ]);
  });

  it("never asks for its contents", async () => {
    await loadCatalog(dag.host().directory(repo)).catch(() => undefined);
    const contentsReads = session().queries.filter((q) => q.query.includes("contents"));
    const catalogFiles = readdirSync(join(repo, "pipelines"), { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith(".yaml"));
    expect(contentsReads.length).toBe(catalogFiles.length - 1);
    expect(contentsReads.map((q) => q.query).join("\n")).not.toContain("alie.yaml");
  });
});
