/**
 * mergeRun and overriddenFields (catalog/overrides.ts): an override's fields replace the base's
 * whole; a field the override leaves undefined is not an override.
 */
import { describe, expect, it } from "vitest";
import { mergeRun, overriddenFields } from "../../ci/src/catalog/overrides.js";

describe("overrides", () => {
  it("replaces whole fields and keeps the base's where the override is undefined", () => {
    type Run = { cpu: string; env: Record<string, string> };
    expect(mergeRun<Run>({ cpu: "1", env: { A: "1", B: "2" } }, { env: { A: "3" }, cpu: undefined })).toEqual({ cpu: "1", env: { A: "3" } });
    expect(mergeRun({ cpu: "1" }, undefined)).toEqual({ cpu: "1" });
  });

  it("names only the fields an override sets", () => {
    expect(overriddenFields({ cpu: "2", memory: undefined, env: {} })).toEqual(new Set(["cpu", "env"]));
    expect(overriddenFields(undefined)).toEqual(new Set());
  });
});
