/**
 * Security scans of one service or job. Each scanner is its own container and fails with a
 * non-zero exit and its findings on stdout:
 *   bandit (the project's code), pip-audit (its dependencies, as its manager locks or lists them),
 *   trivy (the built image), hadolint (the Dockerfile), gitleaks (leaked secrets in the project folder).
 */
import { CacheSharingMode, dag, type Container, type Directory } from "@dagger.io/dagger";
import type { JobSpec, ScannerName, ServiceSpec } from "../catalog/schema.js";
import { targetContext } from "./context.js";
import { CACHES, IMAGES, TOOLS } from "./images.js";
import type { PythonProject } from "../python/plan.js";
import { DEFAULT_PYTHON } from "../python/version.js";
import { managerBase, projectFolder, pythonBase, WORKDIR, withDependencyFiles } from "./python.js";

export type Severity = "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";
const ORDER: Severity[] = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];

/** Trivy's --severity list: the threshold and everything above it. */
export function severitiesFrom(threshold: Severity): string {
  return ORDER.slice(ORDER.indexOf(threshold)).join(",");
}

/** Bandit has no CRITICAL level: CRITICAL maps to its highest, "high". */
export const banditLevel = (threshold: Severity): string => (threshold === "CRITICAL" ? "high" : threshold.toLowerCase());

export interface ScanJob {
  scanner: ScannerName;
  /** Runs the scanner; rejects with its findings (an ExecError) or with why it could not run. */
  run: () => Promise<unknown>;
}

export function banditScan(folder: Directory, target: ServiceSpec | JobSpec, threshold: Severity): Container {
  const excludes = target.scan.banditExclude.map((p) => `./${p}`).join(",");
  return pythonBase(DEFAULT_PYTHON)
    .withDirectory(WORKDIR, folder)
    .withExec(["uv", "tool", "run", "--from", TOOLS.bandit, "bandit", "--recursive", ".", "--exclude", excludes, "--severity-level", banditLevel(threshold), "--confidence-level", "medium", "--format", "txt"]);
}

/**
 * pip-audit of what the project's manager locks (uv / poetry / pdm export of the runtime
 * dependencies, every version pinned) or lists (requirements files, pyproject dependencies:
 * pip-audit resolves them, transitive dependencies included).
 */
export function pipAuditScan(source: Directory, project: PythonProject, target: ServiceSpec | JobSpec): Container {
  const ignores = target.scan.ignoreVulns.flatMap((id) => ["--ignore-vuln", id]);
  let container = withDependencyFiles(managerBase(project), source, project);
  for (const command of project.audit.prepare) container = container.withExec(command);
  const inputs = project.audit.requirements.flatMap((file) => ["--requirement", file]);
  const resolution = project.audit.locked ? ["--no-deps", "--disable-pip"] : [];
  return container.withExec(["uv", "tool", "run", "--from", TOOLS.pipAudit, "pip-audit", ...inputs, ...resolution, "--progress-spinner", "off", "--strict", ...ignores]);
}

export function trivyScan(image: Container, target: ServiceSpec | JobSpec, threshold: Severity): Container {
  const unfixed = target.scan.ignoreUnfixed ? ["--ignore-unfixed"] : [];
  return dag
    .container()
    .from(IMAGES.trivy)
    // LOCKED: trivy's cache is a bolt database with a 5 s file lock; parallel scans on a SHARED
    // volume fail with "cache may be in use by another process".
    .withMountedCache("/root/.cache", dag.cacheVolume(CACHES.trivy), { sharing: CacheSharingMode.Locked })
    .withMountedFile("/scan/image.tar", image.asTarball())
    .withWorkdir("/scan")
    .withExec(["trivy", "image", "--input", "/scan/image.tar", "--exit-code", "1", "--severity", severitiesFrom(threshold), "--pkg-types", "os,library", "--no-progress", ...unfixed]);
}

export function hadolintScan(context: Directory, target: ServiceSpec | JobSpec): Container {
  return dag
    .container()
    .from(IMAGES.hadolint)
    // The whole context, run from inside it, so a .hadolint.yaml next to the Dockerfile applies.
    .withMountedDirectory("/scan", context)
    .withWorkdir("/scan")
    .withExec(["hadolint", "--failure-threshold", "warning", target.build.dockerfile]);
}

/**
 * gitleaks over a directory's files (no git history needed); findings are redacted. It scans "."
 * from inside the folder so a .gitleaks.toml there applies with paths relative to its root.
 */
export function gitleaksScan(files: Directory): Container {
  return dag
    .container()
    .from(IMAGES.gitleaks)
    .withMountedDirectory("/scan", files)
    .withWorkdir("/scan")
    .withExec(["gitleaks", "dir", ".", "--redact", "--no-banner", "--exit-code", "1"]);
}

export interface ScanInputs {
  source: Directory;
  target: ServiceSpec | JobSpec;
  /** The built image (trivy); resolves once per target. */
  image: () => Promise<Container>;
  /** The target's Python project (bandit, pip-audit, gitleaks); resolves once per target. */
  project: () => Promise<PythonProject>;
  projectSeverity: Severity;
}

/** All scanners for one target except those skipped in the catalog, in a fixed order. */
export function scanJobs(inputs: ScanInputs): ScanJob[] {
  const { source, target } = inputs;
  const threshold = target.scan.severity ?? inputs.projectSeverity;
  const context = targetContext(source, target.build.context);
  const all: ScanJob[] = [
    { scanner: "bandit", run: async () => banditScan(projectFolder(source, await inputs.project()), target, threshold).sync() },
    { scanner: "pip-audit", run: async () => pipAuditScan(source, await inputs.project(), target).sync() },
    { scanner: "trivy", run: async () => trivyScan(await inputs.image(), target, threshold).sync() },
    { scanner: "hadolint", run: () => hadolintScan(context, target).sync() },
    { scanner: "gitleaks", run: async () => gitleaksScan(projectFolder(source, await inputs.project())).sync() },
  ];
  return all.filter((job) => !target.scan.skip.includes(job.scanner));
}
