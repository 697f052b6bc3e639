/**
 * Schedule fields of the catalog schema (catalog/schema.ts) at their bounds: Cloud Scheduler's
 * attempt deadline for HTTP targets starts at 15s.
 */
import { describe, expect, it } from "vitest";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import { type Doc, catalogErrorOf, catalogFiles, paths } from "./fixtures.js";

const withDeadline = (attemptDeadline: string) => catalogFiles((d) => void Object.assign((d.job.schedules as Doc[])[0]!, { attemptDeadline }));

describe("schedules[].attemptDeadline", () => {
  it("accepts 15s, Cloud Scheduler's minimum", () => {
    expect(parseCatalog(withDeadline("15s")).jobs[0]!.schedules[0]!.attemptDeadline).toBe("15s");
  });

  it("refuses 14s, naming the minimum", () => {
    expect(catalogErrorOf(withDeadline("14s")).problems).toEqual([
      { file: paths.job, field: "schedules[0].attemptDeadline", message: `must be at least 15s (Cloud Scheduler's minimum for HTTP targets) (got "14s")` },
    ]);
  });
});
