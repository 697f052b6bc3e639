/**
 * Turns one parsed YAML document (yaml's node tree) into plain data, in one pass that is linear in
 * the tree's size: duplicate keys found with one Set per mapping, aliases resolved through a table
 * of anchors, `<<` merge keys applied, and two limits enforced (nesting depth, and how many values
 * the aliases stand for). yaml's own `toJS` is not used: its duplicate-key check is quadratic per
 * mapping, its alias lookup scans every earlier anchor, and it throws raw errors (ReferenceError,
 * "Merge sources must be maps") instead of saying where the problem is.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, Scalar, type Alias, type Node, type Pair } from "yaml";
import { fieldPath } from "./errors.js";

export interface DataLimits {
  /** Mappings and lists nested inside each other, the document's own mapping counting as 1. */
  maxDepth: number;
  /** Values that aliases (`*name`, `<<: *name`) stand for, summed over every alias of the file. */
  maxAliasValues: number;
}

/** A problem inside the document: the field path and the message (the caller adds the file). */
export interface DataProblem {
  field: string;
  message: string;
}

export type DataResult = { value: unknown } | { problems: DataProblem[] };

/** Describes where an offset of the file is, e.g. "line 3, column 7". */
export type Where = (offset: number | undefined) => string;

/** Past this many problems in one file, the rest are counted, not listed. */
const MAX_LISTED = 20;

/** Thrown inside the walk when a limit is crossed: the walk stops, the problem is reported. */
class LimitCrossed extends Error {
  constructor(readonly problem: DataProblem) {
    super(problem.message);
  }
}

interface Converted {
  value: unknown;
  /** Values this node stands for once every alias inside it is expanded (a scalar is 1). */
  size: number;
}

type Path = ReadonlyArray<PropertyKey>;

