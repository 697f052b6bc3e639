/**
 * Seeded mutations of the real catalog's files for the parser fuzz test: each one is a function of
 * its seed alone, so a failing mutation is reproduced from the seed the test names.
 */
import { seededRandom } from "../../support/prng.js";
import type { CatalogFile } from "../../../ci/src/catalog/parse.js";

export interface Mutation {
  seed: number;
  /** What was done to which file, e.g. "pipelines/services/alie.yaml: duplicate line 7 x3". */
  description: string;
  files: CatalogFile[];
}

interface Rng {
  next: () => number;
  int: (n: number) => number;
  pick: <T>(items: readonly T[]) => T;
  chance: (p: number) => boolean;
}

function rngOf(seed: number): Rng {
  const next = seededRandom(seed);
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: (items) => items[int(items.length)]!, chance: (p) => next() < p };
}

/** One mutator: new text and a short description of what it did. */
type Mutator = (text: string, rng: Rng) => [string, string];

const YAML_CHARS = [..."[]{}:,-?&*!|>'\"%@`#\t\n \\"];
const UNICODE = ["\u00e9", "\u4e2d\u6587", "\u{1F680}", "\u200b", "\u202e", "\ufeff", "\u0000", "\ud800", "\udc00", "e\u0301", "\u2028", "\u0085", "\r"];
const SCALARS = ["1", "0", "-1", "3.5", "1e400", ".inf", ".nan", "0x1F", "0o17", "true", "false", "yes", "no", "null", "~", "''", '""', "[]", "{}", "[a, b]", "{a: 1}", "300", "512", "!!str 5", "!!int x", "!!binary aGk=", "!!timestamp 2024-01-01", "2024-01-01", "&x 5", "*x", "|\n  text", ">-\n  folded"];

const lineIndex = (lines: string[], rng: Rng) => rng.int(lines.length);
const valuePos = (text: string, rng: Rng): number => {
  const spots = [...text.matchAll(/: /g)].map((m) => m.index! + 2);
  return spots.length ? rng.pick(spots) : rng.int(text.length + 1);
};
const insertAt = (text: string, at: number, piece: string) => `${text.slice(0, at)}${piece}${text.slice(at)}`;

