import { ExecError } from "@dagger.io/dagger";
import { describe, expect, it } from "vitest";
import { CACHES, IMAGES } from "../../ci/src/containers/images.js";
import { execsStarting, pipeline, rejection, useFakeSession } from "./harness.js";

const session = useFakeSession();

const MKDOCS = ["mkdocs", "build", "--strict", "--config-file", "mkdocs.yml", "--site-dir", "/out"];
const built = { "/out/index.html": "<h1>Docs</h1>\n", "/out/guide/index.html": "<h1>Guide</h1>\n" };
const DOCS = "examples/dataface/sites/docs";

describe("module docs", () => {
  it("builds the site with mkdocs --strict in the pinned Python image and returns /out", async () => {
    session().onExec((e) => (e.args[0] === "mkdocs" ? { files: built } : undefined));
    const site = await pipeline().docs("docs");
    expect(await session().visibleFiles(site)).toEqual(["guide/index.html", "index.html"]);
    const [mkdocs] = execsStarting(session(), "mkdocs");
    expect(mkdocs?.args).toEqual(MKDOCS);
    expect(mkdocs?.from).toBe(IMAGES.python);
    expect(IMAGES.python).toContain("@sha256:");
    expect(mkdocs?.caches).toContainEqual({ path: "/root/.cache/pip", key: CACHES.pip, sharing: undefined });
  });

  it("installs the pinned requirements before copying the site in", async () => {
    session().onExec((e) => (e.args[0] === "mkdocs" ? { files: built } : undefined));
    await (await pipeline().docs("docs")).entries();
    const [pip] = execsStarting(session(), "pip", "install");
    expect(pip?.args).toEqual(["pip", "install", "--no-input", "-r", "requirements.txt"]);
    expect(pip?.files).toEqual([`/repo/${DOCS}/requirements.txt`]);
    expect(pip?.directories).toEqual([]);
    expect(pip?.workdir).toBe(`/repo/${DOCS}`);
    const [mkdocs] = execsStarting(session(), "mkdocs");
    expect(mkdocs?.directories.map((d) => d.path)).toEqual(["/repo"]);
    expect(mkdocs?.directories[0]?.files).toEqual(expect.arrayContaining([`${DOCS}/mkdocs.yml`, `${DOCS}/requirements.txt`]));
  });

  it("runs mkdocs in the site's folder at its repository path under /repo", async () => {
    session().onExec((e) => (e.args[0] === "mkdocs" ? { files: built } : undefined));
    await (await pipeline().docs("docs")).entries();
    const [mkdocs] = execsStarting(session(), "mkdocs");
    expect(mkdocs?.workdir).toBe(`/repo/${DOCS}`);
    expect(mkdocs?.readFile("mkdocs.yml")).toContain("site_name: dataface documentation");
  });

  it("copies only that site's config, docs folder and requirements", async () => {
    session().onExec((e) => (e.args[0] === "mkdocs" ? { files: built } : undefined));
    await (await pipeline().docs("tasks")).entries();
    const [mkdocs] = execsStarting(session(), "mkdocs");
    const files = mkdocs!.directories[0]!.files;
    expect(files).toContain("examples/dataface/sites/tasks/mkdocs.yml");
    expect(files).toContain("examples/dataface/sites/tasks/requirements.txt");
    expect(files.every((f) => f.startsWith("examples/dataface/sites/tasks/"))).toBe(true);
    expect(files.filter((f) => !f.startsWith("examples/dataface/sites/tasks/docs/")).sort()).toEqual([
      "examples/dataface/sites/tasks/mkdocs.yml",
      "examples/dataface/sites/tasks/requirements.txt",
    ]);
    expect(mkdocs?.readFile("/repo/examples/dataface/sites/tasks/mkdocs.yml")).toContain("site_name");
  });

  it("fails with mkdocs' exit code and output when the strict build fails", async () => {
    session().onExec((e) => (e.args[0] === "mkdocs" ? { exitCode: 1, stderr: "WARNING - Doc file 'index.md' contains a link to 'missing.md'\nAborted with 1 warnings in strict mode!\n" } : undefined));
    const err = await rejection((await pipeline().docs("docs")).entries());
    expect(err).toBeInstanceOf(ExecError);
    expect(err).toMatchObject({ cmd: MKDOCS, exitCode: 1 });
    expect((err as ExecError).stderr).toContain("Aborted with 1 warnings in strict mode!");
  });

  it("names the valid sites for an unknown one", async () => {
    const err = await rejection(pipeline().docs("handbook"));
    expect(err.message).toBe('Unknown site "handbook". Valid sites: asql-docs, docs, tasks.');
  });
});
