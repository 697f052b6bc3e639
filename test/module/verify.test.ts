import { describe, expect, it } from "vitest";
import {
  BUILDABLES, editYaml, execsStarting, mkdocsWritesSite, pipeline, rejection, SITES, targetOf, tempRepo, useFakeSession, writeText,
} from "./harness.js";

const session = useFakeSession(mkdocsWritesSite);

const RUFF_CHECK = ["ruff", "check", "."];
const PYTEST = ["pytest", "-q"];
const SCANNERS = ["bandit", "pip-audit", "trivy", "hadolint", "gitleaks"];

/** ruff fails for alie, pytest fails for cloud; everything else passes. */
function failAlieLintAndCloudTests(): void {
  session().onExec((e) => {
    if (e.args.join(" ") === RUFF_CHECK.join(" ") && targetOf(e) === "alie") {
      return { exitCode: 1, stdout: "src/alie/main.py:1:8: F401 [*] `os` imported but unused\nFound 1 error.\n" };
    }
    if (e.args.join(" ") === PYTEST.join(" ") && targetOf(e) === "cloud") {
      return { exitCode: 1, stdout: "FAILED tests/test_views.py::test_health - AssertionError\n1 failed, 9 passed in 0.52s\n" };
    }
    return undefined;
  });
}

describe("module verify", () => {
  it("reports every step of every target when everything passes", async () => {
    const report = await pipeline().verify();
    expect(report).toMatch(/^PASS  catalog /m);
    expect(report).toMatch(/^PASS  secrets /m);
    for (const t of BUILDABLES) {
      for (const step of ["build", "lint", "test", ...SCANNERS.map((s) => `scan:${s}`)]) {
        expect(report).toMatch(new RegExp(`^PASS  ${step} ${t} `, "m"));
      }
    }
    for (const site of SITES) expect(report).toMatch(new RegExp(`^PASS  docs ${site} `, "m"));
    const steps = 2 + BUILDABLES.length * 8 + SITES.length;
    expect(report).toMatch(new RegExp(`\\n${steps} passed, 0 failed$`));
  });

  it("runs each target's checks and the repository-wide secret scan", async () => {
    await pipeline().verify();
    expect(execsStarting(session(), ...RUFF_CHECK).map(targetOf).sort()).toEqual([...BUILDABLES].sort());
    expect(execsStarting(session(), ...PYTEST).map(targetOf).sort()).toEqual([...BUILDABLES].sort());
    expect(execsStarting(session(), "trivy")).toHaveLength(BUILDABLES.length);
    expect(execsStarting(session(), "mkdocs")).toHaveLength(SITES.length);
    const repoWide = execsStarting(session(), "gitleaks").filter((e) => e.mountedDirectories[0]?.files.includes("pipelines/project.yaml"));
    expect(repoWide).toHaveLength(1);
    expect(repoWide[0]!.mountedDirectories[0]!.files.some((f) => f.startsWith(".git/") || f.includes("/.venv/"))).toBe(false);
  });

  it("fails once, listing two failed steps with command, exit code and output, after running all the others", async () => {
    await pipeline().verify();
    const passing = session().execs().map((e) => `${targetOf(e) ?? "-"} ${e.args.join(" ")}`);
    session().reset();
    failAlieLintAndCloudTests();
    mkdocsWritesSite(session());

    const err = await rejection(pipeline().verify());
    const steps = 2 + BUILDABLES.length * 8 + SITES.length;
    expect(err.message).toMatch(new RegExp(`^NOTE: --source is cloud-run-pipeline's own repository[^\\n]*\\n\\nverify failed: 2 of ${steps} steps failed\\.`));
    expect(err.message).toContain(`✗ lint alie\n  command: ${RUFF_CHECK.join(" ")}\n  exit code: 1\n  output (last lines):\n    | src/alie/main.py:1:8: F401`);
    expect(err.message).toContain(`✗ test cloud\n  command: ${PYTEST.join(" ")}\n  exit code: 1\n  output (last lines):\n    | FAILED tests/test_views.py::test_health`);
    expect(err.message).toContain("| 1 failed, 9 passed in 0.52s");
    expect(err.message).toMatch(new RegExp(`\\n${steps - 2} passed, 2 failed$`));

    // Every other step still ran: only alie's `ruff format` (after its failed `ruff check`) is missing.
    const failing = session().execs().map((e) => `${targetOf(e) ?? "-"} ${e.args.join(" ")}`);
    const expected = [...passing];
    const skipped = expected.indexOf("alie ruff format --check .");
    expect(skipped).toBeGreaterThanOrEqual(0);
    expected.splice(skipped, 1);
    expect(failing.sort()).toEqual(expected.sort());
  });

  it("throws the catalog's problems, naming file and field, for an invalid catalog file", async () => {
    const root = tempRepo();
    editYaml(root, "pipelines/services/alie.yaml", (doc) => void (doc["run"]["concurrency"] = "lots"));
    const err = await rejection(pipeline(root).verify());
    expect(err.message).toContain("✗ catalog");
    expect(err.message).toContain("pipelines/services/alie.yaml: run.concurrency:");
    expect(session().execs()).toEqual([]);
  });

  it("names the file of a catalog that is not valid YAML", async () => {
    const root = tempRepo();
    writeText(root, "pipelines/jobs/ingestion.yaml", "kind: job\nname: ingestion\nbuild: [unclosed\n");
    const err = await rejection(pipeline(root).verify());
    expect(err.message).toContain("pipelines/jobs/ingestion.yaml: invalid YAML");
    expect(err.message).toMatch(/^verify failed: 1 of 1 steps failed\./);
  });

  it("fails the catalog step for a build context that does not exist, and still runs the other targets", async () => {
    const root = tempRepo();
    editYaml(root, "pipelines/services/cloud.yaml", (doc) => void (doc["build"]["context"] = "examples/dataface/services/clod"));
    const err = await rejection(pipeline(root).verify());
    expect(err.message).toContain(
      '✗ catalog\n  The catalog has 1 problem:\n    - pipelines/services/cloud.yaml: build.context: folder "examples/dataface/services/clod" does not exist in the repository',
    );
    expect(err.message).toContain("✗ build cloud");
    expect(err.message).toMatch(/^PASS  lint alie /m);
    expect(execsStarting(session(), ...PYTEST).map(targetOf).sort()).toEqual(["alie", "ingestion", "playground"]);
  });

  it("reads the commit from .git when no SHA is given", async () => {
    const root = tempRepo();
    const { mkdirSync } = await import("node:fs");
    mkdirSync(`${root}/.git/refs/heads`, { recursive: true });
    writeText(root, ".git/HEAD", "ref: refs/heads/main\n");
    writeText(root, ".git/refs/heads/main", "fedcba9876543210fedcba9876543210fedcba98\n");
    await pipeline(root, "").checks().builds();
    const builds = session().leaves().filter((l) => l.field === "sync" && l.chain[l.chain.length - 1]?.field === "dockerBuild");
    expect(builds).toHaveLength(BUILDABLES.length);
    for (const b of builds) expect(b.chain[b.chain.length - 1]?.args["buildArgs"]).toContainEqual({ name: "GIT_SHA", value: "fedcba9" });
  });
});