export function toData(root: unknown, limits: DataLimits, where: Where): DataResult {
  const anchors = new Map<string, Node>();
  const finished = new Map<Node, Converted>();
  const problems: DataProblem[] = [];
  let unlisted = 0;
  let aliasValues = 0;

  const report = (path: Path, message: string) => {
    if (problems.length < MAX_LISTED) problems.push({ field: fieldPath(path), message });
    else unlisted += 1;
  };

  const convert = (node: unknown, path: Path, depth: number): Converted => {
    if (node === null || node === undefined) return { value: null, size: 1 };
    if (isAlias(node)) return resolveAlias(node, path);
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) anchors.set(anchor, node as Node);
    let converted: Converted;
    if (isScalar(node)) converted = { value: scalarValue(node.value), size: 1 };
    else if (isMap(node) || isSeq(node) || isPair(node)) {
      // (A pair on its own is a `key: value` written as an item of a flow list: a one-entry mapping.)
      if (depth + 1 > limits.maxDepth) {
        throw new LimitCrossed({
          field: fieldPath(path),
          message: `invalid YAML (${where(rangeStart(node))}): nested more than ${limits.maxDepth} levels deep; catalog files nest a few levels, and at most ${limits.maxDepth} are read`,
        });
      }
      converted = isSeq(node) ? convertSeq(node.items, path, depth + 1) : convertMap(isPair(node) ? [node] : node.items, path, depth + 1);
    } else converted = { value: null, size: 1 };
    if (anchor) finished.set(node as Node, converted);
    return converted;
  };

  const resolveAlias = (alias: Alias, path: Path): Converted => {
    const target = anchors.get(alias.source);
    const at = () => where(rangeStart(alias));
    if (!target) {
      report(path, `invalid YAML (${at()}): the alias *${alias.source} has no anchor &${alias.source} before it; define the anchor first (anchors do not reach across files)`);
      return { value: null, size: 1 };
    }
    const done = finished.get(target);
    if (!done) {
      report(path, `invalid YAML (${at()}): the alias *${alias.source} is inside the value anchored &${alias.source}, so that value would contain itself; point the alias at another anchor`);
      return { value: null, size: 1 };
    }
    aliasValues += done.size - 1;
    if (aliasValues > limits.maxAliasValues) {
      throw new LimitCrossed({
        field: fieldPath(path),
        message: `invalid YAML (${at()}): the aliases of this file stand for more than ${limits.maxAliasValues.toLocaleString("en-US")} values in all (*${alias.source} alone stands for ${done.size.toLocaleString("en-US")}); reuse smaller anchors or write the values out`,
      });
    }
    return done;
  };

  const convertSeq = (items: unknown[], path: Path, depth: number): Converted => {
    const list: unknown[] = [];
    let size = 1;
    items.forEach((item, i) => {
      const converted = convert(item, [...path, i], depth);
      list.push(converted.value);
      size += converted.size;
    });
    return { value: list, size };
  };

  const convertMap = (pairs: unknown[], path: Path, depth: number): Converted => {
    const map: Record<string, unknown> = {};
    const written = new Map<string, number | undefined>();
    let size = 1;
    for (const pair of pairs as Pair[]) {
      const keyNode = pair.key;
      if (isMergeKey(keyNode)) {
        const converted = convert(pair.value, path, depth);
        size += converted.size;
        for (const source of mergeSources(converted.value)) {
          if (source === undefined) {
            report(path, `invalid YAML (${where(rangeStart(keyNode))}): \`<<\` (a YAML merge key) takes a mapping, an alias of one (\`<<: *defaults\`) or a list of them`);
            continue;
          }
          // Keys written in the mapping win over merged ones, and earlier merges over later ones.
          for (const [key, value] of Object.entries(source)) if (!Object.hasOwn(map, key)) map[key] = value;
        }
        continue;
      }
      const key = keyOf(keyNode);
      const at = () => where(rangeStart(keyNode));
      if (typeof key !== "string") {
        report(path, `invalid YAML (${at()}): ${key.problem}`);
        continue;
      }
      // An anchored key (`&k name: ...`) may be aliased later like any scalar.
      const keyAnchor = isScalar(keyNode) ? keyNode.anchor : undefined;
      if (keyAnchor) {
        anchors.set(keyAnchor, keyNode as Node);
        finished.set(keyNode as Node, { value: scalarValue((keyNode as Scalar).value), size: 1 });
      }
      if (key === "__proto__") {
        report([...path, key], `invalid YAML (${at()}): the key "__proto__" is not allowed (JavaScript reads it as the object's prototype)`);
        continue;
      }
      if (written.has(key)) {
        report([...path, key], `invalid YAML (${at()}): the key "${key}" is given twice in this mapping (first at ${where(written.get(key))}); map keys must be unique, keep one`);
        continue;
      }
      written.set(key, rangeStart(keyNode));
      const converted = convert(pair.value, [...path, key], depth);
      map[key] = converted.value;
      size += 1 + converted.size;
    }
    return { value: map, size };
  };

  try {
    const { value } = convert(root, [], 0);
    if (unlisted > 0) problems.push({ field: "", message: `and ${unlisted} more YAML problems like those above in this file` });
    return problems.length ? { problems } : { value };
  } catch (err) {
    if (!(err instanceof LimitCrossed)) throw err;
    return { problems: [...problems, err.problem] };
  }
}

/** A plain `<<` key (quoted, it is an ordinary key). */
function isMergeKey(key: unknown): boolean {
  return isScalar(key) && key.type === Scalar.PLAIN && key.value === "<<";
}

/**
 * The mappings a `<<` merges, in order: its value is a mapping, an alias of one, or a list of
 * those. `undefined` marks an entry that is not a mapping.
 */
function mergeSources(value: unknown): Array<Record<string, unknown> | undefined> {
  const asMapping = (v: unknown) => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
  return Array.isArray(value) ? value.map(asMapping) : [asMapping(value)];
}

/** The key as JavaScript object keys spell it, or why it cannot be one. */
function keyOf(node: unknown): string | { problem: string } {
  if (node === null || node === undefined) return "";
  if (isScalar(node)) return node.value === null ? "" : String(node.value);
  if (isAlias(node)) return { problem: `a key must be written out, not an alias (*${node.source})` };
  return { problem: "a key must be a name or a string, not a list or a mapping" };
}

function scalarValue(value: unknown): unknown {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return String(value);
}

function rangeStart(node: unknown): number | undefined {
  return (node as { range?: [number, number, number] | null } | null)?.range?.[0];
}
