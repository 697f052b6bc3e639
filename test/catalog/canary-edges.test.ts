/**
 * The bounds of project.yaml `deploy.canary` (catalog/canary.ts): a step lasts from one minute to
 * one hour, both included, and each step's percent is strictly above the one before.
 */
import { describe, expect, it } from "vitest";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import { catalogErrorOf, catalogFiles, expectProblem, paths } from "./fixtures.js";

const withCanary = (canary: unknown[]) => catalogFiles((d) => void (d.project.deploy = { strategy: "blue-green", canary }));

describe("deploy.canary", () => {
  it("accepts steps of exactly one minute and exactly one hour, in seconds or minutes", () => {
    const steps = [
      { percent: 5, for: "60s" },
      { percent: 10, for: "1m" },
      { percent: 20, for: "3600s" },
      { percent: 50, for: "60m" },
    ];
    expect(parseCatalog(withCanary(steps)).project.deploy.canary).toEqual(steps);
  });

  it("rejects a step of 59 seconds", () => {
    expectProblem(catalogErrorOf(withCanary([{ percent: 10, for: "59s" }])).problems, paths.project, "deploy.canary[0].for", "must be at least 60s");
  });

  it("rejects a step of 61 minutes", () => {
    expectProblem(catalogErrorOf(withCanary([{ percent: 10, for: "61m" }])).problems, paths.project, "deploy.canary[0].for", "must be at most 3600s (1h) per step");
  });

  it("rejects a step with the same percent as the one before", () => {
    const { problems } = catalogErrorOf(withCanary([{ percent: 10, for: "5m" }, { percent: 10, for: "5m" }]));
    expectProblem(problems, paths.project, "deploy.canary", "each step's percent must be higher than the one before");
  });
});
