/**
 * Valid edge cases Google accepts, which the catalog must accept too: regions and Cloud SQL names in
 * the newer regions, Artifact Registry multi-regions, default service accounts, long job tasks,
 * Cloud Scheduler's English schedules and legacy time zones, dotted bucket names, the documented
 * limits reached but not passed; and the real catalog and every fixture repository's catalog.
 */
import type { Directory } from "@dagger.io/dagger";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { PIPELINE_LABELS } from "../../ci/src/catalog/limits.js";
import { type CatalogFile, parseCatalog } from "../../ci/src/catalog/parse.js";
import { CLOUD_RUN_REGIONS } from "../../ci/src/catalog/regions.js";
import { checkSources } from "../../ci/src/catalog/sources.js";
import { LEGACY_TIME_ZONES } from "../../ci/src/catalog/time-zones.js";
import { COMMIT_LABEL, MANAGED_BY_LABEL } from "../../ci/src/gcp/run-template.js";
import { catalogFiles, type Doc, type DocKind } from "./fixtures.js";

interface ValidCase {
  case: string;
  edit: (docs: Record<DocKind, Doc>) => void;
}

const many = (count: number, make: (i: number) => [string, unknown]): Record<string, any> => Object.fromEntries(Array.from({ length: count }, (_, i) => make(i)));
const dotted222 = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(30)}`;

const cases: ValidCase[] = [
  {
    case: "the regions europe-west10 and europe-west12, with Cloud SQL instances in them",
    edit: (d) => {
      d.project.region = "europe-west10";
      d.project.environments.prod.region = "europe-west12";
      d.service.run.cloudSqlInstances = ["acme-dev:europe-west10:main"];
      d.service.environments = { prod: { run: { cloudSqlInstances: ["acme-prod:europe-west12:main"] } } };
    },
  },
  { case: "the region europe-north2 for a service", edit: (d) => void Object.assign(d.service.run, { region: "europe-north2" }) },
  { case: "the region northamerica-south1 for a job", edit: (d) => void (d.job.run = { region: "northamerica-south1" }) },
  ...["europe", "us", "asia", "europe-west10"].map((location): ValidCase => ({ case: `the Artifact Registry location "${location}"`, edit: (d) => void (d.project.artifactRegistry.location = location) })),
  {
    case: "the default compute service account as runtime and Scheduler identity",
    edit: (d) => {
      d.service.run.serviceAccount = "123456789012-compute@developer.gserviceaccount.com";
      d.job.schedules[0].serviceAccount = "123456789012-compute@developer.gserviceaccount.com";
    },
  },
  { case: "the App Engine default service account", edit: (d) => void (d.service.run.serviceAccount = "acme-dev@appspot.gserviceaccount.com") },
  { case: "a job task timeout of 168 hours", edit: (d) => void (d.job.run = { taskTimeout: "604800s" }) },
  ...[
    "every 24 hours",
    "every 1 hours",
    "every 5 minutes",
    "every 30 mins",
    "every 5 minutes from 10:00 to 14:00",
    "every 2 hours synchronized",
    "every monday 09:00",
    "every day 00:00",
    "every mon,wed,fri 9:30",
    "1st,3rd monday of month 15:30",
    "2nd,third mon,wed,thu of march 17:00",
    "every wed,fri of jan,jun 13:15",
    "first sunday of quarter 00:00",
    "1st monday of 2nd month of quarter 08:00",
    "1,15 of month 09:00",
    "1st day of month 06:00",
  ].map((text): ValidCase => ({ case: `the English schedule "${text}"`, edit: (d) => void (d.job.schedules[0].schedule = text) })),
  ...["59 23 31 12 7", "0 0 * * 0", "0 9 * * MON-FRI", "*/15 8-18 * * 1-5", "0 0 1 JAN,JUL *", "0 0 1 jan *", "0-30/10 * * * *", "5,35 */2 1-7 * SUN"].map(
    (text): ValidCase => ({ case: `the unix-cron schedule "${text}"`, edit: (d) => void (d.job.schedules[0].schedule = text) }),
  ),
  ...["EST5EDT", "CST6CDT", "US/Eastern", "Etc/UTC", "Etc/GMT+5", "UTC", "utc", "GMT", "Asia/Kolkata", "Asia/Calcutta", "Europe/Kyiv", "America/New_York", "Australia/NSW"].map(
    (timeZone): ValidCase => ({ case: `the time zone "${timeZone}"`, edit: (d) => void (d.job.schedules[0].timeZone = timeZone) }),
  ),
  { case: "a dotted bucket name of 222 characters", edit: (d) => void (d.site.bucket = dotted222) },
  { case: "a dotted bucket name for an environment", edit: (d) => void (d.site.environments = { prod: { bucket: "docs.acme.example.com" } }) },
  { case: "a bucket name with underscores and 63 characters", edit: (d) => void (d.site.bucket = `acme_${"x".repeat(58)}`) },
  { case: "a bucket name with digits that is not an IP address", edit: (d) => void (d.site.bucket = "2024.docs.acme") },
  { case: "a service with 128Mi, Cloud Run's minimum", edit: (d) => void (d.service.run.memory = "128Mi") },
  { case: "a job with 512Mi, the minimum for jobs", edit: (d) => void (d.job.run = { memory: "512Mi" }) },
  { case: "a liveness probe period of an hour", edit: (d) => void (d.service.run.livenessProbe = { path: "/live", periodSeconds: 3600, timeoutSeconds: 60, initialDelaySeconds: 3600 }) },
  { case: "a probe timeout equal to its period", edit: (d) => void (d.service.run.startupProbe = { path: "/ready", periodSeconds: 5, timeoutSeconds: 5 }) },
  { case: "62 labels, 64 with the pipeline's own", edit: (d) => void (d.service.run.labels = many(62, (i) => [`label-${i}`, "x"])) },
  { case: "label keys and values with international lowercase letters", edit: (d) => void (d.service.run.labels = { équipe: "données", 部署: "ぶもん" }) },
  {
    case: "1000 environment variables, env and secrets together",
    edit: (d) => void Object.assign(d.service.run, { env: many(999, (i) => [`VAR_${i}`, "x"]), secrets: { TOKEN: { secret: "token" } } }),
  },
  { case: "an env value of exactly 32 KiB", edit: (d) => void (d.service.run.env.BIG = "x".repeat(32 * 1024)) },
  { case: "reserved service names set on a job (they are reserved for services only)", edit: (d) => void (d.job.run = { env: { K_SERVICE: "x" } }) },
  {
    case: "prod overrides that are valid once merged (minInstances 5, maxInstances 20 over the base 10)",
    edit: (d) => void (d.service.environments = { prod: { run: { minInstances: 5, maxInstances: 20 } } }),
  },
  {
    case: "a prod env that replaces the base env, keeping the base secrets apart",
    edit: (d) => void Object.assign(d.service, { run: { ...d.service.run, secrets: { API_KEY: { secret: "api-key" } } }, environments: { prod: { run: { env: { LOG_LEVEL: "warning" } } } } }),
  },
  { case: "a dockerfile in a subfolder, written with ./", edit: (d) => void (d.service.build.dockerfile = "./docker/Dockerfile.prod") },
];

describe("parseCatalog accepts what Google accepts", () => {
  it.each(cases)("$case", ({ edit }) => {
    expect(() => parseCatalog(catalogFiles(edit))).not.toThrow();
  });
});

const repoRoot = resolve(import.meta.dirname, "..", "..");

/** The catalog files of the catalog folder `dir` (relative to `root`), as read.ts selects them. */
function catalogFolder(root: string, dir: string): CatalogFile[] {
  const names = ["project.yaml", ...["services", "jobs", "sites"].flatMap((folder) => {
    const path = join(root, dir, folder);
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() ? readdirSync(path).filter((n) => /\.ya?ml$/.test(n)).map((n) => `${folder}/${n}`) : [];
  })];
  return names.map((name) => ({ path: `${dir}/${name}`, text: readFileSync(join(root, dir, name), "utf8") }));
}

const fixtureCatalogs = readdirSync(join(repoRoot, "test/fixtures/repos"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => {
    const root = join(repoRoot, "test/fixtures/repos", entry.name);
    const dir = statSync(join(root, "pipelines/project.yaml"), { throwIfNoEntry: false }) ? "pipelines" : "deploy/catalog";
    return { name: entry.name, root, dir };
  });

describe("real catalogs still parse", () => {
  it("parses the catalog in pipelines/", () => {
    expect(parseCatalog(catalogFolder(repoRoot, "pipelines")).services.length).toBeGreaterThan(0);
  });

  it.each(fixtureCatalogs)("parses the catalog of the fixture repository $name", ({ root, dir }) => {
    expect(() => parseCatalog(catalogFolder(root, dir), dir)).not.toThrow();
  });
});

describe("the data the checks rely on", () => {
  it("names the pipeline's own labels as gcp/run-template.ts sets them", () => {
    expect(Object.keys(PIPELINE_LABELS).sort()).toEqual([COMMIT_LABEL, MANAGED_BY_LABEL].sort());
  });

  it("lists each Cloud Run region once, each shaped like a region", () => {
    expect(new Set(CLOUD_RUN_REGIONS).size).toBe(CLOUD_RUN_REGIONS.length);
    for (const region of CLOUD_RUN_REGIONS) expect(region).toMatch(/^[a-z]+-[a-z]+[0-9]+$/);
  });

  it("lists legacy time zones the runtime's ICU also knows", () => {
    for (const zone of LEGACY_TIME_ZONES) expect(() => new Intl.DateTimeFormat("en", { timeZone: zone })).not.toThrow();
  });
});

/** A Directory over a local folder: just what checkSources reads (directory, entries, exists). */
function localDirectory(path: string): Directory {
  const dir = {
    directory: (sub: string) => localDirectory(join(path, sub)),
    entries: async () => readdirSync(path, { withFileTypes: true }).map((e) => (e.isDirectory() ? `${e.name}/` : e.name)),
    exists: async (name: string) => statSync(join(path, name), { throwIfNoEntry: false })?.isFile() ?? false,
  };
  return dir as unknown as Directory;
}

describe("checkSources", () => {
  const repo = mkdtempSync(join(tmpdir(), "catalog-sources-"));
  const write = (path: string, text = "") => {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  };
  write("services/api/Dockerfile", "FROM scratch\n");
  write("jobs/nightly/Dockerfile", "FROM scratch\n");
  write("sites/handbook/mkdocs.yml", "site_name: x\n");

  it("reports a missing Dockerfile at build.dockerfile, naming the context it is relative to", async () => {
    const catalog = parseCatalog(catalogFiles((d) => void (d.service.build.dockerfile = "docker/Dockerfile")));
    expect(await checkSources(localDirectory(repo), catalog)).toEqual([
      {
        file: "pipelines/services/api.yaml",
        field: "build.dockerfile",
        message: '"services/api" has no docker/Dockerfile (build.dockerfile is relative to build.context); add the file, or fix build.dockerfile or build.context',
      },
    ]);
  });

  it("reports a missing context at build.context", async () => {
    const catalog = parseCatalog(catalogFiles((d) => void (d.service.build.context = "services/apii")));
    expect(await checkSources(localDirectory(repo), catalog)).toEqual([
      { file: "pipelines/services/api.yaml", field: "build.context", message: expect.stringContaining('folder "services/apii" does not exist in the repository') },
    ]);
  });
});
