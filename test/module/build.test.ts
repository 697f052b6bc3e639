import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Container } from "@dagger.io/dagger";
import { CloudRunPipeline } from "../../ci/src/index.js";
import { CONTEXTS, editYaml, GIT_SHA, pipeline, rejection, SHORT_SHA, tempRepo, useFakeSession, writeText, dockerBuildOf as dockerBuildOfIn } from "./harness.js";

const session = useFakeSession();

const dockerBuildOf = (image: Container) => dockerBuildOfIn(session(), image);

describe("module build", () => {
  it("builds from the service's own context only", async () => {
    const { context } = await dockerBuildOf(await pipeline().build("alie"));
    expect(context).toEqual(expect.arrayContaining(["Dockerfile", "pyproject.toml", "uv.lock", "src/alie/main.py"]));
    expect(context.some((f) => f.includes("manage.py") || f.includes("playground") || f.includes("ingestion"))).toBe(false);
    expect(context.some((f) => f.startsWith("pipelines/") || f.startsWith("examples/"))).toBe(false);
  });

  it("leaves local clutter (.venv, __pycache__, caches) out of the context", async () => {
    const root = tempRepo();
    const alie = join(root, CONTEXTS["alie"]!);
    for (const dir of [".venv/lib", "src/alie/__pycache__", ".pytest_cache", ".ruff_cache"]) mkdirSync(join(alie, dir), { recursive: true });
    writeText(root, `${CONTEXTS["alie"]}/.venv/lib/site.py`, "");
    writeText(root, `${CONTEXTS["alie"]}/src/alie/__pycache__/main.cpython-312.pyc`, "");
    writeText(root, `${CONTEXTS["alie"]}/.pytest_cache/README.md`, "");
    writeText(root, `${CONTEXTS["alie"]}/.ruff_cache/CACHEDIR.TAG`, "");
    const raw = new CloudRunPipeline(session().directory(root), GIT_SHA);
    const { context } = await dockerBuildOf(await raw.build("alie"));
    expect(context).toContain("src/alie/main.py");
    expect(context.filter((f) => /(\.venv|__pycache__|\.pytest_cache|\.ruff_cache)\//.test(f))).toEqual([]);
  });

  it("builds for linux/amd64 with the catalog's dockerfile and target", async () => {
    const { args } = await dockerBuildOf(await pipeline().build("alie"));
    expect(args["platform"]).toBe("linux/amd64");
    expect(args["dockerfile"]).toBe("Dockerfile");
    expect(args["target"]).toBe("runtime");
    expect(await (await pipeline().build("alie")).platform()).toBe("linux/amd64");
  });

  it("passes GIT_SHA as the short commit SHA", async () => {
    const { args } = await dockerBuildOf(await pipeline().build("alie"));
    expect(args["buildArgs"]).toEqual([{ name: "GIT_SHA", value: SHORT_SHA }]);
  });

  it("passes the catalog's build args, dockerfile and target", async () => {
    const root = tempRepo();
    editYaml(root, "pipelines/services/alie.yaml", (doc) => {
      doc["build"] = { ...doc["build"], dockerfile: "Dockerfile", target: "builder", args: { PYTHON_VERSION: "3.13", APP_ENV: "ci" } };
    });
    const { args } = await dockerBuildOf(await pipeline(root).build("alie"));
    expect(args["target"]).toBe("builder");
    expect(args["buildArgs"]).toEqual([
      { name: "PYTHON_VERSION", value: "3.13" },
      { name: "APP_ENV", value: "ci" },
      { name: "GIT_SHA", value: SHORT_SHA },
    ]);
  });

  it("builds a job from its own context", async () => {
    const { args, context } = await dockerBuildOf(await pipeline().build("ingestion"));
    expect(context).toEqual(expect.arrayContaining(["Dockerfile", "pyproject.toml", "src/ingestion/job.py"]));
    expect(context.some((f) => f.includes("alie"))).toBe(false);
    expect(args["target"]).toBe("runtime");
  });

  it("fails for a Dockerfile the context lacks", async () => {
    const root = tempRepo();
    editYaml(root, "pipelines/services/alie.yaml", (doc) => {
      doc["build"] = { ...doc["build"], dockerfile: "Containerfile" };
    });
    const err = await rejection((await pipeline(root).build("alie")).sync());
    expect(err.message).toContain("Containerfile");
  });

  it("names the valid services and jobs for an unknown one", async () => {
    const err = await rejection(pipeline().build("alice"));
    expect(err.message).toBe(
      'Unknown service or job "alice". Valid services and jobs: alie, cloud, playground, ingestion.',
    );
  });
});
