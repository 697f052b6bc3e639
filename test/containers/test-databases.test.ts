/**
 * Each target's test databases are its own instances, per target and per run: the engine runs
 * identical service definitions once per session and shares them, so each database carries its
 * owner (target, alias) and the run id. The test container's own steps (dependency installs)
 * stay the same graph across runs, so only the test command runs again.
 */
import { describe, expect, it } from "vitest";
import { findBuildable } from "../../ci/src/catalog/lookup.js";
import { loadCatalog } from "../../ci/src/catalog/read.js";
import { TEST_RUN_ENV } from "../../ci/src/containers/test-run.js";
import { type TargetRun, targetSteps } from "../../ci/src/verify/target-steps.js";
import { verifyAll } from "../../ci/src/verify/verify.js";
import type { ExecRecord, ObjectRef } from "../support/dagger/index.js";
import { editYaml, repoSource, targetOf, tempRepo, useFakeSession } from "../module/harness.js";

const session = useFakeSession();

/** The same postgres, declared alike by alie and cloud. */
const SHARED_POSTGRES = { alias: "postgres", engine: "postgres", env: { POSTGRES_PASSWORD: "test" } };

function sharedDatabaseRepo(): string {
  const root = tempRepo();
  for (const name of ["alie", "cloud"]) {
    editYaml(root, `pipelines/services/${name}.yaml`, (doc) => void (doc["test"] = { databases: [SHARED_POSTGRES] }));
  }
  return root;
}

async function runOf(root: string, runId?: string): Promise<TargetRun> {
  const source = repoSource(root);
  return { source, catalog: await loadCatalog(source), gitSha: "", runId };
}

/** Runs the test step of `target` and returns the execs it ran (those the session had not run before). */
async function testRun(run: TargetRun, target: string): Promise<ExecRecord[]> {
  const before = session().execs().length;
  const [outcome] = await Promise.all(targetSteps(run, findBuildable(run.catalog, target), new Set(["test"] as const)));
  expect(outcome?.ok).toBe(true);
  return session().execs().slice(before);
}

const pytestOf = (execs: ExecRecord[]): ExecRecord => execs.find((e) => e.args.includes("pytest"))!;
const envOf = (db: ObjectRef): Record<string, unknown> =>
  Object.fromEntries(db.chain.filter((s) => s.field === "withEnvVariable").map((s) => [s.args["name"], s.args["value"]]));

describe("test databases per target and per run", () => {
  it("gives two targets declaring the same database two different service definitions", async () => {
    const root = sharedDatabaseRepo();
    await verifyAll({ ...(await runOf(root, "run-1")) }, ["test"]);
    const pytest = Object.fromEntries(session().execs().filter((e) => e.args.includes("pytest")).map((e) => [targetOf(e), e]));
    const alie = pytest["alie"]!.services["postgres"]!;
    const cloud = pytest["cloud"]!.services["postgres"]!;
    expect(JSON.stringify(alie)).not.toBe(JSON.stringify(cloud));
    expect(envOf(alie)).toEqual({ POSTGRES_PASSWORD: "test", [TEST_RUN_ENV]: "alie/postgres/run-1" });
    expect(envOf(cloud)).toEqual({ POSTGRES_PASSWORD: "test", [TEST_RUN_ENV]: "cloud/postgres/run-1" });
  });

  it("gives two runs of one target two different databases, and runs only the test command again", async () => {
    const root = sharedDatabaseRepo();
    const first = await testRun(await runOf(root, "run-1"), "alie");
    const second = await testRun(await runOf(root, "run-2"), "alie");
    expect(first.length).toBeGreaterThan(1);
    expect(second.map((e) => e.args)).toEqual([pytestOf(first).args]);
    expect(envOf(pytestOf(second).services["postgres"]!)[TEST_RUN_ENV]).toBe("alie/postgres/run-2");
    // Everything before the database binding is the same graph: the installs are cached.
    const beforeBinding = (e: ExecRecord) => e.chain.slice(0, e.chain.findIndex((s) => s.field === "withServiceBinding"));
    expect(beforeBinding(pytestOf(second))).toEqual(beforeBinding(pytestOf(first)));
  });

  it("gives every run its own id when none is given", async () => {
    const root = sharedDatabaseRepo();
    const ids = [];
    for (let i = 0; i < 2; i++) ids.push(envOf(pytestOf(await testRun(await runOf(root), "alie")).services["postgres"]!)[TEST_RUN_ENV]);
    expect(ids[0]).not.toBe(ids[1]);
    for (const id of ids) expect(id).toMatch(/^alie\/postgres\/[0-9a-f-]{36}$/);
  });

  it("keeps two aliases with the same definition in one target apart", async () => {
    const root = tempRepo();
    editYaml(root, "pipelines/services/alie.yaml", (doc) => void (doc["test"] = { databases: [SHARED_POSTGRES, { ...SHARED_POSTGRES, alias: "replica" }] }));
    const pytest = pytestOf(await testRun(await runOf(root, "run-1"), "alie"));
    expect(envOf(pytest.services["postgres"]!)[TEST_RUN_ENV]).toBe("alie/postgres/run-1");
    expect(envOf(pytest.services["replica"]!)[TEST_RUN_ENV]).toBe("alie/replica/run-1");
  });

  it("keeps the same graph for the same target and run (nothing random besides the run id)", async () => {
    const root = sharedDatabaseRepo();
    await testRun(await runOf(root, "run-1"), "cloud");
    expect(await testRun(await runOf(root, "run-1"), "cloud")).toEqual([]);
  });
});
