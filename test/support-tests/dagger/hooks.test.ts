import { describe, expect, it } from "vitest";
import { dag } from "@dagger.io/dagger";
import { useFakeDaggerSession } from "../../support/dagger/index.js";

const session = useFakeDaggerSession({}, (s) => s.onExec(() => ({ stdout: "prepared\n" })));

/** What reading the session at collection time (outside tests and hooks) does. */
const readBeforeStart = (() => {
  try {
    session();
    return "no error";
  } catch (err) {
    return (err as Error).message;
  }
})();

describe("fake dagger session: test-file hooks", () => {
  it("refuses to hand out the session before its beforeAll started it", () => {
    expect(readBeforeStart).toMatch(/only inside tests and hooks/);
  });

  it("hands tests the session the SDK is connected to", async () => {
    await dag.container().from("alpine").withExec(["true"]).sync();
    expect(session().execs().map((e) => e.args)).toEqual([["true"]]);
  });

  it("runs prepare on the freshly reset session before each test", async () => {
    expect(session().execs()).toEqual([]);
    expect(await dag.container().from("alpine").withExec(["echo"]).stdout()).toBe("prepared\n");
  });
});
