import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { dag } from "@dagger.io/dagger";
import { startFakeDaggerSession, type FakeDaggerSession } from "../../support/dagger/index.js";

let session: FakeDaggerSession;
let repo: string;

function write(rel: string, text: string): void {
  const abs = join(repo, rel);
  mkdirSync(join(abs, ".."), { recursive: true });
  writeFileSync(abs, text);
}

beforeAll(async () => {
  session = await startFakeDaggerSession();
  repo = mkdtempSync(join(tmpdir(), "fake-dagger-repo-"));
  write("services/alie/Dockerfile", "FROM python:3.12\n");
  write("services/alie/app/main.py", "print('alie')\n");
  write("services/alie/.venv/lib/x.py", "venv\n");
  write("services/bob/Dockerfile", "FROM python:3.12\n");
  write("services/bob/main.py", "print('bob')\n");
  write("docs/site/mkdocs.yml", "site_name: s\n");
  write("README.md", "# repo\n");
});
afterAll(async () => {
  await session.close();
});
beforeEach(() => session.reset());

describe("fake dagger session: directories", () => {
  it("lists entries of a real folder, directories with a trailing slash", async () => {
    expect(await session.directory(repo).entries()).toEqual(["README.md", "docs/", "services/"]);
  });

  it("reads file contents through directory and file", async () => {
    const text = await session.directory(repo).directory("services/bob").file("main.py").contents();
    expect(text).toBe("print('bob')\n");
  });

  it("narrows a build context to one service", async () => {
    const context = session.directory(repo).directory("services/alie");
    expect(await session.visibleFiles(context)).toEqual([".venv/lib/x.py", "Dockerfile", "app/main.py"]);
  });

  it("applies exclude patterns in filter", async () => {
    const context = session.directory(repo).directory("services/alie").filter({ exclude: [".venv", "**/__pycache__"] });
    expect(await session.visibleFiles(context)).toEqual(["Dockerfile", "app/main.py"]);
  });

  it("applies include patterns in filter", async () => {
    const docs = session.directory(repo).filter({ include: ["docs/**", "README.md"] });
    expect(await session.visibleFiles(docs)).toEqual(["README.md", "docs/site/mkdocs.yml"]);
  });

  it("re-includes with a negated exclude pattern", async () => {
    const d = session.directory(repo).filter({ exclude: ["services", "!services/bob"] });
    expect(await session.visibleFiles(d)).toEqual(["README.md", "docs/site/mkdocs.yml", "services/bob/Dockerfile", "services/bob/main.py"]);
  });

  it("removes paths with withoutDirectory and withoutFile", async () => {
    const d = session.directory(repo).withoutDirectory("services").withoutFile("README.md");
    expect(await session.visibleFiles(d)).toEqual(["docs/site/mkdocs.yml"]);
  });

  it("globs files and directories", async () => {
    expect(await session.directory(repo).glob("services/*/Dockerfile")).toEqual(["services/alie/Dockerfile", "services/bob/Dockerfile"]);
    expect(await session.directory(repo).glob("**/*.py")).toContain("services/alie/app/main.py");
  });

  it("answers exists for files and directories", async () => {
    const d = session.directory(repo);
    expect(await d.exists("services/alie/Dockerfile")).toBe(true);
    expect(await d.exists("services/carol")).toBe(false);
    expect(await d.exists("services")).toBe(true);
  });

  it("composes withNewFile, withFile and withDirectory", async () => {
    const base = session.directory(repo);
    const d = dag
      .directory()
      .withNewFile("catalog/project.yaml", "name: p\n")
      .withFile("copied/README.md", base.file("README.md"))
      .withDirectory("ctx", base.directory("services/bob"), { exclude: ["Dockerfile"] });
    expect(await session.visibleFiles(d)).toEqual(["catalog/project.yaml", "copied/README.md", "ctx/main.py"]);
    expect(await d.file("copied/README.md").contents()).toBe("# repo\n");
  });

  it("fails reads of a missing path with the engine's message", async () => {
    await expect(session.directory(repo).directory("nope").entries()).rejects.toThrow(/nope: no such file or directory/);
  });

  it("exports a directory's files to a real path", async () => {
    const out = mkdtempSync(join(tmpdir(), "fake-dagger-export-"));
    const target = join(out, "ctx");
    const returned = await session.directory(repo).directory("services/alie").filter({ exclude: [".venv"] }).export(target);
    expect(returned).toBe(target);
    expect(readdirSync(target).sort()).toEqual(["Dockerfile", "app"]);
    expect(readFileSync(join(target, "app/main.py"), "utf8")).toBe("print('alie')\n");
  });

  it("exports a file to a real path", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "fake-dagger-export-")), "README.copy");
    await session.directory(repo).file("README.md").export(out);
    expect(readFileSync(out, "utf8")).toBe("# repo\n");
  });

  it("serves the host directory the SDK names directly", async () => {
    expect(await dag.host().directory(join(repo, "docs")).entries()).toEqual(["site/"]);
  });
});
