/**
 * Formatting of catalog problems and unknown-name errors.
 */
import { describe, expect, it } from "vitest";
import { CatalogError, UnknownTargetError, fieldPath, formatProblems } from "../../ci/src/catalog/errors.js";

describe("fieldPath", () => {
  it("joins names with dots", () => {
    expect(fieldPath(["run", "secrets", "OPENAI_API_KEY", "version"])).toBe("run.secrets.OPENAI_API_KEY.version");
  });

  it("writes list indexes in brackets without a dot", () => {
    expect(fieldPath(["test", "databases", 1, "alias"])).toBe("test.databases[1].alias");
  });

  it("writes consecutive indexes one after the other", () => {
    expect(fieldPath(["lint", "commands", 0, 2])).toBe("lint.commands[0][2]");
  });

  it("starts with the index when the path starts with one", () => {
    expect(fieldPath([0, "name"])).toBe("[0].name");
  });

  it("is empty for the whole document", () => {
    expect(fieldPath([])).toBe("");
  });
});

describe("formatProblems", () => {
  it("says 1 problem in the singular", () => {
    expect(formatProblems([{ file: "pipelines/project.yaml", field: "region", message: "bad" }])).toMatch(/^The catalog has 1 problem:\n/);
  });

  it("leaves out the field for whole-file problems", () => {
    expect(formatProblems([{ file: "pipelines/jobs/a.yaml", field: "", message: "the file is empty" }])).toContain(
      "  - pipelines/jobs/a.yaml: the file is empty\n",
    );
  });

  it("ends by telling how to fix the files", () => {
    expect(formatProblems([{ file: "f", field: "x", message: "m" }])).toMatch(/Fix the files above \(the schema\.json beside the catalog gives editor completion\) and run again\.$/);
  });

  it("is the message of a CatalogError, which keeps the problems", () => {
    const problems = [{ file: "pipelines/project.yaml", field: "region", message: "bad" }];
    const error = new CatalogError(problems);
    expect(error.message).toBe(formatProblems(problems));
    expect(error.problems).toEqual(problems);
  });
});

describe("UnknownTargetError", () => {
  it("lists the valid names", () => {
    expect(new UnknownTargetError("service", "web", ["alie", "cloud"]).message).toBe('Unknown service "web". Valid services: alie, cloud.');
  });

  it("says none exist and how to add one when the list is empty", () => {
    expect(new UnknownTargetError("job", "nightly", []).message).toBe('Unknown job "nightly". Valid jobs: none (add jobs/nightly.yaml to the catalog folder).');
  });

  it("uses the given hint when none exist", () => {
    expect(new UnknownTargetError("environment", "qa", [], "declare it").message).toBe('Unknown environment "qa". Valid environments: none (declare it).');
  });

  it("names both kinds in the plural for a choice of kinds", () => {
    expect(new UnknownTargetError("service or job", "x", ["a"]).message).toBe('Unknown service or job "x". Valid services and jobs: a.');
  });

  it("is named UnknownTargetError", () => {
    expect(new UnknownTargetError("site", "x", []).name).toBe("UnknownTargetError");
  });
});
