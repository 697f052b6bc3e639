import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Format } from "../../ci/src/commands/choices.js";
import { BUILDABLES, JOBS, pipeline, rejection, REPO_ROOT, SERVICES, SITES, useFakeSession } from "./harness.js";

const session = useFakeSession();

describe("module list", () => {
  it("names every service, job and site of the catalog in the text summary", async () => {
    const text = await pipeline().list();
    for (const name of [...BUILDABLES, ...SITES]) expect(text).toMatch(new RegExp(`^  ${name} `, "m"));
    expect(text).toContain("project dataface-dev, region europe-west1");
  });

  it("prints the catalog as JSON with every target", async () => {
    const json = JSON.parse(await pipeline().list(Format.Json)) as Record<string, { name: string }[]>;
    expect(json["services"]!.map((s) => s.name).sort()).toEqual([...SERVICES].sort());
    expect(json["jobs"]!.map((j) => j.name)).toEqual(JOBS);
    expect(json["sites"]!.map((s) => s.name).sort()).toEqual([...SITES].sort());
  });

  it("rejects an unknown format and names the valid ones (the CLI refuses it first: --format is an enum)", async () => {
    const err = await rejection(pipeline().list("yaml" as Format));
    expect(err.message).toBe('--format must be "text" or "json", not "yaml".');
  });

  it("says to pass the repository root when the source has no pipelines/ folder", async () => {
    const err = await rejection(pipeline(join(REPO_ROOT, "examples/dataface")).list());
    expect(err.message).toContain("pipelines/: the catalog folder is not in --source; pass the repository root (--source=.) and, when the catalog is not in pipelines/, its folder (--catalog=deploy/catalog); `dagger call --source=. init export --path=.` writes a starting catalog");
  });

  it("reads the catalog without running any container", async () => {
    await pipeline().list();
    expect(session().execs()).toEqual([]);
  });
});
