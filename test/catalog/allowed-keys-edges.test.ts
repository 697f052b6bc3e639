/**
 * The allowed fields an "unknown field" problem lists (catalog/allowed-keys.ts): inside list items,
 * and nothing (rather than a crash) for paths that lead past a value or to a field that is not a
 * mapping.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { allowedKeysAt, schemaAt } from "../../ci/src/catalog/allowed-keys.js";
import { catalogErrorOf, catalogFiles, paths } from "./fixtures.js";

const doc = z.strictObject({
  name: z.string(),
  steps: z.array(z.strictObject({ run: z.string(), timeout: z.string().optional() })).default([]),
  env: z.record(z.string(), z.strictObject({ value: z.string() })).optional(),
});

describe("allowedKeysAt", () => {
  it("lists the fields of a list item", () => {
    expect(allowedKeysAt(doc, ["steps", 0])).toEqual(["run", "timeout"]);
  });

  it("lists the fields of a mapping's value", () => {
    expect(allowedKeysAt(doc, ["env", "LOG_LEVEL"])).toEqual(["value"]);
  });

  it("lists nothing for a field the schema does not have", () => {
    expect(allowedKeysAt(doc, ["nope"])).toEqual([]);
  });

  it("lists nothing for a field that holds a plain value, not a mapping", () => {
    expect(allowedKeysAt(doc, ["name"])).toEqual([]);
  });
});

describe("schemaAt", () => {
  it("finds no schema for a path that goes on past a plain value", () => {
    expect(schemaAt(doc, ["name", "first", "second"])).toBeUndefined();
  });
});

describe("unknown fields in a list item", () => {
  it("lists the fields a job schedule allows", () => {
    const files = catalogFiles((d) => void (d.job.schedules[0].cron = "0 3 * * *"));
    const problem = catalogErrorOf(files).problems.find((p) => p.field === "schedules[0].cron");
    expect(problem).toMatchObject({ file: paths.job, message: expect.stringMatching(/^unknown field "cron"; allowed here: name, schedule, /) });
  });
});
