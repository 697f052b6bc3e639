/**
 * The bundled-example notice put in front of reports when --source is this module's own repository.
 */
import { describe, expect, it } from "vitest";
import { BUNDLED_EXAMPLE_NOTICE, jsonWithNotice, MODULE_NAME, withNotice } from "../../ci/src/source/bundled.js";

describe("withNotice", () => {
  it("puts the notice first, then a blank line, then the text", () => {
    expect(withNotice("NOTE: example", "report body")).toBe("NOTE: example\n\nreport body");
  });

  it("the notice is the first line of the result", () => {
    expect(withNotice(BUNDLED_EXAMPLE_NOTICE, "line 1\nline 2").split("\n")[0]).toBe(BUNDLED_EXAMPLE_NOTICE);
  });

  it("returns the text unchanged without a notice", () => {
    expect(withNotice(undefined, "report body\n")).toBe("report body\n");
  });

  it("returns the text unchanged for an empty notice", () => {
    expect(withNotice("", "report body")).toBe("report body");
  });
});

describe("jsonWithNotice", () => {
  it("returns the JSON unchanged (not even reformatted) without a notice", () => {
    expect(jsonWithNotice(undefined, '{"a":1}')).toBe('{"a":1}');
  });

  it("puts notice as the first key and keeps the body's keys in order", () => {
    expect(jsonWithNotice("N", '{"b":1,"a":{"c":2}}')).toBe(JSON.stringify({ notice: "N", b: 1, a: { c: 2 } }, null, 2));
  });

  it("notice is the first key of the parsed result", () => {
    expect(Object.keys(JSON.parse(jsonWithNotice("N", '{"targets":[],"ok":true}')) as object)).toEqual(["notice", "targets", "ok"]);
  });

  it("wraps an array body under result", () => {
    expect(JSON.parse(jsonWithNotice("N", "[1,2]"))).toEqual({ notice: "N", result: [1, 2] });
  });

  it("wraps a scalar body under result", () => {
    expect(JSON.parse(jsonWithNotice("N", '"text"'))).toEqual({ notice: "N", result: "text" });
  });

  it("wraps a null body under result", () => {
    expect(JSON.parse(jsonWithNotice("N", "null"))).toEqual({ notice: "N", result: null });
  });

  it("throws on a body that is not JSON when a notice is given", () => {
    expect(() => jsonWithNotice("N", "not json")).toThrow(SyntaxError);
  });
});

describe("BUNDLED_EXAMPLE_NOTICE", () => {
  it("names the module and tells the user to pass --source=.", () => {
    expect(BUNDLED_EXAMPLE_NOTICE).toBe(
      `NOTE: --source is ${MODULE_NAME}'s own repository, so this reads its bundled example catalog, not your repository. ` +
        `Pass your repository: dagger -m github.com/OWNER/${MODULE_NAME}@vX call --source=. <function> (or install it as a toolchain; README "Use it in your repository").`,
    );
  });

  it("the module is named cloud-run-pipeline", () => {
    expect(MODULE_NAME).toBe("cloud-run-pipeline");
  });
});
