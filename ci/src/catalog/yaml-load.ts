/**
 * Reads one catalog file's YAML into plain data, in time and memory bounded by the file's size for
 * any input: the size is checked first, nesting depth while yaml's parser builds its syntax tree
 * (before anything recursive runs), duplicate keys and aliases in one linear pass (yaml-data.ts).
 * Every outcome is data or problems naming the file; nothing is thrown.
 */
import { Composer, Lexer, LineCounter, Parser, type CST, type Document } from "yaml";
import type { CatalogProblem } from "./errors.js";
import type { CatalogFile } from "./parse.js";
import { type DataLimits, toData, type Where } from "./yaml-data.js";

export interface YamlLimits extends DataLimits {
  /** Size of the file in bytes (UTF-8). */
  maxBytes: number;
}

/**
 * Limits no real catalog file comes near (the example's files are 0.2-1.2 KB and nest at most 6
 * levels) that keep the worst input cheap. yaml builds about 500 bytes of syntax tree per byte of
 * the densest YAML (`[x,x,x,...]`, thousands of aliases or merge keys): at 256 KiB the slowest
 * inputs found take 0.5-1 s and under 150 MB of heap on a 2-core machine, whatever they hold.
 */
export const CATALOG_YAML_LIMITS: YamlLimits = { maxBytes: 256 * 1024, maxDepth: 64, maxAliasValues: 100_000 };

export type YamlLoad = { value: Record<string, unknown> } | { problems: CatalogProblem[] };

/** Past this many YAML syntax errors in one file, the rest are counted, not listed. */
const MAX_SYNTAX_ERRORS = 10;

const COMPOSE_OPTIONS = {
  // Checked in yaml-data.ts in linear time; yaml's check compares each key with every earlier one.
  uniqueKeys: false,
  // Merge keys are applied in yaml-data.ts; a `%YAML 1.1` directive does not switch schemas
  // (no yes/no booleans, no timestamps, no !!binary / !!set objects).
  merge: false,
  schema: "core",
  resolveKnownTags: false,
} as const;

/** The file's top-level mapping, or why it cannot be read. */
export function loadCatalogYaml({ path, text, bytes = Buffer.byteLength(text, "utf8") }: CatalogFile, limits: YamlLimits = CATALOG_YAML_LIMITS): YamlLoad {
  const fail = (message: string, field = ""): YamlLoad => ({ problems: [{ file: path, field, message }] });
  if (bytes > limits.maxBytes) {
    return fail(`the file is ${formatSize(bytes)}; a catalog file may be at most ${shortSize(limits.maxBytes)} (one target's settings take a few KB), so it was not read`);
  }
  if (text.trim() === "") return fail("the file is empty; remove it or give it a `kind`");
  // yaml makes an Error object per syntax error and warning (a tag it does not know, ...); a file of
  // them spends most of its time capturing stack traces nobody reads. Synchronous, so restored
  // before any other code runs.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return readDocument(path, text, limits);
  } catch (err) {
    // Nothing above is known to throw; if yaml ever does, the user still gets the file's name.
    return fail(`could not be read as YAML (internal error: ${clip(err instanceof Error ? err.message : String(err))}); please report this with the file`);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

function readDocument(path: string, text: string, limits: YamlLimits): YamlLoad {
  const lineCounter = new LineCounter();
  const where: Where = (offset) => {
    if (offset === undefined) return "end of file";
    const { line, col } = lineCounter.linePos(offset);
    return `line ${line}, column ${col}`;
  };
  const problem = (message: string, field = ""): CatalogProblem => ({ file: path, field, message });

  const tokens = parseTokens(text, limits.maxDepth, lineCounter);
  if ("deepAt" in tokens) {
    return { problems: [problem(`invalid YAML (${where(tokens.deepAt)}): nested more than ${limits.maxDepth} levels deep; catalog files nest a few levels, and at most ${limits.maxDepth} are read`)] };
  }
  if ("secondDocumentAt" in tokens) {
    return { problems: [problem(`invalid YAML (${where(tokens.secondDocumentAt)}): the file holds more than one YAML document (separated by \`---\`); a catalog file holds one`)] };
  }
  const [doc] = new Composer(COMPOSE_OPTIONS).compose(tokens, true, text.length) as Iterable<Document.Parsed>;
  if (!doc) throw new Error("yaml composed no document");
  if (doc.errors.length > 0) {
    // yaml reports one error per unclosed level, often at the same place: list each message once.
    const messages = [...new Set(doc.errors.map((err) => `invalid YAML (${where(err.pos[0])}): ${clip(err.message.split("\n")[0]!)}`))];
    const problems = messages.slice(0, MAX_SYNTAX_ERRORS).map((message) => problem(message));
    if (messages.length > MAX_SYNTAX_ERRORS) problems.push(problem(`and ${messages.length - MAX_SYNTAX_ERRORS} more YAML syntax errors after those`));
    return { problems };
  }
  if (doc.contents === null) return { problems: [problem("the file has only comments; remove it or give it a `kind`")] };

  const data = toData(doc.contents, limits, where);
  if ("problems" in data) return { problems: data.problems.map((p) => problem(p.message, p.field)) };
  const { value } = data;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { problems: [problem("must be a YAML mapping with `kind: project | service | job | site`")] };
  }
  return { value: value as Record<string, unknown> };
}

const collections = new Set(["block-map", "block-seq", "flow-collection"]);

/**
 * yaml's syntax tree, built lexeme by lexeme so nesting is caught as it grows (the parser keeps the
 * open collections on a stack, and the composer that runs next recurses once per level) and a
 * second document stops the parse.
 */
function parseTokens(text: string, maxDepth: number, lineCounter: LineCounter): CST.Token[] | { deepAt: number } | { secondDocumentAt: number } {
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0);
  const tokens: CST.Token[] = [];
  let documents = 0;
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) {
      if (token.type === "document" && ++documents > 1) return { secondDocumentAt: token.offset };
      tokens.push(token);
    }
    // The stack also holds the document and the scalar being read: count collections only when it is long.
    if (parser.stack.length > maxDepth && parser.stack.filter((t) => collections.has(t.type)).length > maxDepth) return { deepAt: parser.offset - lexeme.length };
  }
  for (const token of parser.end()) {
    if (token.type === "document" && ++documents > 1) return { secondDocumentAt: token.offset };
    tokens.push(token);
  }
  return tokens;
}

/** "1.3 MiB", "512 KiB". */
function shortSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Number((bytes / 1024 / 1024).toFixed(1))} MiB` : `${Number((bytes / 1024).toFixed(1))} KiB`;
}

/** "1,363,148 bytes (1.3 MiB)". */
function formatSize(bytes: number): string {
  return `${bytes.toLocaleString("en-US")} bytes (${shortSize(bytes)})`;
}

/** yaml's messages quote the source now and then; keep a problem line readable. */
function clip(message: string): string {
  return message.length > 200 ? `${message.slice(0, 197)}...` : message;
}
