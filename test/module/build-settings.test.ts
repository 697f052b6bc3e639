/**
 * Builds as users write them: the commit under any build-arg name, build secrets for private
 * package indexes, a Dockerfile elsewhere in a shared context, and .dockerignore files kept in the
 * context so Dagger's dockerBuild applies them as docker build does.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dag, type Container, type Secret } from "@dagger.io/dagger";
import { CloudRunPipeline } from "../../ci/src/index.js";
import type { Step } from "../support/dagger/chain.js";
import { editYaml, fixturePath, GIT_SHA, rejection, repoSource, SHORT_SHA, useFakeSession, dockerBuildOf as dockerBuildOfIn } from "./harness.js";
import { fixtureCopy } from "../mkdocs/fixture-repos.js";

const session = useFakeSession();

const dockerBuildOf = (image: Container) => dockerBuildOfIn(session(), image);

const pipelineWith = (root: string, buildSecrets?: Secret) => new CloudRunPipeline(repoSource(root), GIT_SHA, undefined, buildSecrets);

/** The setSecret names of a dockerBuild's secrets argument. */
function secretNames(args: Step["args"]): string[] {
  const refs = (args["secrets"] as { chain: Step[] }[] | undefined) ?? [];
  return refs.map((r) => String(r.chain.find((s) => s.field === "setSecret")?.args["name"]));
}

