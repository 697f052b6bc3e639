/**
 * Turns the catalog's YAML files into a typed Catalog, collecting every problem with its file and
 * field. Pure: the caller reads the files (from a Dagger Directory or from disk).
 */
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { allowedKeysAt } from "./allowed-keys.js";
import { type CatalogProblem, CatalogError, fieldPath } from "./errors.js";
import { checkCatalog } from "./cross-checks.js";
import { JobDoc, ProjectDoc, ServiceDoc, SiteDoc, type JobSpec, type ProjectSpec, type ServiceSpec, type SiteSpec } from "./schema.js";

export interface CatalogFile {
  /** Path relative to the repository root, e.g. "pipelines/services/alie.yaml". */
  path: string;
  text: string;
}

export interface Catalog {
  project: ProjectSpec;
  services: ServiceSpec[];
  jobs: JobSpec[];
  sites: SiteSpec[];
  /** Which file each target came from, keyed "service:alie", "job:ingestion", "site:docs", "project". */
  files: Record<string, string>;
  /** The catalog folder, relative to the repository root ("pipelines" unless --catalog says otherwise). */
  dir: string;
}

const documentSchemas: Record<string, z.ZodType> = { project: ProjectDoc, service: ServiceDoc, job: JobDoc, site: SiteDoc };
const kinds = Object.keys(documentSchemas);

export const catalogKey = (kind: string, name?: string): string => (name ? `${kind}:${name}` : kind);

/** `dir` is the catalog folder the files were read from; their paths start with it. */
export function parseCatalog(files: CatalogFile[], dir = "pipelines"): Catalog {
  const problems: CatalogProblem[] = [];
  const catalog: Catalog = { project: undefined as unknown as ProjectSpec, services: [], jobs: [], sites: [], files: {}, dir };
  const prefix = dir === "." ? "" : `${dir}/`;
  const projects: string[] = [];

  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const raw = readYaml(file, problems);
    if (raw === undefined) continue;
    // Counted before validation, so an invalid project file is not also reported as missing.
    if ((raw as { kind?: unknown }).kind === "project") projects.push(file.path);
    const doc = validateDocument(file.path, prefix, raw, problems);
    if (!doc) continue;
    if (doc.kind === "project") {
      catalog.project = doc;
      catalog.files.project = file.path;
      continue;
    }
    const key = catalogKey(doc.kind, doc.name);
    const earlier = catalog.files[key];
    if (earlier) {
      problems.push({ file: file.path, field: "name", message: `${doc.kind} "${doc.name}" is already defined in ${earlier}; names must be unique` });
      continue;
    }
    catalog.files[key] = file.path;
    if (doc.kind === "service") catalog.services.push(doc);
    else if (doc.kind === "job") catalog.jobs.push(doc);
    else catalog.sites.push(doc);
  }

  if (projects.length === 0) {
    problems.push({ file: `${prefix}project.yaml`, field: "", message: "missing: the catalog needs one file with `kind: project` (project, region, artifactRegistry); `dagger call --source=. init export --path=.` writes a starting catalog" });
  } else if (projects.length > 1) {
    problems.push({ file: projects[1]!, field: "kind", message: `only one project file is allowed; ${projects[0]} already has kind: project` });
  } else if (problems.length === 0) {
    problems.push(...checkCatalog(catalog));
  }
  if (problems.length > 0) throw new CatalogError(problems);
  return catalog;
}

function readYaml(file: CatalogFile, problems: CatalogProblem[]): unknown {
  if (file.text.trim() === "") {
    problems.push({ file: file.path, field: "", message: "the file is empty; remove it or give it a `kind`" });
    return undefined;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(file.text, { uniqueKeys: true, prettyErrors: false, lineCounter });
  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      const pos = lineCounter.linePos(err.pos[0]);
      const where = pos.line > 0 ? ` (line ${pos.line}, column ${pos.col})` : "";
      problems.push({ file: file.path, field: "", message: `invalid YAML${where}: ${err.message.split("\n")[0]}` });
    }
    return undefined;
  }
  if (doc.contents === null) {
    problems.push({ file: file.path, field: "", message: "the file has only comments; remove it or give it a `kind`" });
    return undefined;
  }
  const value: unknown = doc.toJS();
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    problems.push({ file: file.path, field: "", message: "must be a YAML mapping with `kind: project | service | job | site`" });
    return undefined;
  }
  return value;
}

type Doc = ProjectSpec | ServiceSpec | JobSpec | SiteSpec;

function validateDocument(path: string, prefix: string, raw: unknown, problems: CatalogProblem[]): Doc | undefined {
  const kind = (raw as { kind?: unknown }).kind;
  const schema = typeof kind === "string" ? documentSchemas[kind] : undefined;
  if (!schema) {
    const got = kind === undefined ? "it is missing" : `got ${JSON.stringify(kind)}`;
    problems.push({ file: path, field: "kind", message: `must be one of ${kinds.join(", ")} (${got})` });
    return undefined;
  }
  const folder = expectedFolder(kind as string);
  const expected = folder ? `${prefix}${folder}/` : prefix;
  if (!path.startsWith(expected) || path.slice(expected.length).includes("/")) {
    const where = folder ? `${expected} (directly, not in a subfolder)` : `the catalog folder itself (${prefix || "./"}project.yaml)`;
    problems.push({ file: path, field: "kind", message: `${kind} files belong in ${where}; move the file or fix \`kind\`` });
    return undefined;
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) problems.push(describeIssue(path, schema, raw, issue));
    return undefined;
  }
  const doc = result.data as Doc;
  if (doc.kind !== "project") {
    const base = path.split("/").pop()!.replace(/\.ya?ml$/, "");
    if (base !== doc.name) {
      problems.push({ file: path, field: "name", message: `"${doc.name}" must match the file name; rename the file to ${doc.name}.yaml or set name: ${base}` });
      return undefined;
    }
  }
  return doc;
}

const expectedFolder = (kind: string): string | undefined => ({ service: "services", job: "jobs", site: "sites" })[kind];

function describeIssue(file: string, schema: z.ZodType, raw: unknown, issue: z.core.$ZodIssue): CatalogProblem {
  if (issue.code === "unrecognized_keys") {
    const allowed = allowedKeysAt(schema, issue.path);
    const keys = issue.keys.map((k) => `"${k}"`).join(", ");
    return {
      file,
      field: fieldPath([...issue.path, issue.keys[0]!]),
      message: `unknown field ${keys}; allowed here: ${allowed.join(", ")}`,
    };
  }
  if (issue.code === "invalid_key") {
    // The key itself is wrong (env var name, label key, extension): show the key rule, not the value.
    const rule = issue.issues[0]?.message ?? issue.message;
    return { file, field: fieldPath(issue.path), message: `invalid key: ${rule} (got ${preview(issue.path[issue.path.length - 1])})` };
  }
  const received = valueAt(raw, issue.path);
  if (received === undefined && issue.code === "invalid_type" && issue.message.startsWith("Invalid input")) {
    // zod's default wording ("expected object, received undefined") for a required field.
    const keys = allowedKeysAt(schema, issue.path);
    const shape = keys.length ? `a mapping with ${keys.join(", ")}` : `a ${issue.expected}`;
    return { file, field: fieldPath(issue.path), message: `is required: give ${shape}` };
  }
  const got = received === undefined ? (issue.code === "invalid_type" ? " (it is missing)" : "") : ` (got ${preview(received)})`;
  return { file, field: fieldPath(issue.path), message: `${issue.message}${got}` };
}

function valueAt(raw: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = raw;
  for (const key of path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
  return value;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
