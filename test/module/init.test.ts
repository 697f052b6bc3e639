/**
 * init on every fixture repository (and the bundled example as a repository of its own), each
 * copied WITHOUT its catalog files: what it guesses, that the real parser accepts it, that verify
 * runs on it, and that it refuses to touch a repository that already has a catalog.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { type Catalog, parseCatalog } from "../../ci/src/catalog/parse.js";
import { CloudRunPipeline } from "../../ci/src/index.js";
import { GIT_SHA, mkdocsWritesSite, REPO_ROOT, rejection, repoSource, useFakeSession } from "./harness.js";

const session = useFakeSession(mkdocsWritesSite);

const FIXTURES = join(REPO_ROOT, "test/fixtures/repos");
const COPY_SKIP = /(^|\/)(node_modules|\.venv|__pycache__|\.pytest_cache|\.ruff_cache)(\/|$)/;

/** Where each repository keeps its catalog today. */
const CATALOG_OF: Record<string, string> = { "pdm-service": "deploy/catalog" };
const catalogOf = (repo: string): string => CATALOG_OF[repo] ?? "pipelines";
const REPOS = readdirSync(FIXTURES).filter((name) => statSync(join(FIXTURES, name)).isDirectory()).sort();

function source(repo: string): string {
  return repo === "dataface" ? join(REPO_ROOT, "examples/dataface") : join(FIXTURES, repo);
}

function copyRepo(repo: string): string {
  const dir = mkdtempSync(join(tmpdir(), `init-${repo}-`));
  cpSync(source(repo), dir, { recursive: true, filter: (src) => !COPY_SKIP.test(src) });
  return dir;
}

/**
 * A temp copy of the repository without its catalog FILES (project.yaml, services/, jobs/, sites/,
 * schema.json): dlt-pipelines keeps its job's code under pipelines/ too, so the folder stays.
 */
function withoutCatalog(repo: string): string {
  const dir = copyRepo(repo);
  const catalog = join(dir, catalogOf(repo));
  for (const entry of ["project.yaml", "project.yml", "services", "jobs", "sites", "schema.json"]) rmSync(join(catalog, entry), { recursive: true, force: true });
  return dir;
}

function pipelineAt(root: string, catalog = "pipelines"): CloudRunPipeline {
  return new CloudRunPipeline(repoSource(root), GIT_SHA, catalog);
}

/** Every file of a folder, by path relative to it. */
function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path, "utf8");
    }
  };
  walk(dir);
  return out;
}

/** init's Directory, exported (the fake really copies) and read back. */
async function runInit(root: string, catalog = "pipelines"): Promise<Record<string, string>> {
  const out = mkdtempSync(join(tmpdir(), "init-out-"));
  await (await pipelineAt(root, catalog).init()).export(out);
  return readTree(out);
}

const CATALOG_FILE = /^(project\.ya?ml|(services|jobs|sites)\/[^/]+\.ya?ml)$/;

function parseOutput(files: Record<string, string>, catalog = "pipelines"): Catalog {
  const prefix = `${catalog}/`;
  const catalogFiles = Object.entries(files)
    .filter(([path]) => path.startsWith(prefix) && CATALOG_FILE.test(path.slice(prefix.length)))
    .map(([path, text]) => ({ path, text }));
  return parseCatalog(catalogFiles, catalog);
}

interface Expected {
  services?: Record<string, { context: string; dockerfile: string; port: number; healthPath: string; commitArg?: string }>;
  jobs?: Record<string, { context: string; dockerfile: string }>;
  sites?: Record<string, { mkdocs: string }>;
}

const EXPECTED: Record<string, Expected> = {
  "dlt-pipelines": { jobs: { "dlt-ingestion": { context: "pipelines/dlt-ingestion", dockerfile: "Dockerfile" } } },
  "pdm-service": { services: { app: { context: "app", dockerfile: "Dockerfile", port: 8000, healthPath: "/health" } } },
  "pip-flask": { services: { app: { context: ".", dockerfile: "Dockerfile", port: 8080, healthPath: "/health" } } },
  "poetry-monorepo": { services: { api: { context: "services/api", dockerfile: "Dockerfile", port: 8080, healthPath: "/health" } } },
  "root-mkdocs": {
    services: { app: { context: ".", dockerfile: "Dockerfile", port: 8080, healthPath: "/health" } },
    sites: { docs: { mkdocs: "." } },
  },
  "shared-context": {
    services: {
      api: { context: ".", dockerfile: "services/api/Dockerfile.api", port: 8080, healthPath: "/health", commitArg: "GIT_SHA" },
      worker: { context: ".", dockerfile: "services/worker/Dockerfile.worker", port: 8080, healthPath: "/health", commitArg: "COMMIT" },
    },
  },
  "uv-workspace": {
    services: { backend: { context: "backend", dockerfile: "Dockerfile", port: 8080, healthPath: "/health" } },
    sites: { "docs-site": { mkdocs: "docs-site" } },
  },
  dataface: {
    services: Object.fromEntries(
      ["alie", "cloud", "playground"].map((name) => [name, { context: `services/${name}`, dockerfile: "Dockerfile", port: 8080, healthPath: "/health" }]),
    ),
    jobs: { ingestion: { context: "jobs/ingestion", dockerfile: "Dockerfile" } },
    sites: Object.fromEntries(["asql-docs", "docs", "tasks"].map((name) => [name, { mkdocs: `sites/${name}` }])),
  },
};

