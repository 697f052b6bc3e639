/**
 * Security scans of one service or job. Each scanner is its own container and fails with a
 * non-zero exit and its findings on stdout:
 *   bandit (code), pip-audit (locked dependencies), trivy (the built image),
 *   hadolint (the Dockerfile), gitleaks (leaked secrets in the target's files).
 */
import { CacheSharingMode, dag, type Container, type Directory } from "@dagger.io/dagger";
import type { JobSpec, ScannerName, ServiceSpec } from "../catalog/schema.js";
import { targetContext } from "./context.js";
import { CACHES, IMAGES, TOOLS } from "./images.js";
import { uvBase, WORKDIR } from "./python.js";

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
  container: Container;
}

export function banditScan(context: Directory, target: ServiceSpec | JobSpec, threshold: Severity): Container {
  const excludes = target.scan.banditExclude.map((p) => `./${p}`).join(",");
  return uvBase()
    .withDirectory(WORKDIR, context)
    .withExec(["uv", "tool", "run", "--from", TOOLS.bandit, "bandit", "--recursive", ".", "--exclude", excludes, "--severity-level", banditLevel(threshold), "--confidence-level", "medium", "--format", "txt"]);
}

export function pipAuditScan(context: Directory, target: ServiceSpec | JobSpec): Container {
  const ignores = target.scan.ignoreVulns.flatMap((id) => ["--ignore-vuln", id]);
  return uvBase()
    .withFile(`${WORKDIR}/pyproject.toml`, context.file("pyproject.toml"))
    .withFile(`${WORKDIR}/uv.lock`, context.file("uv.lock"))
    .withExec(["uv", "export", "--frozen", "--no-dev", "--no-emit-project", "--no-hashes", "--output-file", "/tmp/requirements.txt"])
    .withExec(["uv", "tool", "run", "--from", TOOLS.pipAudit, "pip-audit", "--requirement", "/tmp/requirements.txt", "--no-deps", "--disable-pip", "--progress-spinner", "off", "--strict", ...ignores]);
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

/** All scanners for one target except those skipped in the catalog, in a fixed order. */
export function scanJobs(source: Directory, image: Container, target: ServiceSpec | JobSpec, projectSeverity: Severity): ScanJob[] {
  const context = targetContext(source, target.build.context);
  const threshold = target.scan.severity ?? projectSeverity;
  const all: ScanJob[] = [
    { scanner: "bandit", container: banditScan(context, target, threshold) },
    { scanner: "pip-audit", container: pipAuditScan(context, target) },
    { scanner: "trivy", container: trivyScan(image, target, threshold) },
    { scanner: "hadolint", container: hadolintScan(context, target) },
    { scanner: "gitleaks", container: gitleaksScan(context) },
  ];
  return all.filter((job) => !target.scan.skip.includes(job.scanner));
}
