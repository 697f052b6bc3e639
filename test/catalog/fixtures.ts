/**
 * A small valid catalog (one project, service, job and site) as in-memory files, and helpers that
 * derive invalid variants from it for the parser tests.
 */
import { expect } from "vitest";
import { stringify } from "yaml";
import { CatalogError, type CatalogProblem } from "../../ci/src/catalog/errors.js";
import { type CatalogFile, parseCatalog } from "../../ci/src/catalog/parse.js";

/** A catalog document as plain data; loosely typed so cases can write invalid values. */
export type Doc = Record<string, any>;

export const paths = {
  project: "pipelines/project.yaml",
  service: "pipelines/services/api.yaml",
  job: "pipelines/jobs/nightly.yaml",
  site: "pipelines/sites/handbook.yaml",
} as const;

export type DocKind = keyof typeof paths;

/** Fresh copies of the baseline documents, safe to mutate. */
export function baselineDocs(): Record<DocKind, Doc> {
  return {
    project: {
      kind: "project",
      project: "acme-dev",
      region: "europe-west1",
      artifactRegistry: { repository: "acme" },
      environments: {
        dev: { project: "acme-dev" },
        prod: { project: "acme-prod", region: "us-central1", protected: true },
      },
      defaultEnvironment: "dev",
    },
    service: {
      kind: "service",
      name: "api",
      build: { context: "services/api" },
      run: { public: false, env: { LOG_LEVEL: "info" } },
    },
    job: {
      kind: "job",
      name: "nightly",
      build: { context: "jobs/nightly" },
      schedules: [{ name: "nightly-run", schedule: "0 3 * * *", serviceAccount: "scheduler-invoker" }],
    },
    site: {
      kind: "site",
      name: "handbook",
      mkdocs: "sites/handbook",
      bucket: "acme-handbook-dev",
    },
  };
}

/** YAML text of a document, with the schema comment editors use. */
export function toYaml(doc: Doc, schemaRef = "../schema.json"): string {
  return `# yaml-language-server: $schema=${schemaRef}\n${stringify(doc)}`;
}

/** The baseline catalog as files, after `edit` changed the documents it wants. */
export function catalogFiles(edit: (docs: Record<DocKind, Doc>) => void = () => {}): CatalogFile[] {
  const docs = baselineDocs();
  edit(docs);
  return (Object.keys(paths) as DocKind[]).map((kind) => ({
    path: paths[kind],
    text: toYaml(docs[kind], kind === "project" ? "./schema.json" : "../schema.json"),
  }));
}

/** The baseline catalog with one file's text replaced (or added when the path is new). */
export function withFile(path: string, text: string, files: CatalogFile[] = catalogFiles()): CatalogFile[] {
  return [...files.filter((f) => f.path !== path), { path, text }];
}

/** The baseline catalog without the file at `path`. */
export function withoutFile(path: string, files: CatalogFile[] = catalogFiles()): CatalogFile[] {
  return files.filter((f) => f.path !== path);
}

/** The CatalogError parseCatalog throws for `files`; fails the test when it parses. */
export function catalogErrorOf(files: CatalogFile[], dir?: string): CatalogError {
  try {
    parseCatalog(files, dir);
  } catch (err) {
    if (err instanceof CatalogError) return err;
    throw err;
  }
  expect.fail("expected parseCatalog to throw a CatalogError, but the catalog parsed");
}

/** Asserts the problems contain one for exactly this file and field whose message contains `fragment`. */
export function expectProblem(problems: CatalogProblem[], file: string, field: string, fragment: string): void {
  expect(problems).toContainEqual({ file, field, message: expect.stringContaining(fragment) });
}

/** One invalid catalog and the problem it must produce. */
export interface InvalidCase {
  /** What is wrong, so the test reads "parseCatalog rejects <case>". */
  case: string;
  files: () => CatalogFile[];
  file: string;
  field: string;
  /** Fragment of the message that says what is allowed or how to fix it. */
  says: string;
}

/** YAML text of a service named "api" with `body` after kind and name. */
export const serviceYaml = (body: string): string => `kind: service\nname: api\n${body}`;