const ALL = [...REPOS, "dataface"];

describe("module init", () => {
  it("has an expectation for every fixture repository", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ALL].sort());
  });

  describe.each(ALL)("on %s without its catalog", (repo) => {
    const expected = EXPECTED[repo]!;

    it("writes a catalog the real parser accepts, with the expected services, jobs and sites", async () => {
      const catalog = parseOutput(await runInit(withoutCatalog(repo)));
      expect(Object.fromEntries(catalog.services.map((s) => [s.name, { context: s.build.context, dockerfile: s.build.dockerfile, port: s.run.port, healthPath: s.run.healthPath, commitArg: s.build.commitArg }]))).toEqual(
        Object.fromEntries(Object.entries(expected.services ?? {}).map(([name, s]) => [name, { commitArg: "GIT_SHA", ...s }])),
      );
      expect(Object.fromEntries(catalog.jobs.map((j) => [j.name, { context: j.build.context, dockerfile: j.build.dockerfile }]))).toEqual(expected.jobs ?? {});
      expect(Object.fromEntries(catalog.sites.map((s) => [s.name, { mkdocs: s.mkdocs }]))).toEqual(expected.sites ?? {});
      expect(catalog.services.every((s) => s.run.public === false)).toBe(true);
    });

    it("writes only the catalog folder: project.yaml, one file per target, schema.json and INIT.md", async () => {
      const files = await runInit(withoutCatalog(repo));
      const targets = [
        ...Object.keys(expected.services ?? {}).map((n) => `pipelines/services/${n}.yaml`),
        ...Object.keys(expected.jobs ?? {}).map((n) => `pipelines/jobs/${n}.yaml`),
        ...Object.keys(expected.sites ?? {}).map((n) => `pipelines/sites/${n}.yaml`),
      ];
      expect(Object.keys(files).sort()).toEqual(["pipelines/INIT.md", "pipelines/project.yaml", "pipelines/schema.json", ...targets].sort());
      expect(files["pipelines/project.yaml"]!.split("\n")[0]).toBe("# yaml-language-server: $schema=./schema.json");
      for (const t of targets) expect(files[t]!.split("\n")[0]).toBe("# yaml-language-server: $schema=../schema.json");
    });

    it("says in each service or job file which kind it guessed and why", async () => {
      const files = await runInit(withoutCatalog(repo));
      for (const name of Object.keys(expected.services ?? {})) expect(files[`pipelines/services/${name}.yaml`]).toMatch(/^# guessed: service \((EXPOSE \d+|HEALTHCHECK|CMD runs \w+)\)$/m);
      for (const name of Object.keys(expected.jobs ?? {})) expect(files[`pipelines/jobs/${name}.yaml`]).toMatch(/^# guessed: job \(no EXPOSE, HEALTHCHECK or web server command in the final stage/m);
    });

    it("refuses to run on the repository as it is, which already has a catalog", async () => {
      const root = copyRepo(repo === "dataface" ? "dataface" : repo);
      if (repo === "dataface") {
        // examples/dataface has no catalog of its own (pipelines/ at the module root describes it): give it one.
        mkdirSync(join(root, "pipelines"));
        writeFileSync(join(root, "pipelines/project.yaml"), readFileSync(join(REPO_ROOT, "pipelines/project.yaml")));
      }
      const catalog = catalogOf(repo);
      const err = await rejection(pipelineAt(root, catalog).init());
      expect(err.message).toBe(
        `${catalog}/project.yaml already exists: this repository has a catalog in ${catalog}/, and init never overwrites one. ` +
          "Edit the existing catalog (then run `dagger call verify`), or write a new one into another folder: " +
          "`dagger call --catalog=another/folder init export --path=.` (every later call then needs --catalog=another/folder).",
      );
    });

    it("gives a catalog verify runs on: every step passes when every command succeeds", async () => {
      const root = withoutCatalog(repo);
      await (await pipelineAt(root).init()).export(root);
      const report = await pipelineAt(root).verify();
      const steps = 2 + (Object.keys(expected.services ?? {}).length + Object.keys(expected.jobs ?? {}).length) * 8 + Object.keys(expected.sites ?? {}).length;
      expect(report).toMatch(new RegExp(`\\n${steps} passed, 0 failed$`));
    });
  });

  it("reads no container: init only globs and reads files", async () => {
    await runInit(withoutCatalog("shared-context"));
    expect(session().execs()).toEqual([]);
  });

  it("says where the context is the repository root and why", async () => {
    const files = await runInit(withoutCatalog("shared-context"));
    expect(files["pipelines/services/api.yaml"]).toContain(
      '  # context ".": the Dockerfile copies libs/common, services/api, which exist at the repository root but not in services/api\n  context: .\n  dockerfile: services/api/Dockerfile.api\n',
    );
  });

  it("writes into the folder --catalog names, beside an unrelated file already there", async () => {
    const root = withoutCatalog("pdm-service");
    const files = await runInit(root, "deploy/catalog");
    expect(Object.keys(files).sort()).toEqual(["deploy/catalog/INIT.md", "deploy/catalog/project.yaml", "deploy/catalog/schema.json", "deploy/catalog/services/app.yaml"]);
    expect(parseOutput(files, "deploy/catalog").services.map((s) => s.name)).toEqual(["app"]);
    expect(files["deploy/catalog/INIT.md"]).toContain("`dagger call --catalog=deploy/catalog verify`");
  });

  it("refuses to write over catalog files even when project.yaml is missing", async () => {
    const root = withoutCatalog("pip-flask");
    mkdirSync(join(root, "pipelines/services"), { recursive: true });
    writeFileSync(join(root, "pipelines/services/app.yaml"), "kind: service\n");
    const err = await rejection(pipelineAt(root).init());
    expect(err.message).toMatch(/^pipelines\/ already holds pipelines\/services\/app\.yaml, which init would write over, and init never overwrites catalog files\./);
  });

  it("writes project.yaml and says so in INIT.md when the repository has no Dockerfile and no mkdocs.yml", async () => {
    const root = mkdtempSync(join(tmpdir(), "init-empty-"));
    writeFileSync(join(root, "README.md"), "# nothing to deploy yet\n");
    const files = await runInit(root);
    expect(Object.keys(files).sort()).toEqual(["pipelines/INIT.md", "pipelines/project.yaml", "pipelines/schema.json"]);
    expect(parseOutput(files).project).toMatchObject({ project: "replace-me-project", region: "us-central1", artifactRegistry: { repository: "replace-me-repository" } });
    expect(files["pipelines/INIT.md"]).toContain("Nothing: no Dockerfile and no mkdocs.yml. Only project.yaml was written");
    await (await pipelineAt(root).init()).export(root);
    const report = await pipelineAt(root).verify();
    expect(report).toMatch(/\n2 passed, 0 failed$/);
  });

  it("lists every REPLACE placeholder of the files in INIT.md", async () => {
    const files = await runInit(withoutCatalog("root-mkdocs"));
    const report = files["pipelines/INIT.md"]!;
    for (const line of [
      "- `pipelines/project.yaml` `project: replace-me-project`",
      "- `pipelines/project.yaml` `region: us-central1`",
      "- `pipelines/project.yaml` `artifactRegistry.repository: replace-me-repository`",
      "- `pipelines/services/app.yaml` `run.public: false`",
      "- `pipelines/sites/docs.yaml` `bucket: replace-me-docs-bucket`",
    ]) {
      expect(report).toContain(line);
    }
    const marked = Object.entries(files).filter(([p]) => p.endsWith(".yaml")).flatMap(([, text]) => text.match(/# REPLACE:/g) ?? []);
    expect(report.match(/^- `pipelines\/[^`]+` `[^`]+`: /gm)).toHaveLength(marked.length);
  });

  it("keeps the temp copies free of the original catalogs", () => {
    expect(existsSync(join(withoutCatalog("dlt-pipelines"), "pipelines/dlt-ingestion/Dockerfile"))).toBe(true);
    expect(existsSync(join(withoutCatalog("dlt-pipelines"), "pipelines/project.yaml"))).toBe(false);
  });
});
