/**
 * parseBuildSecrets: the --build-secrets text split into the ids a Dockerfile mounts.
 */
import { describe, expect, it } from "vitest";
import { parseBuildSecrets } from "../../ci/src/containers/build-secrets.js";

const parse = (text: string, wanted: readonly string[] = ["A", "B"]) => Object.fromEntries(parseBuildSecrets(text, wanted));

describe("parseBuildSecrets", () => {
  it("reads ID=value lines", () => {
    expect(parse("A=1\nB=two\n")).toEqual({ A: "1", B: "two" });
  });

  it("returns every id given, not only the wanted ones", () => {
    expect(parse("A=1\nB=2\nC=3\n")).toEqual({ A: "1", B: "2", C: "3" });
  });

  it("skips comment lines", () => {
    expect(parse("# registry token\nA=1\n  # indented comment\nB=2\n")).toEqual({ A: "1", B: "2" });
  });

  it("skips blank and whitespace-only lines", () => {
    expect(parse("\nA=1\n   \n\nB=2\n")).toEqual({ A: "1", B: "2" });
  });

  it("accepts an export prefix", () => {
    expect(parse("export A=1\nexport   B=2\n")).toEqual({ A: "1", B: "2" });
  });

  it("strips matching double quotes", () => {
    expect(parse('A="with space"\n')).toEqual({ A: "with space" });
  });

  it("strips matching single quotes", () => {
    expect(parse("A='single'\n")).toEqual({ A: "single" });
  });

  it("keeps mismatched quotes as part of the value", () => {
    expect(parse("A=\"half'\n")).toEqual({ A: "\"half'" });
  });

  it("an empty quoted value is the empty string", () => {
    expect(parse('A=""\n')).toEqual({ A: "" });
  });

  it("an empty value is the empty string", () => {
    expect(parse("A=\n")).toEqual({ A: "" });
  });

  it("drops the carriage return of CRLF lines", () => {
    expect(parse("A=1\r\nB=2\r\n")).toEqual({ A: "1", B: "2" });
  });

  it("keeps = signs inside the value", () => {
    expect(parse("A=dG9rZW4=\nB=x=y==\n")).toEqual({ A: "dG9rZW4=", B: "x=y==" });
  });

  it("accepts ids with dots, dashes and underscores", () => {
    expect(parse("pip.index-url_1=https://idx\n")).toEqual({ "pip.index-url_1": "https://idx" });
  });

  it("the last line for an id wins", () => {
    expect(parse("A=old\nA=new\n")).toEqual({ A: "new" });
  });

  it("ignores lines that are not ID=value", () => {
    expect(parse("just text\nA=1\n")).toEqual({ A: "1" });
  });

  it("a line with spaces around = is not read", () => {
    expect(parse("A = 1\n")).toEqual({});
  });

  it("a last line without a newline is read", () => {
    expect(parse("A=1\nB=2")).toEqual({ A: "1", B: "2" });
  });

  it("with several wanted ids and none given, returns nothing", () => {
    expect(parse("", ["A", "B"])).toEqual({});
  });

  it("a single wanted id takes its own line when the text has one", () => {
    expect(parse("PIP_INDEX_URL=https://tok@idx/simple\nOTHER=x\n", ["PIP_INDEX_URL"])).toEqual({ PIP_INDEX_URL: "https://tok@idx/simple", OTHER: "x" });
  });

  it("a single wanted id with raw text takes the whole text as its value", () => {
    expect(parse("https://tok@idx/simple", ["PIP_INDEX_URL"])).toEqual({ PIP_INDEX_URL: "https://tok@idx/simple" });
  });

  it("raw text for a single id loses its trailing newline", () => {
    expect(parse("https://tok@idx/simple\n", ["PIP_INDEX_URL"])).toEqual({ PIP_INDEX_URL: "https://tok@idx/simple" });
  });

  it("raw text for a single id loses a trailing CRLF", () => {
    expect(parse("secret\r\n", ["T"])).toEqual({ T: "secret" });
  });

  it("raw text for a single id loses only one trailing newline", () => {
    expect(parse("secret\n\n", ["T"])).toEqual({ T: "secret\n" });
  });

  it("raw text ending in = (base64) for a single id is still the whole value", () => {
    expect(parse("dG9rZW4=\n", ["T"])).toEqual({ T: "dG9rZW4=" });
  });

  it("a single wanted id missing from ID=value text takes the whole text as its value (documented fallback)", () => {
    expect(parse("OTHER=abc\n", ["T"])).toEqual({ T: "OTHER=abc" });
  });
});