describe("module build: settings users write", () => {
  it("passes the commit under build.commitArg (COMMIT) and under GIT_SHA by default", async () => {
    const root = fixturePath("shared-context");
    const worker = await dockerBuildOf(await pipelineWith(root).build("worker"));
    expect(worker.args["buildArgs"]).toEqual([{ name: "COMMIT", value: SHORT_SHA }]);
    const api = await dockerBuildOf(await pipelineWith(root).build("api"));
    expect(api.args["buildArgs"]).toEqual([{ name: "GIT_SHA", value: SHORT_SHA }]);
  });

  it("sends no commit at all with commitArg: false, and the catalog's args as written", async () => {
    const root = fixtureCopy("shared-context");
    editYaml(root, "pipelines/services/worker.yaml", (doc) => void (doc["build"] = { ...doc["build"], commitArg: false, args: { GIT_SHA: "from-the-catalog" } }));
    const { args } = await dockerBuildOf(await pipelineWith(root).build("worker"));
    expect(args["buildArgs"]).toEqual([{ name: "GIT_SHA", value: "from-the-catalog" }]);
  });

  it("builds a Dockerfile in a subfolder of a repository-root context with the whole context", async () => {
    const { args, context } = await dockerBuildOf(await pipelineWith(fixturePath("shared-context")).build("api"));
    expect(args["dockerfile"]).toBe("services/api/Dockerfile.api");
    expect(context).toEqual(expect.arrayContaining(["libs/common/pyproject.toml", "services/api/Dockerfile.api", "services/worker/requirements.txt"]));
  });

  it("keeps .dockerignore and <Dockerfile>.dockerignore in the context, so dockerBuild applies them", async () => {
    const root = fixtureCopy("shared-context");
    writeFileSync(join(root, "services/api/Dockerfile.api.dockerignore"), "services/worker\n");
    const { context } = await dockerBuildOf(await pipelineWith(root).build("api"));
    expect(context).toContain(".dockerignore");
    expect(context).toContain("services/api/Dockerfile.api.dockerignore");
    const pip = await dockerBuildOf(await pipelineWith(fixturePath("pip-flask")).build("analytics"));
    expect(pip.context).toContain(".dockerignore");
  });

  it("mounts each build secret under its catalog id, from --build-secrets ID=value lines", async () => {
    const root = fixtureCopy("pip-flask");
    editYaml(root, "pipelines/services/analytics.yaml", (doc) => void (doc["build"] = { ...doc["build"], secrets: ["pip_index", "npmrc"] }));
    const secrets = dag.setSecret("build-secrets-file", "# private indexes\npip_index=https://user:token@pypi.example.com/simple\nnpmrc=//registry.example.com/:_authToken=abc\n");
    const { args } = await dockerBuildOf(await pipelineWith(root, secrets).build("analytics"));
    expect(secretNames(args)).toEqual(["pip_index", "npmrc"]);
  });

  it("takes the whole value of --build-secrets for a single build secret", async () => {
    const root = fixtureCopy("pip-flask");
    editYaml(root, "pipelines/services/analytics.yaml", (doc) => void (doc["build"] = { ...doc["build"], secrets: ["pip_index"] }));
    const { args } = await dockerBuildOf(await pipelineWith(root, dag.setSecret("one", "https://pypi.example.com/simple\n")).build("analytics"));
    const refs = args["secrets"] as { chain: Step[] }[];
    expect(refs.map((r) => r.chain.find((s) => s.field === "setSecret")?.args)).toEqual([{ name: "pip_index", plaintext: "https://pypi.example.com/simple" }]);
  });

  it("fails before building when the build needs secrets and none were given, naming ids but never values", async () => {
    const root = fixtureCopy("pip-flask");
    editYaml(root, "pipelines/services/analytics.yaml", (doc) => void (doc["build"] = { ...doc["build"], secrets: ["pip_index", "npmrc"] }));
    const none = await rejection(pipelineWith(root).build("analytics"));
    expect(none.message).toBe(
      "the build of analytics mounts build secrets pip_index, npmrc (build.secrets in pipelines/services/analytics.yaml); pass --build-secrets=file://PATH (or env://VAR, cmd://...) holding pip_index=VALUE / npmrc=VALUE lines",
    );
    const partial = await rejection(pipelineWith(root, dag.setSecret("partial", "pip_index=hunter2-secret-value\nother=x\n")).build("analytics"));
    expect(partial.message).toContain("--build-secrets has no value for npmrc (needed by analytics, build.secrets in pipelines/services/analytics.yaml; ids given: pip_index, other)");
    expect(partial.message).not.toContain("hunter2");
  });

  it("verify reports a missing build secret as the build's failure and still runs lint and tests", async () => {
    const root = fixtureCopy("pip-flask");
    editYaml(root, "pipelines/services/analytics.yaml", (doc) => void (doc["build"] = { ...doc["build"], secrets: ["pip_index"] }));
    const err = await rejection(pipelineWith(root).verify());
    expect(err.message).toContain("✗ build analytics\n  the build of analytics mounts build secrets pip_index");
    expect(err.message).toMatch(/^PASS  lint analytics /m);
    expect(err.message).toMatch(/^PASS  test analytics /m);
  });

  it("fails lint with what was looked for when the project folder holds no Python project", async () => {
    const root = fixtureCopy("pip-flask");
    for (const f of ["requirements.txt", "requirements-dev.txt"]) rmSync(join(root, f));
    const err = await rejection(pipelineWith(root).lint("analytics"));
    expect(err.message).toContain(
      'service "analytics" (pipelines/services/analytics.yaml): no Python project found in "." (the build context); looked for uv.lock, poetry.lock, pdm.lock, requirements*.txt, pyproject.toml. Set python.project to the folder that holds the project, or python.manager (uv, poetry, pdm, pip, pyproject) to say how it is installed.',
    );
  });

  it("uses the catalog's python block over detection", async () => {
    const root = fixtureCopy("shared-context");
    editYaml(root, "pipelines/services/api.yaml", (doc) => void (doc["python"] = { project: "services/worker", version: "3.13", requirements: ["requirements.txt"] }));
    await pipelineWith(root).lint("api");
    const install = session().execs().find((e) => e.args.includes("-r"));
    expect(install?.args).toEqual(["python", "-m", "pip", "install", "--no-input", "-r", "requirements.txt"]);
    expect(install?.workdir).toBe("/src/services/worker");
    expect(install?.from).toMatch(/^python:3\.13-slim@/);
  });
});
