/**
 * Shared helpers for the orchestration tests: the repository as the engine hands it to the
 * module, temp copies with an edited project.yaml, a GoogleCloud whose unused members fail
 * loudly when touched, and report builders for the release groups.
 */
import { dag, type Directory } from "@dagger.io/dagger";
import type { Storage } from "@google-cloud/storage";
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse, stringify } from "yaml";
import type { GoogleCloud } from "../../ci/src/commands/cloud.js";
import type { JobReleaseReport } from "../../ci/src/jobs/deploy-job.js";
import type { ReleaseStatus } from "../../ci/src/lib/release-status.js";
import type { ScheduleSyncReport } from "../../ci/src/schedules/sync.js";
import type { ServiceReleaseReport } from "../../ci/src/services/report.js";
import type { SiteSyncReport } from "../../ci/src/site/site-sync.js";
import type { FakeDaggerSession } from "../support/dagger/index.js";

/** The repository root (pipelines/ points at examples/dataface/). */
export const REPO_ROOT = resolve(import.meta.dirname, "../..");

/** The `ignore` list of the module constructor's `source` argument (ci/src/index.ts). */
const MODULE_SOURCE_IGNORE = [
  "**/node_modules", "**/.venv", "**/__pycache__", "**/.pytest_cache", "**/.ruff_cache", "ci/sdk", ".git/objects", ".git/logs", ".git/hooks",
];

export const GIT_SHA = "89abcdef0123456789abcdef0123456789abcdef";

/** A repository folder as the engine loads the module's `source` (its ignore list applied). */
export function repoSource(root = REPO_ROOT): Directory {
  return dag.host().directory(root, { exclude: MODULE_SOURCE_IGNORE });
}

const COPY_SKIP = /(^|\/)(node_modules|\.venv|__pycache__|\.pytest_cache|\.ruff_cache)(\/|$)/;

/** A temp copy of pipelines/ and examples/dataface/ with pipelines/project.yaml edited by `edit`. */
export function repoWithProject(edit: (project: Record<string, any>) => void): string {
  const dir = mkdtempSync(join(tmpdir(), "orchestration-repo-"));
  for (const folder of ["pipelines", "examples/dataface"]) {
    cpSync(join(REPO_ROOT, folder), join(dir, folder), { recursive: true, filter: (src) => !COPY_SKIP.test(src) });
  }
  const file = join(dir, "pipelines/project.yaml");
  const doc = parse(readFileSync(file, "utf8")) as Record<string, any>;
  edit(doc);
  writeFileSync(file, stringify(doc));
  return dir;
}

/** Scripts `mkdocs build` to write `files` (site path -> text) into its --site-dir, as the real command does. */
export function mkdocsBuilds(session: FakeDaggerSession, files: Record<string, string>): void {
  session.onExec((e) => {
    if (e.args[0] !== "mkdocs" || e.args[1] !== "build") return undefined;
    const out = e.args[e.args.indexOf("--site-dir") + 1];
    if (!out) throw new Error(`mkdocs build without --site-dir: ${e.args.join(" ")}`);
    return { files: Object.fromEntries(Object.entries(files).map(([path, text]) => [`${out}/${path}`, text])) };
  });
}

/** Relative paths of every file under `dir` on disk, sorted. */
export function filesOnDisk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1).split("\\").join("/"))
    .sort();
}

/** A member of GoogleCloud the code under test must never use: any property read fails the test. */
function untouchable(member: string): never {
  return new Proxy(
    {},
    {
      get(_target, property) {
        throw new Error(`the code under test used cloud.${member}.${String(property)}, which it must not touch`);
      },
    },
  ) as never;
}

type CloudClients = Pick<GoogleCloud, "auth" | "cloudRun" | "jobs" | "scheduler" | "storage" | "googleApis" | "canaryMetrics">;

/** A GoogleCloud with only the given clients; reading any other member fails the test. */
export function cloudWith(clients: Partial<CloudClients>): GoogleCloud {
  return {
    auth: clients.auth ?? untouchable("auth"),
    cloudRun: clients.cloudRun ?? untouchable("cloudRun"),
    jobs: clients.jobs ?? untouchable("jobs"),
    scheduler: clients.scheduler ?? untouchable("scheduler"),
    storage: clients.storage ?? untouchable("storage"),
    googleApis: clients.googleApis ?? untouchable("googleApis"),
    canaryMetrics: clients.canaryMetrics ?? untouchable("canaryMetrics"),
    close: async () => {},
  };
}

/** A GoogleCloud that only has Cloud Storage (pointed at a local fake-gcs-server). */
export function storageOnlyCloud(storage: Storage): GoogleCloud {
  return cloudWith({ storage });
}

export { rejection } from "../support/rejection.js";

export function serviceReport(service: string, status: ReleaseStatus = "deployed"): ServiceReleaseReport {
  return {
    kind: "service",
    service,
    environment: "staging",
    project: "dataface-staging",
    region: "europe-west1",
    status,
    strategy: "blue-green",
    image: `europe-west1-docker.pkg.dev/dataface-staging/dataface/${service}@sha256:${"a".repeat(64)}`,
    commit: GIT_SHA.slice(0, 7),
    changes: [],
    ...(status === "rolled-back" ? { reason: "the new revision failed its health check" } : {}),
    warnings: [],
    durationMs: 1200,
  };
}

export function jobReport(job: string, status: ReleaseStatus = "deployed"): JobReleaseReport {
  return {
    kind: "job",
    job,
    environment: "staging",
    status,
    image: `europe-west1-docker.pkg.dev/dataface-staging/dataface/${job}@sha256:${"b".repeat(64)}`,
    commit: GIT_SHA.slice(0, 7),
    ...(status === "failed" ? { reason: "the execution failed" } : {}),
    warnings: [],
    durationMs: 800,
  };
}

export function siteReport(bucket: string): SiteSyncReport {
  return {
    bucket,
    prefix: "",
    dryRun: false,
    uploaded: ["index.html"],
    uploadReasons: { new: 1, content: 0, metadata: 0 },
    unchanged: 0,
    deleted: [],
    wouldDelete: [],
    bytesUploaded: 20,
    websiteUpdated: false,
    failed: [],
    retries: 0,
    permissionsChecked: true,
  };
}

export function schedulesReport(ok = true): ScheduleSyncReport {
  return {
    kind: "schedules",
    ok,
    outcomes: [
      ok
        ? { name: "ingestion-nightly", target: "job ingestion", action: "unchanged" }
        : { name: "ingestion-nightly", target: "job ingestion", action: "failed", error: "PERMISSION_DENIED" },
    ],
  };
}
