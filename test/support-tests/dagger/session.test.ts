import { afterEach, describe, expect, it } from "vitest";
import { dag, GraphQLClient } from "@dagger.io/dagger";
import { startFakeDaggerSession, type FakeDaggerSession } from "../../support/dagger/index.js";

let session: FakeDaggerSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe("fake dagger session: lifecycle", () => {
  it("sets the session variables the SDK reads", async () => {
    session = await startFakeDaggerSession();
    expect(process.env["DAGGER_SESSION_PORT"]).toBe(String(session.port));
    expect(process.env["DAGGER_SESSION_TOKEN"]).toMatch(/^[0-9a-f]{32}$/);
  });

  it("serves the SDK's connection() path", async () => {
    session = await startFakeDaggerSession();
    const s = session;
    const out = await s.run(async () => {
      s.onExec(() => ({ stdout: "from connection\n" }));
      return dag.container().from("alpine").withExec(["echo"]).stdout();
    });
    expect(out).toBe("from connection\n");
    expect(await dag.container().from("alpine").withExec(["echo"]).stdout()).toBe("from connection\n");
  });

  it("rejects requests without the session token", async () => {
    session = await startFakeDaggerSession();
    const client = new GraphQLClient(`http://127.0.0.1:${session.port}/query`, {
      headers: { Authorization: "Basic " + Buffer.from("wrong:").toString("base64") },
    });
    await expect(client.request("{ version }")).rejects.toThrow(/unauthorized/);
  });

  it("serves a second session started after the first closed", async () => {
    const first = await startFakeDaggerSession();
    await first.close();
    session = await startFakeDaggerSession();
    session.onExec(() => ({ stdout: "second\n" }));
    expect(await dag.container().from("alpine").withExec(["echo"]).stdout()).toBe("second\n");
    expect(session.execs()).toHaveLength(1);
  });

  it("forgets recordings and exec scripts on reset", async () => {
    session = await startFakeDaggerSession();
    session.onExec(() => ({ exitCode: 1 }));
    await dag.container().from("alpine").withExec(["x"]).exitCode().catch(() => undefined);
    session.reset();
    expect(session.queries).toHaveLength(0);
    expect(await dag.container().from("alpine").withExec(["x"]).exitCode()).toBe(0);
  });
});
