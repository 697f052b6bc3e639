import { describe, expect, it } from "vitest";
import { MkdocsYamlError, parseMkdocsYaml, RelativePath } from "../../ci/src/mkdocs/yaml.js";

describe("parseMkdocsYaml", () => {
  it("takes the default of !ENV [VAR, default] and never reads the environment", () => {
    process.env.SITE_URL_FOR_TEST = "https://from-env.example/";
    expect(parseMkdocsYaml('site_url: !ENV [SITE_URL_FOR_TEST, "https://docs.example/"]\n')).toEqual({ site_url: "https://docs.example/" });
  });

  it("reads !ENV without a default as null", () => {
    expect(parseMkdocsYaml("a: !ENV SITE_URL\nb: !ENV [SITE_URL]\n")).toEqual({ a: null, b: null });
  });

  it("keeps a mapping default of !ENV as a mapping", () => {
    expect(parseMkdocsYaml("a: !ENV [X, {b: 1}]\n")).toEqual({ a: { b: 1 } });
  });

  it("tolerates !!python/name and !!python/object/apply tags", () => {
    const config = parseMkdocsYaml(
      [
        "markdown_extensions:",
        "  - pymdownx.emoji:",
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji",
        "  - toc:",
        "      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}",
      ].join("\n"),
    );
    expect(config.markdown_extensions).toEqual([{ "pymdownx.emoji": { emoji_index: "" } }, { toc: { slugify: { kwds: { case: "lower" } } } }]);
  });

  it("reads !relative as a RelativePath", () => {
    const config = parseMkdocsYaml("a: !relative $config_dir/includes\nb: !relative\n");
    expect(config.a).toEqual(new RelativePath("$config_dir/includes"));
    expect(config.b).toEqual(new RelativePath(""));
  });

  it("keeps the plain value of a tag it does not know", () => {
    expect(parseMkdocsYaml("a: !custom value\nb: !other [1, 2]\n")).toEqual({ a: "value", b: [1, 2] });
  });

  it("reads an empty file as no settings", () => {
    expect(parseMkdocsYaml("")).toEqual({});
  });

  it("fails with MkdocsYamlError for YAML that does not parse or is not a mapping", () => {
    expect(() => parseMkdocsYaml("site_name: [unclosed\n")).toThrow(MkdocsYamlError);
    expect(() => parseMkdocsYaml("- a\n- b\n")).toThrow("the file is not a YAML mapping of settings");
  });
});
