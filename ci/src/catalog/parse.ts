/**
 * Turns the catalog's YAML files into a typed Catalog, collecting every problem with its file and
 * field. Pure: the caller reads the files (from a Dagger Directory or from disk).
 */
import type { z } from "zod";
import { allowedKeysAt, schemaAt } from "./allowed-keys.js";
import { type CatalogProblem, CatalogError, fieldPath } from "./errors.js";
import { checkCatalog } from "./cross-checks.js";
import { JobDoc, ProjectDoc, ServiceDoc, SiteDoc, type JobSpec, type ProjectSpec, type ServiceSpec, type SiteSpec } from "./schema.js";
import { CATALOG_YAML_LIMITS, loadCatalogYaml, type YamlLimits } from "./yaml-load.js";

export interface CatalogFile {
  /** Path relative to the repository root, e.g. "pipelines/services/alie.yaml". */
  path: string;
  text: string;
  /** The size in bytes, when read before the text: a file over the size limit is not read (its text is ""). */
  bytes?: number;
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

/**
 * `dir` is the catalog folder the files were read from; their paths start with it. `limits` bound
 * what one file may cost to read (the benchmark lifts the size limit; users cannot).
 */
export function parseCatalog(files: CatalogFile[], dir = "pipelines", limits: YamlLimits = CATALOG_YAML_LIMITS): Catalog {
  const problems: CatalogProblem[] = [];
  const catalog: Catalog = { project: undefined as unknown as ProjectSpec, services: [], jobs: [], sites: [], files: {}, dir };
  const prefix = dir === "." ? "" : `${dir}/`;
  const projects: string[] = [];

  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const loaded = loadCatalogYaml(file, limits);
    if ("problems" in loaded) {
      problems.push(...loaded.problems);
      continue;
    }
    const raw = loaded.value;
    // Counted before validation, so an invalid project file is not also reported as missing.
    if (raw.kind === "project") projects.push(file.path);
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

type Doc = ProjectSpec | ServiceSpec | JobSpec | SiteSpec;

function validateDocument(path: string, prefix: string, raw: unknown, problems: CatalogProblem[]): Doc | undefined {
  const kind = (raw as { kind?: unknown }).kind;
  const schema = typeof kind === "string" ? documentSchemas[kind] : undefined;
  if (!schema) {
    const got = kind === undefined ? "it is missing" : `got ${preview(kind)}`;
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
    const { issues } = result.error;
    for (const issue of issues.slice(0, MAX_LISTED_ISSUES)) problems.push(describeIssue(path, schema, raw, issue));
    if (issues.length > MAX_LISTED_ISSUES) problems.push({ file: path, field: "", message: `and ${issues.length - MAX_LISTED_ISSUES} more problems like those above in this file` });
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

/** Past this many schema problems in one file, the rest are counted, not listed. */
const MAX_LISTED_ISSUES = 50;
/** Unknown keys named in one problem; the rest are counted. */
const MAX_LISTED_KEYS = 10;

const expectedFolder = (kind: string): string | undefined => ({ service: "services", job: "jobs", site: "sites" })[kind];

function describeIssue(file: string, schema: z.ZodType, raw: unknown, issue: z.core.$ZodIssue): CatalogProblem {
  if (issue.code === "unrecognized_keys") {
    const allowed = allowedKeysAt(schema, issue.path);
    const more = issue.keys.length > MAX_LISTED_KEYS ? ` and ${issue.keys.length - MAX_LISTED_KEYS} more` : "";
    const keys = `${issue.keys.slice(0, MAX_LISTED_KEYS).map((k) => preview(k)).join(", ")}${more}`;
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
  if (issue.code === "invalid_type") {
    const hint = typeHint(schema, issue, received);
    if (hint) return { file, field: fieldPath(issue.path), message: hint };
  }
  const got = received === undefined ? (issue.code === "invalid_type" ? " (it is missing)" : "") : ` (got ${preview(received)})`;
  return { file, field: fieldPath(issue.path), message: `${issue.message}${got}` };
}

/**
 * `cpu: 1`, `timeout: 300`, `version: 3` are natural YAML, and YAML reads them as numbers (and
 * `port: "8080"` as a string). Say so, with the field's rule (the issue's message when the schema
 * gives one, else what the field says of the value quoted) and the first spelling the field
 * accepts: "1", "300s", "512Mi" (or 8080 unquoted).
 */
function typeHint(root: z.ZodType, issue: z.core.$ZodIssueInvalidType, received: unknown): string | undefined {
  const field = schemaAt(root, issue.path);
  const ownRule = issue.message.startsWith("Invalid input") ? undefined : issue.message;
  if (issue.expected === "string" && (typeof received === "number" || typeof received === "boolean")) {
    const written = String(received);
    const quoted = field?.safeParse(written);
    const rule = ownRule ?? (quoted && !quoted.success ? quoted.error.issues[0]?.message : undefined) ?? "must be a string";
    const spellings = typeof received === "number" ? [written, `${written}s`, `${written}Mi`] : [written];
    const accepted = field && spellings.find((spelling) => field.safeParse(spelling).success);
    const kind = typeof received === "number" ? "number" : "boolean";
    return accepted === undefined ? `${rule} (got the ${kind} ${written})` : `${rule} (got ${written}); unquoted, YAML reads it as a ${kind}: write ${JSON.stringify(accepted)}`;
  }
  if ((issue.expected === "number" || issue.expected === "boolean") && typeof received === "string") {
    const unquoted = issue.expected === "boolean" ? ({ true: true, false: false } as Record<string, boolean>)[received] : /^-?[0-9]+(\.[0-9]+)?$/.test(received) ? Number(received) : undefined;
    if (unquoted === undefined || !field?.safeParse(unquoted).success) return undefined;
    return `${ownRule ?? `must be a ${issue.expected}`} (got ${preview(received)}); quoted, YAML reads it as a string: write ${unquoted} without quotes`;
  }
  return undefined;
}

function valueAt(raw: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = raw;
  for (const key of path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
  return value;
}

/** JSON of a value, cut at about 60 characters without serializing (or walking) the rest of it. */
function preview(value: unknown): string {
  const max = 60;
  let out = "";
  const walk = (v: unknown): void => {
    if (out.length > max) return;
    if (Array.isArray(v)) {
      out += "[";
      for (let i = 0; i < v.length && out.length <= max; i++) {
        if (i > 0) out += ",";
        walk(v[i]);
      }
      out += "]";
    } else if (v !== null && typeof v === "object") {
      out += "{";
      let first = true;
      for (const key in v) {
        if (out.length > max) break;
        out += `${first ? "" : ","}${JSON.stringify(key.slice(0, max))}:`;
        first = false;
        walk((v as Record<string, unknown>)[key]);
      }
      out += "}";
    } else if (typeof v === "string") out += JSON.stringify(v.length > max ? v.slice(0, max) : v);
    else out += typeof v === "number" && !Number.isFinite(v) ? String(v) : (JSON.stringify(v) ?? String(v));
  };
  walk(value);
  return out.length > max ? `${out.slice(0, max - 3)}...` : out;
}