const mutators: Record<string, Mutator> = {
  flipChars: (text, rng) => {
    const chars = [...text];
    const n = 1 + rng.int(8);
    for (let i = 0; i < n && chars.length; i++) chars[rng.int(chars.length)] = rng.chance(0.7) ? rng.pick(YAML_CHARS) : String.fromCharCode(rng.int(0x10000));
    return [chars.join(""), `flip ${n} characters`];
  },
  deleteRange: (text, rng) => {
    const from = rng.int(text.length);
    const length = 1 + rng.int(rng.chance(0.5) ? 10 : 200);
    return [text.slice(0, from) + text.slice(from + length), `delete ${length} characters at ${from}`];
  },
  truncate: (text, rng) => {
    const at = rng.int(text.length);
    return [text.slice(0, at), `truncate at ${at}`];
  },
  duplicateLine: (text, rng) => {
    const lines = text.split("\n");
    const i = lineIndex(lines, rng);
    const times = 1 + rng.int(4);
    lines.splice(i, 0, ...Array<string>(times).fill(lines[i]!));
    return [lines.join("\n"), `duplicate line ${i + 1} x${times}`];
  },
  duplicateBlock: (text, rng) => {
    const lines = text.split("\n");
    const from = lineIndex(lines, rng);
    const block = lines.slice(from, from + 1 + rng.int(6));
    const to = lineIndex(lines, rng);
    lines.splice(to, 0, ...block);
    return [lines.join("\n"), `copy ${block.length} lines from line ${from + 1} to line ${to + 1}`];
  },
  swapLines: (text, rng) => {
    const lines = text.split("\n");
    const a = lineIndex(lines, rng);
    const b = lineIndex(lines, rng);
    [lines[a], lines[b]] = [lines[b]!, lines[a]!];
    return [lines.join("\n"), `swap lines ${a + 1} and ${b + 1}`];
  },
  reindent: (text, rng) => {
    const lines = text.split("\n");
    const n = 1 + rng.int(4);
    for (let k = 0; k < n; k++) {
      const i = lineIndex(lines, rng);
      const indent = rng.chance(0.2) ? "\t" : " ".repeat(rng.int(12));
      lines[i] = indent + lines[i]!.trimStart();
    }
    return [lines.join("\n"), `re-indent ${n} lines`];
  },
  hugeRepetition: (text, rng) => {
    const lines = text.split("\n");
    const i = lineIndex(lines, rng);
    const unit = rng.chance(0.5) ? `${lines[i]}\n` : `${lines.slice(i, i + 4).join("\n")}\n`;
    const target = rng.pick([20_000, 100_000, 250_000, 400_000]);
    const times = Math.max(1, Math.floor(target / Math.max(unit.length, 1)));
    lines.splice(i, 0, unit.repeat(times));
    return [lines.join("\n"), `repeat line ${i + 1} (${unit.length} chars) x${times}`];
  },
  manyKeys: (text, rng) => {
    const n = rng.pick([1_000, 10_000, 30_000]);
    const dup = rng.chance(0.3);
    const keys = Array.from({ length: n }, (_, i) => `  K${dup ? i % 7 : i}: "${i}"\n`).join("");
    return [text.replace(/^run:\n/m, `run:\n  env:\n${keys}`) + (text.includes("\nrun:") ? "" : `run:\n  env:\n${keys}`), `${n} env keys${dup ? " with duplicates" : ""}`];
  },
  anchorsAliases: (text, rng) => {
    const kind = rng.int(6);
    if (kind === 0) {
      const n = rng.pick([10, 150, 5_000]);
      return [`${text}\nx-anchor: &small "v"\nx-uses: [${Array<string>(n).fill("*small").join(", ")}]\n`, `one small anchor used ${n} times`];
    }
    if (kind === 1) {
      const levels = 3 + rng.int(8);
      let bomb = "bomb0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
      for (let l = 1; l <= levels; l++) bomb += `bomb${l}: &a${l} [${Array<string>(10).fill(`*a${l - 1}`).join(", ")}]\n`;
      return [text + bomb, `alias bomb of ${levels} levels`];
    }
    if (kind === 2) return [`${text}\nself: &me [a, *me]\n`, "alias inside its own anchor"];
    if (kind === 3) return [insertAt(text, valuePos(text, rng), "*nowhere "), "alias without an anchor"];
    if (kind === 4) {
      const at = valuePos(text, rng);
      return [insertAt(text, at, "&shared "), `anchor at ${at}`];
    }
    return [text.replace(/^(\s*)(\w+): (.+)$/m, "$1$2: &v $3\n$1copy: *v"), "anchor a value and alias it in the same mapping"];
  },
  mergeKeys: (text, rng) => {
    const piece = rng.pick(["<<: *base", "<<: {public: true}", "<<: [*base, {cpu: '2'}]", "<<: 5", "<<:", "<<: *nowhere", "<<: [1, 2]", '"<<": x']);
    const base = rng.chance(0.7) ? "x-base: &base {memory: 1Gi, concurrency: 5}\n" : "";
    return [`${base}${text.replace(/^run:\n/m, `run:\n  ${piece}\n`)}`, `merge key ${JSON.stringify(piece)}${base ? " with an anchor" : ""}`];
  },
  deepNesting: (text, rng) => {
    const depth = rng.pick([10, 63, 64, 65, 200, 20_000]);
    const style = rng.int(4);
    const nested =
      style === 0
        ? "[".repeat(depth) + "]".repeat(rng.chance(0.5) ? depth : 0)
        : style === 1
          ? "{a: ".repeat(depth) + "}".repeat(rng.chance(0.5) ? depth : 0)
          : style === 2
            ? "- ".repeat(depth) + "x"
            : `\n${Array.from({ length: Math.min(depth, 700) }, (_, i) => `${" ".repeat(i + 2)}k${i}:`).join("\n")} x`;
    return [insertAt(text, valuePos(text, rng), nested), `nest ${depth} levels (style ${style})`];
  },
  typeSwap: (text, rng) => {
    const values = [...text.matchAll(/: ([^\n]+)/g)];
    if (!values.length) return [text, "no value to swap"];
    const m = rng.pick(values);
    const replacement = rng.pick(SCALARS);
    return [text.slice(0, m.index! + 2) + replacement + text.slice(m.index! + m[0].length), `value ${JSON.stringify(m[1])} -> ${JSON.stringify(replacement)}`];
  },
  unicode: (text, rng) => {
    const n = 1 + rng.int(5);
    let out = text;
    for (let i = 0; i < n; i++) out = insertAt(out, rng.int(out.length + 1), rng.pick(UNICODE));
    return [out, `insert ${n} unusual characters`];
  },
  longValue: (text, rng) => {
    const length = rng.pick([1_000, 70_000, 300_000]);
    const quote = rng.pick(["", '"', "'"]);
    return [insertAt(text, valuePos(text, rng), `${quote}${"x".repeat(length)}${quote}`), `a value of ${length} characters${quote ? ` quoted with ${quote}` : ""}`];
  },
  structure: (text, rng) => {
    const piece = rng.pick(["---\n", "...\n", "%YAML 1.1\n---\n", "%YAML 9.9\n---\n", "%TAG ! tag:x,2000:\n---\n", "? [a, b]\n: c\n", "? complex\n", "!!set {a, b}\n", "!!omap [a: 1]\n", "__proto__: {x: 1}\n", "*alias: 1\n", "key: |\n  block\n", "- item\n", "\ufeff", "\r\n"]);
    const lines = text.split("\n");
    const i = lineIndex(lines, rng);
    lines.splice(i, 0, piece.replace(/\n$/, ""));
    return [lines.join("\n"), `insert ${JSON.stringify(piece)} at line ${i + 1}`];
  },
  crlf: (text) => [text.replace(/\n/g, "\r\n"), "CRLF line ends"],
  flowStyle: (text) => [`{${text.split("\n").filter((l) => /^\w/.test(l)).join(", ")}}`, "top-level keys as one flow mapping"],
};

const names = Object.keys(mutators);

/** The mutation for `seed`: one file of `files` changed by one to three mutators. */
export function mutate(files: CatalogFile[], seed: number): Mutation {
  const rng = rngOf(seed);
  const target = rng.pick(files);
  let text = target.text;
  const steps: string[] = [];
  const rounds = rng.chance(0.75) ? 1 : 2 + rng.int(2);
  for (let r = 0; r < rounds; r++) {
    const name = rng.pick(names);
    const [next, what] = mutators[name]!(text, rng);
    // Keep the inputs in a range that says something: a few past the size limit, none absurd.
    if (next.length > 600_000) continue;
    text = next;
    steps.push(`${name}: ${what}`);
  }
  return { seed, description: `${target.path}: ${steps.join("; ") || "unchanged"}`, files: files.map((f) => (f === target ? { ...f, text } : f)) };
}
