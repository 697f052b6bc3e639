import { describe, expect, it } from "vitest";
import { dag, ExecError, ReturnType, type Container } from "@dagger.io/dagger";
import { useFakeDaggerSession } from "../../support/dagger/index.js";

const session = useFakeDaggerSession();

describe("fake dagger session: execs", () => {
  it("returns the scripted stdout of the last exec", async () => {
    session().onExec((e) => (e.args[0] === "echo" ? { stdout: `${e.args.slice(1).join(" ")}\n` } : undefined));
    const out = await dag.container().from("alpine:3.20").withExec(["echo", "hi"]).stdout();
    expect(out).toBe("hi\n");
  });

  it("defaults to exit 0 with empty output", async () => {
    const c = dag.container().from("alpine:3.20").withExec(["true"]);
    expect(await c.exitCode()).toBe(0);
    expect(await c.stdout()).toBe("");
  });

  it("records each exec with the container it ran in", async () => {
    const src = dag.directory().withNewFile("pyproject.toml", "[project]\n").withNewFile("app/main.py", "print(1)\n");
    await dag
      .container()
      .from("python:3.12-slim")
      .withEnvVariable("PIP_NO_CACHE_DIR", "1")
      .withMountedCache("/root/.cache/uv", dag.cacheVolume("uv-cache"))
      .withMountedDirectory("/src", src)
      .withWorkdir("/src")
      .withSecretVariable("TOKEN", dag.setSecret("api-token", "s3cr3t"))
      .withExec(["uv", "sync"])
      .withExec(["ruff", "check", "."])
      .sync();
    const ruff = session().execs().find((e) => e.args[0] === "ruff");
    expect(ruff).toMatchObject({
      from: "python:3.12-slim",
      env: { PIP_NO_CACHE_DIR: "1" },
      caches: [{ path: "/root/.cache/uv", key: "uv-cache" }],
      mountedDirectories: [{ path: "/src", files: ["app/main.py", "pyproject.toml"] }],
      workdir: "/src",
      secrets: { TOKEN: "api-token" },
      platform: "linux/amd64",
    });
    expect(session().execs().map((e) => e.args[0])).toEqual(["uv", "ruff"]);
  });

  it("throws the SDK's ExecError for a non-zero exit", async () => {
    session().onExec(() => ({ exitCode: 2, stdout: "partial", stderr: "boom" }));
    const err = await dag.container().from("alpine:3.20").withExec(["sh", "-c", "exit 2"]).stdout().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecError);
    expect(err).toMatchObject({ exitCode: 2, stdout: "partial", stderr: "boom", cmd: ["sh", "-c", "exit 2"] });
  });

  it("stops at the first failing exec", async () => {
    session().onExec((e) => (e.args[0] === "lint" ? { exitCode: 1 } : undefined));
    await expect(dag.container().from("alpine").withExec(["lint"]).withExec(["test"]).sync()).rejects.toBeInstanceOf(ExecError);
    expect(session().execs().map((e) => e.args[0])).toEqual(["lint"]);
  });

  it("returns normally with expect ANY", async () => {
    session().onExec(() => ({ exitCode: 3, stderr: "vulnerable" }));
    const c = dag.container().from("alpine").withExec(["scan"], { expect: ReturnType.Any });
    expect(await c.exitCode()).toBe(3);
    expect(await c.stderr()).toBe("vulnerable");
  });

  it("runs a chain's execs once however many leaves are read", async () => {
    const c = dag.container().from("alpine").withExec(["build"]);
    await c.stdout();
    await c.exitCode();
    expect(session().execs()).toHaveLength(1);
  });

  it("does not run execs when only the id is requested", async () => {
    await dag.container().from("alpine").withExec(["build"]).id();
    expect(session().execs()).toHaveLength(0);
  });

  it("expands env vars in args when asked to", async () => {
    await dag.container().from("alpine").withEnvVariable("OUT", "/out").withExec(["mkdir", "${OUT}/site"], { expand: true }).sync();
    expect(session().execs()[0]?.args).toEqual(["mkdir", "/out/site"]);
  });

  it("fails stdout on a container without exec", async () => {
    await expect(dag.container().from("alpine").stdout()).rejects.toThrow(/no command has been set/);
  });

  it("lets an exec write files that later reads see", async () => {
    session().onExec((e) => (e.args[0] === "mkdocs" ? { files: { "/site/site/index.html": "<h1>docs</h1>" } } : undefined));
    const site = dag.container().from("squidfunk/mkdocs-material").withWorkdir("/site").withExec(["mkdocs", "build"]).directory("site");
    expect(await site.entries()).toEqual(["index.html"]);
    expect(await site.file("index.html").contents()).toBe("<h1>docs</h1>");
  });
});

/** Mounts `image.asTarball()` into a trivy container and returns what trivy reads from it. */
async function tarballTrivyReads(image: Container): Promise<string | undefined> {
  let tarball: string | undefined;
  session().onExec((e) => {
    if (e.args[0] === "trivy") tarball = e.readFile("/scan/image.tar");
    return undefined;
  });
  await dag.container().from("aquasec/trivy").withMountedFile("/scan/image.tar", image.asTarball()).withExec(["trivy", "image", "--input", "/scan/image.tar"]).sync();
  return tarball;
}

describe("fake dagger session: files seen by execs", () => {
  it("lets an exec handler read files placed in the container", async () => {
    let seen: string | undefined;
    session().onExec((e) => {
      seen = e.readFile("ruff.toml");
      return undefined;
    });
    await dag.container().from("alpine").withWorkdir("/src").withNewFile("/src/ruff.toml", "line-length = 100\n").withExec(["ruff"]).sync();
    expect(seen).toBe("line-length = 100\n");
  });

  it("mounts an image tarball named by the image's publish digest", async () => {
    const image = dag.container().from("python:3.12").withExec(["pip", "install", "."]);
    const tarball = await tarballTrivyReads(image);
    const published = await image.publish("r/app:1");
    expect(tarball).toBe(`fake OCI tarball of ${published.split("@")[1]}\n`);
    expect(session().execs().map((e) => e.args[0])).toEqual(["pip", "trivy"]);
  });

  it("names the tarball by the digest a publish with registry credentials reports", async () => {
    const image = dag.container().from("python:3.12").withExec(["pip", "install", "."]);
    const tarball = await tarballTrivyReads(image);
    const token = dag.setSecret("registry-token", "ya29.token");
    const published = await image.withRegistryAuth("r", "oauth2accesstoken", token).publish("r/app:1");
    expect(tarball).toBe(`fake OCI tarball of ${published.split("@")[1]}\n`);
  });
});
