import { describe, expect, it } from "vitest";
import { dag } from "@dagger.io/dagger";
import { useFakeDaggerSession } from "../../support/dagger/index.js";

const TOOL_IMAGE = "ghcr.io/acme/tool:1.2.3@sha256:" + "ab".repeat(32);

const session = useFakeDaggerSession({ imageFiles: { [TOOL_IMAGE]: { "/tool": "tool binary\n", "/etc/tool.toml": "level = 3\n" } } });

describe("fake dagger session: image files", () => {
  it("serves a declared file of the image a container starts from", async () => {
    expect(await dag.container().from(TOOL_IMAGE).file("/tool").contents()).toBe("tool binary\n");
  });

  it("names the served file after its path", async () => {
    expect(await dag.container().from(TOOL_IMAGE).file("/etc/tool.toml").name()).toBe("tool.toml");
  });

  it("lets a file copied from the image reach another container's execs", async () => {
    let seen: string | undefined;
    session().onExec((e) => {
      seen = e.readFile("/usr/local/bin/tool");
      return undefined;
    });
    const tool = dag.container().from(TOOL_IMAGE).file("/tool");
    await dag.container().from("python:3.12").withFile("/usr/local/bin/tool", tool).withExec(["tool", "--version"]).sync();
    expect(seen).toBe("tool binary\n");
  });

  it("keeps the image files after further container steps", async () => {
    const file = dag.container().from(TOOL_IMAGE).withWorkdir("/etc").withEnvVariable("A", "1").file("tool.toml");
    expect(await file.contents()).toBe("level = 3\n");
  });

  it("knows the files only under the exact address declared", async () => {
    await expect(dag.container().from("ghcr.io/acme/tool:1.2.3").file("/tool").contents()).rejects.toThrow(/\/tool: no such file or directory/);
  });

  it("starts undeclared images empty", async () => {
    await expect(dag.container().from("alpine:3.20").file("/tool").contents()).rejects.toThrow(/\/tool: no such file or directory/);
  });

  it("keeps the declared files across reset", async () => {
    session().reset();
    expect(await dag.container().from(TOOL_IMAGE).file("/tool").contents()).toBe("tool binary\n");
  });
});
