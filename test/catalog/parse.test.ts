/**
 * parseCatalog on valid catalogs: what it returns, the defaults it fills in, and how it reports
 * several problems at once.
 */
import { describe, expect, it } from "vitest";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import { baselineDocs, catalogErrorOf, catalogFiles, paths, toYaml, withFile, withoutFile } from "./fixtures.js";

describe("parseCatalog on a valid catalog", () => {
  it("returns the project, services, jobs and sites of the files", () => {
    const catalog = parseCatalog(catalogFiles());
    expect(catalog.project.project).toBe("acme-dev");
    expect(catalog.services.map((s) => s.name)).toEqual(["api"]);
    expect(catalog.jobs.map((j) => j.name)).toEqual(["nightly"]);
    expect(catalog.sites.map((s) => s.name)).toEqual(["handbook"]);
  });

  it("records which file each document came from", () => {
    expect(parseCatalog(catalogFiles()).files).toEqual({
      project: paths.project,
      "service:api": paths.service,
      "job:nightly": paths.job,
      "site:handbook": paths.site,
    });
  });

  it("fills build, test and lint defaults for services", () => {
    const [service] = parseCatalog(catalogFiles()).services;
    expect(service!.build).toEqual({ context: "services/api", dockerfile: "Dockerfile", args: {}, commitArg: "GIT_SHA", secrets: [] });
    expect(service!.python).toEqual({});
    expect(service!.test).toEqual({ command: ["pytest", "-q"], env: {}, databases: [] });
    expect(service!.lint.commands).toEqual([
      ["ruff", "check", "."],
      ["ruff", "format", "--check", "."],
    ]);
  });

  it("fills scan defaults, leaving the severity to the project", () => {
    const [service] = parseCatalog(catalogFiles()).services;
    expect(service!.scan).toEqual({ skip: [], banditExclude: ["tests", ".venv"], ignoreUnfixed: true, ignoreVulns: [] });
  });

  it("fills Cloud Run service defaults", () => {
    const { run } = parseCatalog(catalogFiles()).services[0]!;
    expect(run).toMatchObject({
      cpu: "1",
      memory: "512Mi",
      port: 8080,
      minInstances: 0,
      maxInstances: 10,
      concurrency: 80,
      timeout: "300s",
      ingress: "all",
      healthPath: "/health",
      secrets: {},
      cloudSqlInstances: [],
    });
  });

  it("fills Cloud Run job defaults when run is omitted", () => {
    const { run } = parseCatalog(catalogFiles()).jobs[0]!;
    expect(run).toMatchObject({ tasks: 1, parallelism: 0, maxRetries: 3, taskTimeout: "600s", cpu: "1", memory: "512Mi" });
  });

  it("fills schedule defaults: UTC, not paused", () => {
    const [schedule] = parseCatalog(catalogFiles()).jobs[0]!.schedules;
    expect(schedule).toMatchObject({ timeZone: "UTC", paused: false });
  });

  it("fills site defaults: bucket root, index.html and 404.html", () => {
    const [site] = parseCatalog(catalogFiles()).sites;
    expect(site).toMatchObject({ prefix: "", cacheControl: [], contentTypes: {}, website: { mainPageSuffix: "index.html", notFoundPage: "404.html" } });
  });

  it("fills project scan and deploy defaults", () => {
    const { project } = parseCatalog(catalogFiles());
    expect(project.scan).toEqual({ severity: "HIGH" });
    expect(project.deploy).toEqual({ concurrency: 4, strategy: "blue-green", healthTimeout: "300s" });
  });

  it("accepts numbers and booleans in env when they are quoted", () => {
    const files = withFile(paths.service, 'kind: service\nname: api\nbuild:\n  context: services/api\nrun:\n  public: false\n  env:\n    WORKERS: "8"\n    DEBUG: "true"\n');
    expect(parseCatalog(files).services[0]!.run.env).toEqual({ WORKERS: "8", DEBUG: "true" });
  });

  // Each with a memory and concurrency Cloud Run allows for it (below 1 vCPU: concurrency 1, at most
  // 512Mi below 0.5 vCPU; 4 vCPU needs 2Gi, 6 and 8 need 4Gi).
  it.each([
    ["0.08", "512Mi", 1],
    ["0.5", "1Gi", 1],
    ["0.125", "256Mi", 1],
    ["2", "512Mi", 80],
    ["6", "4Gi", 80],
    ["8", "32Gi", 250],
    ["500m", "512Mi", 1],
    ["4000m", "2Gi", 80],
  ] as const)("accepts the Cloud Run CPU limit %s (memory %s, concurrency %i)", (cpu, memory, concurrency) => {
    const catalog = parseCatalog(catalogFiles((d) => void Object.assign(d.service.run, { cpu, memory, concurrency })));
    expect(catalog.services[0]!.run).toMatchObject({ cpu, memory, concurrency });
  });

  it("accepts .yml files directly in their kind's folder", () => {
    const files = withFile("pipelines/services/api.yml", toYaml(baselineDocs().service), withoutFile(paths.service));
    expect(parseCatalog(files).files["service:api"]).toBe("pipelines/services/api.yml");
  });

  it("reads a catalog folder other than pipelines/, and says where files belong in it", () => {
    const moved = catalogFiles().map((f) => ({ ...f, path: f.path.replace(/^pipelines\//, "deploy/catalog/") }));
    const catalog = parseCatalog(moved, "deploy/catalog");
    expect(catalog.dir).toBe("deploy/catalog");
    expect(catalog.files["service:api"]).toBe("deploy/catalog/services/api.yaml");
    const misplaced = moved.map((f) => (f.path.endsWith("jobs/nightly.yaml") ? { ...f, path: "deploy/catalog/services/nightly.yaml" } : f));
    expect(catalogErrorOf(misplaced, "deploy/catalog").problems).toContainEqual({
      file: "deploy/catalog/services/nightly.yaml",
      field: "kind",
      message: "job files belong in deploy/catalog/jobs/ (directly, not in a subfolder); move the file or fix `kind`",
    });
  });

  it("accepts the $schema key editors may add", () => {
    const files = catalogFiles((d) => void (d.site.$schema = "../schema.json"));
    expect(parseCatalog(files).sites[0]!.name).toBe("handbook");
  });

  it("accepts a catalog without environments and without a default", () => {
    const catalog = parseCatalog(catalogFiles((d) => void Object.assign(d.project, { environments: undefined, defaultEnvironment: undefined })));
    expect(catalog.project.environments).toEqual({});
  });
});

describe("parseCatalog with several problems", () => {
  const broken = () =>
    catalogFiles((d) => {
      d.service.run.memory = "lots";
      d.job.schedules[0].schedule = "0 3 * *";
      d.site.bucket = "Acme-Handbook";
      d.project.region = "europe";
    });

  it("reports every problem of every file at once", () => {
    const { problems } = catalogErrorOf(broken());
    expect(problems.map((p) => `${p.file} ${p.field}`).sort()).toEqual([
      "pipelines/jobs/nightly.yaml schedules[0].schedule",
      "pipelines/project.yaml region",
      "pipelines/services/api.yaml run.memory",
      "pipelines/sites/handbook.yaml bucket",
    ]);
  });

  it("formats the message with the count and one `file: field: message` line per problem", () => {
    const error = catalogErrorOf(broken());
    const lines = error.message.split("\n");
    expect(lines[0]).toBe("The catalog has 4 problems:");
    for (const p of error.problems) expect(lines).toContain(`  - ${p.file}: ${p.field}: ${p.message}`);
    expect(lines.at(-1)).toContain("Fix the files above");
  });

  it("names the error CatalogError", () => {
    expect(catalogErrorOf(broken()).name).toBe("CatalogError");
  });
  it("keeps the base run settings an environment override does not name", () => {
    const catalog = parseCatalog(
      catalogFiles((d) => {
        d.service.run.memory = "1Gi";
        d.service.run.env = { MODE: "base" };
        d.service.environments = { prod: { run: { minInstances: 2 } } };
      }),
    );
    const prod = catalog.services[0]!.environments.prod!.run!;
    expect(prod).toEqual({ minInstances: 2 });
  });
});
