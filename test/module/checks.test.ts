import { mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  BUILDABLES, CONTEXTS, editYaml, mkdocsWritesSite, pipeline, rejection, SITES, targetOf, tempRepo, useFakeSession,
} from "./harness.js";

const session = useFakeSession(mkdocsWritesSite);

/** What each exec was, by kind of step. */
function kindOf(args: string[]): string {
  const line = args.join(" ");
  if (line.startsWith("uv sync")) return "deps";
  if (line === "uv tool install ruff==0.17.6") return "lint-tool";
  if (line.includes("ruff")) return "lint";
  if (line.includes("pytest")) return "test";
  if (line.includes("bandit") || line.includes("pip-audit") || line.startsWith("uv export") || args[0] === "trivy" || args[0] === "hadolint") return "scan";
  if (args[0] === "gitleaks") return "gitleaks";
  if (args[0] === "pip" || args[0] === "mkdocs") return "docs";
  return `other: ${line}`;
}

const kinds = (): string[] => [...new Set(session().execs().map((e) => kindOf(e.args)))].sort();

/** Image builds the check forced (sync on a dockerBuild container). */
const buildSyncs = () => session().leaves().filter((l) => l.field === "sync" && l.chain[l.chain.length - 1]?.field === "dockerBuild");

describe("module checks", () => {
  it("checks:catalog reads the catalog and runs no container", async () => {
    await pipeline().checks().catalog();
    expect(session().execs()).toEqual([]);
    expect(buildSyncs()).toEqual([]);
  });

  it("checks:catalog fails for a context that does not exist", async () => {
    const root = tempRepo();
    editYaml(root, "pipelines/services/alie.yaml", (doc) => void (doc["build"]["context"] = "examples/dataface/services/missing"));
    const err = await rejection(pipeline(root).checks().catalog());
    expect(err.message).toContain('pipelines/services/alie.yaml: build.context: folder "examples/dataface/services/missing" does not exist');
    expect(err.message).toMatch(/^verify failed: 1 of 1 steps failed\./);
  });

  it("checks:catalog accepts a Dockerfile in a subfolder of the context", async () => {
    const root = tempRepo();
    mkdirSync(join(root, CONTEXTS["alie"]!, "docker"));
    renameSync(join(root, CONTEXTS["alie"]!, "Dockerfile"), join(root, CONTEXTS["alie"]!, "docker", "Dockerfile"));
    editYaml(root, "pipelines/services/alie.yaml", (doc) => void (doc["build"]["dockerfile"] = "docker/Dockerfile"));
    await pipeline(root).checks().catalog();
  });

  it("checks:catalog names a Dockerfile missing from a subfolder of the context", async () => {
    const root = tempRepo();
    editYaml(root, "pipelines/services/alie.yaml", (doc) => void (doc["build"]["dockerfile"] = "docker/Dockerfile"));
    const err = await rejection(pipeline(root).checks().catalog());
    expect(err.message).toContain('pipelines/services/alie.yaml: build.dockerfile: "examples/dataface/services/alie" has no docker/Dockerfile (build.dockerfile is relative to build.context)');
  });

  it("checks:builds builds every service and job image and runs nothing else", async () => {
    await pipeline().checks().builds();
    expect(buildSyncs()).toHaveLength(BUILDABLES.length);
    expect(session().execs()).toEqual([]);
  });

  it("checks:lint runs only the lint commands (after the dependency sync)", async () => {
    await pipeline().checks().lint();
    expect(kinds()).toEqual(["deps", "lint", "lint-tool"]);
    expect(session().execs().filter((e) => kindOf(e.args) === "lint").map(targetOf).sort()).toEqual([...BUILDABLES, ...BUILDABLES].sort());
    expect(buildSyncs()).toEqual([]);
  });

  it("checks:tests runs only the tests", async () => {
    await pipeline().checks().tests();
    expect(kinds()).toEqual(["deps", "test"]);
    expect(session().execs().filter((e) => kindOf(e.args) === "test").map(targetOf).sort()).toEqual([...BUILDABLES].sort());
  });

  it("checks:scans runs only the five scanners of each target", async () => {
    await pipeline().checks().scans();
    expect(kinds()).toEqual(["gitleaks", "scan"]);
    expect(session().execs().filter((e) => e.args[0] === "trivy")).toHaveLength(BUILDABLES.length);
    expect(session().execs().filter((e) => e.args[0] === "gitleaks")).toHaveLength(BUILDABLES.length);
  });

  it("checks:docs builds only the sites", async () => {
    await pipeline().checks().docs();
    expect(kinds()).toEqual(["docs"]);
    expect(session().execs().filter((e) => e.args[0] === "mkdocs")).toHaveLength(SITES.length);
  });

  it("checks:secrets runs one gitleaks over the repository", async () => {
    await pipeline().checks().secrets();
    const execs = session().execs();
    expect(execs.map((e) => e.args[0])).toEqual(["gitleaks"]);
    expect(execs[0]?.mountedDirectories[0]?.files).toEqual(expect.arrayContaining(["pipelines/project.yaml", "examples/dataface/services/alie/Dockerfile"]));
  });

  it("checks:secrets fails with gitleaks' findings", async () => {
    session().onExec((e) => (e.args[0] === "gitleaks" ? { exitCode: 1, stdout: "Finding: AKIA****\nRuleID: aws-access-token\n" } : undefined));
    const err = await rejection(pipeline().checks().secrets());
    expect(err.message).toContain("✗ secrets\n  command: gitleaks dir . --redact --no-banner --exit-code 1\n  exit code: 1");
    expect(err.message).toContain("| RuleID: aws-access-token");
  });

  it("returns the report of the steps it ran", async () => {
    const report = await pipeline().checks().lint();
    for (const target of BUILDABLES) expect(report).toMatch(new RegExp(`^PASS  lint ${target} `, "m"));
    expect(report).toMatch(/\d+ passed, 0 failed$/);
  });
});
