/**
 * lib/spans.ts with a recording provider: spans end whatever happens, throws are recorded and
 * rethrown as they are, nested spans are children, progress is cheap and bounded.
 */
import { describe, expect, it } from "vitest";
import { currentSpan, progress, withSpan } from "../../ci/src/lib/spans.js";
import { ERROR, UNSET, useSpanRecorder } from "./support/recorder.js";

const spans = useSpanRecorder();

describe("withSpan", () => {
  it("returns the work's value and ends its span with no error", async () => {
    expect(await withSpan("list bucket objects", async () => 42)).toBe(42);
    const span = spans.named("list bucket objects");
    expect(span.ended).toBe(true);
    expect(span.status.code).toBe(UNSET);
  });

  it("rethrows the very error the work threw, after ending the span failed with the exception recorded", async () => {
    const thrown = new Error("bucket docs-prod does not exist");
    await expect(withSpan("check bucket docs-prod", async () => { throw thrown; })).rejects.toBe(thrown);
    const span = spans.named("check bucket docs-prod");
    expect(span.ended).toBe(true);
    expect(span.status).toEqual({ code: ERROR, message: "bucket docs-prod does not exist" });
    expect(span.events.map((e) => [e.name, e.attributes?.["exception.message"]])).toEqual([["exception", "bucket docs-prod does not exist"]]);
  });

  it("fails the span on a thrown value that is not an Error, and rethrows that value", async () => {
    await expect(withSpan("odd", () => Promise.reject("plain text"))).rejects.toBe("plain text");
    expect(spans.named("odd").status).toEqual({ code: ERROR, message: "plain text" });
  });

  it("makes spans started inside the work its children, also across awaits and in parallel", async () => {
    await withSpan("deploy service api", async () => {
      await new Promise((r) => setTimeout(r, 5));
      await Promise.all([withSpan("probe a (attempt 1)", async () => {}), withSpan("probe a (attempt 2)", () => withSpan("inner", async () => {}))]);
    });
    const deploy = spans.named("deploy service api");
    expect(deploy.parentSpanContext).toBeUndefined();
    expect(spans.childrenOf(deploy).sort()).toEqual(["probe a (attempt 1)", "probe a (attempt 2)"]);
    expect(spans.childrenOf(spans.named("probe a (attempt 2)"))).toEqual(["inner"]);
    expect(spans.isUnder(spans.named("inner"), deploy)).toBe(true);
  });

  it("starts sibling spans, not nested ones, for work run one after the other", async () => {
    await withSpan("first", async () => {});
    await withSpan("second", async () => {});
    expect(spans.named("second").parentSpanContext).toBeUndefined();
  });

  it("keeps the attributes it is given, leaving out undefined ones", async () => {
    await withSpan("publish image alie", async (span) => span.set({ "image.digest": "sha256:1", missing: undefined }), { "image.tags": ["abc1234"], none: undefined });
    expect(spans.named("publish image alie").attributes).toEqual({ "image.tags": ["abc1234"], "image.digest": "sha256:1" });
  });

  it("marks a span failed without a throw when the work says it failed", async () => {
    const value = await withSpan("probe https://x (attempt 1)", async (span) => {
      span.fail("answered HTTP 503");
      return false;
    });
    expect(value).toBe(false);
    expect(spans.named("probe https://x (attempt 1)").status).toEqual({ code: ERROR, message: "answered HTTP 503" });
  });

});

describe("currentSpan", () => {
  it("adds events and attributes to the innermost span around the caller", async () => {
    await withSpan("outer", () => withSpan("upload 3 of 3 files", async () => {
      currentSpan().event("uploaded 3 of 3 files");
      currentSpan().set({ "files.uploaded": 3 });
    }));
    const upload = spans.named("upload 3 of 3 files");
    expect(upload.events.map((e) => e.name)).toEqual(["uploaded 3 of 3 files"]);
    expect(upload.attributes).toEqual({ "files.uploaded": 3 });
    expect(spans.named("outer").events).toEqual([]);
  });

  it("ignores everything outside a span", () => {
    expect(() => {
      currentSpan().event("nowhere");
      currentSpan().fail("nothing");
    }).not.toThrow();
    expect(spans.spans()).toEqual([]);
  });
});

describe("progress", () => {
  it("adds about twenty events and the count so far, the last one at the end, for 5,000 items", async () => {
    await withSpan("upload 5000 of 5000 files", async (span) => {
      const uploaded = progress(span, 5000, "uploaded", "files");
      for (let i = 0; i < 5000; i++) uploaded();
    });
    const span = spans.named("upload 5000 of 5000 files");
    expect(span.events).toHaveLength(20);
    expect(span.events[0]!.name).toBe("uploaded 250 of 5000 files");
    expect(span.events.at(-1)!.name).toBe("uploaded 5000 of 5000 files");
    expect(span.attributes).toEqual({ "files.uploaded": 5000, "files.total": 5000 });
  });

  it("says where it stopped when not every item got done", async () => {
    await withSpan("upload 37 of 50 files", async (span) => {
      const uploaded = progress(span, 37, "uploaded", "files", 10);
      for (let i = 0; i < 25; i++) uploaded();
    });
    const span = spans.named("upload 37 of 50 files");
    expect(span.events.map((e) => e.name)).toEqual(["uploaded 10 of 37 files", "uploaded 20 of 37 files"]);
    expect(span.attributes["files.uploaded"]).toBe(20);
  });
});
