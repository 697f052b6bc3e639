import { describe, expect, it } from "vitest";
import { parseFormat, parseStrategy } from "../../ci/src/commands/context.js";

describe("parseFormat", () => {
  it("accepts text and json", () => {
    expect(parseFormat("text")).toBe("text");
    expect(parseFormat("json")).toBe("json");
  });

  it("rejects anything else, naming the value and the allowed ones", () => {
    expect(() => parseFormat("yaml")).toThrow('--format must be "text" or "json", not "yaml".');
    expect(() => parseFormat("JSON")).toThrow('--format must be "text" or "json", not "JSON".');
    expect(() => parseFormat("")).toThrow('--format must be "text" or "json", not "".');
  });
});

describe("parseStrategy", () => {
  it("accepts blue-green and direct", () => {
    expect(parseStrategy("blue-green")).toBe("blue-green");
    expect(parseStrategy("direct")).toBe("direct");
  });

  it("leaves an empty strategy to the project's deploy.strategy", () => {
    expect(parseStrategy("")).toBeUndefined();
  });

  it("rejects anything else, naming the value and the allowed ones", () => {
    expect(() => parseStrategy("canary")).toThrow('--strategy must be "blue-green" or "direct", not "canary".');
    expect(() => parseStrategy("bluegreen")).toThrow('--strategy must be "blue-green" or "direct", not "bluegreen".');
  });
});
