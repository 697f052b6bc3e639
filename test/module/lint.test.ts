import { describe, expect, it } from "vitest";
import { CACHES, PYTHON_IMAGES } from "../../ci/src/containers/images.js";
import { editYaml, execsStarting, pipeline, rejection, targetOf, tempRepo, useFakeSession } from "./harness.js";

const RUFF_CHECK = ["ruff", "check", "."];
const RUFF_FORMAT = ["ruff", "format", "--check", "."];

const session = useFakeSession();

describe("module lint", () => {
  it("runs each catalog lint command in the digest-pinned image of the Python the service runs (requires-python >=3.11, Dockerfile FROM python:3.13)", async () => {
    await pipeline().lint("alie");
    expect(PYTHON_IMAGES["3.13"]).toMatch(/^python:3\.13-slim@sha256:[0-9a-f]{64}$/);
    const ruff = execsStarting(session(), "ruff");
    expect(ruff.map((e) => e.args)).toEqual([RUFF_CHECK, RUFF_FORMAT]);
    for (const exec of ruff) {
      expect(exec.from).toBe(PYTHON_IMAGES["3.13"]);
      expect(exec.workdir).toBe("/src");
      expect(targetOf(exec)).toBe("alie");
    }
  });

  it("runs the catalog's own lint commands, in order, for a job too", async () => {
    const root = tempRepo();
    const commands = [["uv", "run", "--frozen", "ruff", "check", "--select", "E,F", "."], ["uv", "run", "--frozen", "mypy", "src"]];
    editYaml(root, "pipelines/jobs/ingestion.yaml", (doc) => void (doc["lint"] = { commands }));
    await pipeline(root).lint("ingestion");
    const linted = session().execs().filter((e) => e.args[0] === "uv" && e.args[1] === "run");
    expect(execsStarting(session(), "ruff")).toEqual([]);
    expect(linted.map((e) => e.args)).toEqual(commands);
    expect(linted.map(targetOf)).toEqual(["ingestion", "ingestion"]);
  });

  it("mounts the named uv cache volume", async () => {
    await pipeline().lint("alie");
    for (const exec of session().execs()) expect(exec.caches).toContainEqual({ path: "/root/.cache/uv", key: CACHES.uv, sharing: undefined });
  });

  it("syncs the locked dependencies before the source is copied in", async () => {
    await pipeline().lint("alie");
    const [deps, project] = execsStarting(session(), "uv", "sync", "--frozen");
    expect(deps?.args).toEqual(["uv", "sync", "--frozen", "--no-install-project", "--all-groups"]);
    expect(deps?.files).toEqual(["/usr/local/bin/uv", "/src/pyproject.toml", "/src/uv.lock"]);
    expect(deps?.directories).toEqual([]);
    expect(project?.args).toEqual(["uv", "sync", "--frozen", "--all-groups"]);
    expect(project?.directories.map((d) => d.path)).toEqual(["/src"]);
    expect(project?.directories[0]?.files).toContain("src/alie/__init__.py");
  });

  it("fails with the command, exit code and output tail when ruff finds problems", async () => {
    session().onExec((e) => (e.args[0] === "ruff" && e.args[1] === "check" ? { exitCode: 1, stdout: "src/alie/app.py:3:1: F401 `os` imported but unused\nFound 1 error.\n" } : undefined));
    const err = await rejection(pipeline().lint("alie"));
    expect(err.message).toContain("✗ lint alie");
    expect(err.message).toContain(`command: ${RUFF_CHECK.join(" ")}`);
    expect(err.message).toContain("exit code: 1");
    expect(err.message).toContain("| Found 1 error.");
    expect(err.message).toContain("F401");
  });

  it("stops at the failing command", async () => {
    session().onExec((e) => (e.args[0] === "ruff" && e.args.includes("check") && !e.args.includes("format") ? { exitCode: 1 } : undefined));
    await rejection(pipeline().lint("alie"));
    expect(execsStarting(session(), "ruff", "format")).toEqual([]);
  });

  it("falls back to the pipeline's pinned ruff, later on PATH than the project's own", async () => {
    await pipeline().lint("alie");
    const [tool] = execsStarting(session(), "uv", "tool", "install");
    expect(tool?.args).toEqual(["uv", "tool", "install", "ruff==0.17.6"]);
    const [ruff] = execsStarting(session(), "ruff", "check");
    expect(ruff?.env["PATH"]).toBe("/opt/venv/bin:/opt/tools/bin:/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin");
    expect(ruff?.env["VIRTUAL_ENV"]).toBe("/opt/venv");
  });

  it("says first that --source is the module's own repository (the bundled example)", async () => {
    const out = await pipeline().lint("alie");
    expect(out.split("\n")[0]).toMatch(/^NOTE: --source is cloud-run-pipeline's own repository, so this reads its bundled example catalog/);
    expect(out).toContain("--source=.");
    expect(await pipeline(tempRepo()).lint("alie")).not.toContain("NOTE:");
  });

  it("names the valid targets for an unknown one", async () => {
    const err = await rejection(pipeline().lint("nope"));
    expect(err.message).toContain('Unknown service or job "nope"');
    expect(err.message).toContain("alie, cloud, playground, ingestion");
  });
});
