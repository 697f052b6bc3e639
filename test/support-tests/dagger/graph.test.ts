import { describe, expect, it } from "vitest";
import { dag, type ContainerID } from "@dagger.io/dagger";
import { useFakeDaggerSession } from "../../support/dagger/index.js";

const session = useFakeDaggerSession();

describe("fake dagger session: recorded graph", () => {
  it("records the leaf with its chain", async () => {
    await dag.container().from("alpine:3.20").withExec(["echo", "hi"]).stdout();
    const leaf = session().leaves().find((l) => l.field === "stdout");
    expect(leaf?.chain.map((s) => s.field)).toEqual(["container", "from", "withExec"]);
    expect(leaf?.chain[1]?.args).toEqual({ address: "alpine:3.20" });
  });

  it("expands object arguments into their chains", async () => {
    const src = dag.directory().withNewFile("a.txt", "a");
    await dag.container().from("alpine").withDirectory("/work", src).withExec(["ls"]).sync();
    const leaf = session().leaves().find((l) => l.field === "sync");
    const withDirectory = leaf?.chain.find((s) => s.field === "withDirectory");
    expect(withDirectory?.args["source"]).toMatchObject({
      $type: "Directory",
      chain: [{ field: "directory" }, { field: "withNewFile", args: { path: "a.txt", contents: "a" } }],
    });
    expect(session().execs()[0]?.directories).toEqual([{ path: "/work", files: ["a.txt"] }]);
  });

  it("round-trips an ID through loadContainerFromID", async () => {
    const id = await dag.container().from("alpine").withEnvVariable("A", "1").id();
    expect(await dag.loadContainerFromID(id as unknown as ContainerID).withExec(["env"]).exitCode()).toBe(0);
    expect(session().execs()[0]?.env).toEqual({ A: "1" });
  });

  it("continues a chain after sync through the node query", async () => {
    const synced = await dag.container().from("alpine").withExec(["one"]).sync();
    await synced.withExec(["two"]).stdout();
    expect(session().execs().map((e) => e.args[0])).toEqual(["one", "two"]);
  });

  it("describes a chain from its ID", async () => {
    const ref = await session().chainOf(dag.cacheVolume("pip"));
    expect(ref).toEqual({ $type: "CacheVolume", chain: [{ field: "cacheVolume", args: { key: "pip" }, type: "CacheVolume" }] });
  });

  it("records docker builds with their context files", async () => {
    const ctx = dag.directory().withNewFile("Dockerfile", "FROM scratch\n").withNewFile("main.py", "");
    await ctx
      .dockerBuild({ buildArgs: [{ name: "VERSION", value: "1.2.3" }], target: "runtime" })
      .withExec(["pytest"])
      .sync();
    expect(session().execs()[0]?.dockerBuild).toMatchObject({
      context: ["Dockerfile", "main.py"],
      dockerfile: "Dockerfile",
      target: "runtime",
      buildArgs: { VERSION: "1.2.3" },
    });
  });

  it("fails a docker build without a Dockerfile", async () => {
    await expect(dag.directory().withNewFile("x", "").dockerBuild().sync()).rejects.toThrow(/Dockerfile: no such file/);
  });

  it("publishes with a deterministic digest", async () => {
    const image = dag.container().from("python:3.12-slim").withExec(["pip", "install", "."]);
    const ref = await image.publish("europe-docker.pkg.dev/p/r/alie:1.0.0");
    expect(ref).toMatch(/^europe-docker\.pkg\.dev\/p\/r\/alie:1\.0\.0@sha256:[0-9a-f]{64}$/);
    expect(await image.publish("europe-docker.pkg.dev/p/r/alie:1.0.0")).toBe(ref);
    expect(session().published()).toEqual([
      expect.objectContaining({ address: "europe-docker.pkg.dev/p/r/alie:1.0.0", ref }),
      expect.objectContaining({ ref }),
    ]);
  });

  it("gives different images different digests", async () => {
    const a = await dag.container().from("alpine").withExec(["a"]).publish("r/x:1");
    const b = await dag.container().from("alpine").withExec(["b"]).publish("r/x:1");
    expect(a).not.toBe(b);
  });

  it("publishes the same digest whatever registry credentials the push used", async () => {
    const image = dag.container().from("python:3.12-slim").withExec(["pip", "install", "."]);
    const plain = await image.publish("europe-docker.pkg.dev/p/r/alie:1");
    const first = image.withRegistryAuth("europe-docker.pkg.dev", "oauth2accesstoken", dag.setSecret("token-1", "ya29.one"));
    const second = image.withRegistryAuth("europe-docker.pkg.dev", "oauth2accesstoken", dag.setSecret("token-2", "ya29.two"));
    const refs = [await first.publish("europe-docker.pkg.dev/p/r/alie:1"), await second.publish("europe-docker.pkg.dev/p/r/alie:1")];
    expect(refs).toEqual([plain, plain]);
    expect(session().published().map((p) => p.ref)).toEqual([plain, plain, plain]);
  });

  it("still tells images apart when both pushes carry registry credentials", async () => {
    const token = dag.setSecret("token", "ya29.token");
    const a = await dag.container().from("alpine").withExec(["a"]).withRegistryAuth("r", "u", token).publish("r/x:1");
    const b = await dag.container().from("alpine").withExec(["b"]).withRegistryAuth("r", "u", token).publish("r/x:1");
    expect(a).not.toBe(b);
  });

  it("records the credentials a publish used in its chain", async () => {
    const token = dag.setSecret("token", "ya29.token");
    await dag.container().from("alpine").withRegistryAuth("europe-docker.pkg.dev", "oauth2accesstoken", token).publish("europe-docker.pkg.dev/p/r/a:1");
    const [published] = session().published();
    expect(published?.chain.map((s) => s.field)).toEqual(["container", "from", "withRegistryAuth"]);
  });

  it("records setSecret names and plaintexts", async () => {
    const token = dag.setSecret("registry-token", "ya29.token");
    await dag.container().from("alpine").withRegistryAuth("europe-docker.pkg.dev", "oauth2accesstoken", token).publish("europe-docker.pkg.dev/p/r/a:1");
    expect(session().secrets()).toEqual([{ name: "registry-token", plaintext: "ya29.token" }]);
  });

  it("records service bindings without starting the service", async () => {
    const db = dag.container().from("postgres:16").withExposedPort(5432).asService();
    await dag.container().from("python:3.12").withServiceBinding("db", db).withExec(["pytest"]).sync();
    const exec = session().execs().find((e) => e.args[0] === "pytest");
    expect(exec?.services["db"]?.chain.map((s) => s.field)).toEqual(["container", "from", "withExposedPort", "asService"]);
    expect(session().execs()).toHaveLength(1);
  });

  it("reports the platform and image reference", async () => {
    const c = dag.container({ platform: "linux/arm64" as never }).from("alpine:3.20");
    expect(await c.platform()).toBe("linux/arm64");
    expect(await c.imageRef()).toMatch(/^docker\.io\/library\/alpine:3\.20@sha256:[0-9a-f]{64}$/);
  });

  it("fails loudly on a leaf the fake does not model", async () => {
    await expect(dag.container().from("alpine").export("/tmp/image.tar")).rejects.toThrow(/Container\.export is not supported by the fake/);
  });

  it("records fields it does not model and hands out their IDs", async () => {
    const tree = dag.git("https://github.com/acme/repo").branch("main").tree();
    const ref = await session().chainOf(tree);
    expect(ref.chain.map((s) => s.field)).toEqual(["git", "branch", "tree"]);
    await expect(tree.entries()).rejects.toThrow(/\[fake dagger\] Directory.entries: the fake cannot evaluate the Directory made by GitRef.tree/);
  });

  it("rejects an ID the session did not issue", async () => {
    await expect(dag.loadContainerFromID("core.Container:abc" as ContainerID).stdout()).rejects.toThrow(/not an ID issued by the fake/);
  });
});
