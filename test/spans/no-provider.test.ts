/**
 * Outside a traced run (no OTEL_* variables, no provider registered) spans cost nothing and
 * change nothing: the work runs, its value and its errors come back as they are.
 */
import { trace } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { currentSpan, withSpan } from "../../ci/src/lib/spans.js";

describe("withSpan without a tracer provider", () => {
  it("runs the work and returns its value", async () => {
    trace.disable();
    expect(await withSpan("sync schedule etl-nightly", async (span) => {
      span.set({ "schedule.action": "created" });
      span.event("created");
      currentSpan().fail("nothing records this");
      return "created";
    })).toBe("created");
  });

  it("rethrows the work's error", async () => {
    trace.disable();
    const thrown = new Error("refused");
    await expect(withSpan("promote api-00002 to 100%", async () => { throw thrown; })).rejects.toBe(thrown);
  });
});
