import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dag, Directory, func, object } from "@dagger.io/dagger";
import { startFakeDaggerSession, type FakeDaggerSession } from "../../support/dagger/index.js";

// A module-shaped class: in plain Node the SDK's decorators only register metadata.
@object()
class Linter {
  @func()
  async lint(source: Directory, service: string): Promise<string> {
    return dag
      .container()
      .from("ghcr.io/astral-sh/ruff:0.6.9")
      .withMountedDirectory("/src", source.directory(`services/${service}`))
      .withWorkdir("/src")
      .withExec(["ruff", "check", "."])
      .stdout();
  }
}

let session: FakeDaggerSession;
let repo: string;
beforeAll(async () => {
  session = await startFakeDaggerSession();
  repo = mkdtempSync(join(tmpdir(), "fake-dagger-module-"));
  for (const svc of ["alie", "bob"]) {
    mkdirSync(join(repo, "services", svc), { recursive: true });
    writeFileSync(join(repo, "services", svc, "main.py"), "");
  }
});
afterAll(async () => {
  await session.close();
});

describe("fake dagger session: module classes", () => {
  it("runs a decorated module function in-process", async () => {
    session.onExec((e) => (e.args[0] === "ruff" ? { stdout: "All checks passed!\n" } : undefined));
    const out = await new Linter().lint(session.directory(repo), "alie");
    expect(out).toBe("All checks passed!\n");
    const ruff = session.execs().find((e) => e.args[0] === "ruff");
    expect(ruff?.mountedDirectories).toEqual([{ path: "/src", files: ["main.py"] }]);
  });
});
