/**
 * Reads an mkdocs.yml as MkDocs does, without running Python: the custom tags MkDocs and its
 * plugins use are tolerated. `!ENV` takes its default (the pipeline never reads the module's own
 * environment), `!relative` becomes a RelativePath, and every other tag (`!!python/name:...`,
 * `!!python/object/apply:...`, anything a plugin invents) keeps its plain YAML value.
 */
import { isNode, isSeq, parseDocument, Scalar, type CollectionTag, type ScalarTag } from "yaml";

/** `!relative $config_dir/sub`: a path relative to the config folder, the docs folder or the page. */
export class RelativePath {
  constructor(readonly spec: string) {}
}

/** `!ENV [A, B, default]` -> default; `!ENV A` or `!ENV [A]` -> null (no default). */
const envScalar: ScalarTag = { tag: "!ENV", resolve: () => null };
const envSeq: CollectionTag = {
  tag: "!ENV",
  collection: "seq",
  resolve: (value) => {
    const items = isSeq(value) ? value.items : [];
    const fallback = items.length >= 2 ? items[items.length - 1] : null;
    // A node is kept as is (a mapping default stays a mapping); null must be wrapped, since the
    // parser keeps the tagged sequence when resolve returns null.
    return isNode(fallback) ? fallback : new Scalar(fallback ?? null);
  },
};
const relative: ScalarTag = { tag: "!relative", resolve: (str) => new RelativePath(str.trim()) };

export class MkdocsYamlError extends Error {}

/** The config as a plain object; throws MkdocsYamlError for YAML that is not a mapping or not YAML. */
export function parseMkdocsYaml(text: string): Record<string, unknown> {
  const doc = parseDocument(text, { customTags: [envScalar, envSeq, relative], logLevel: "silent", uniqueKeys: false });
  if (doc.errors.length) throw new MkdocsYamlError(doc.errors[0]!.message.split("\n")[0]!);
  const value: unknown = doc.toJS({ maxAliasCount: -1 });
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw new MkdocsYamlError("the file is not a YAML mapping of settings");
  return value as Record<string, unknown>;
}
