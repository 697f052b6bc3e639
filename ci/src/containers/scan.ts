/**
 * Security scans of one service or job. Each scanner is its own container and fails with a
 * non-zero exit and its findings on stdout:
 *   bandit (the project's code), pip-audit (its dependencies, as its manager locks or lists them),
 *   trivy (the built image), hadolint (the Dockerfile), gitleaks (leaked secrets in the project folder).
 */
import { CacheSharingMode, type Container, type ContainerWithExecOpts, dag, type Directory, ReturnType } from "@dagger.io/dagger";
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

/**
 * Set right before the steps that fetch vulnerability data (trivy's database, pip-audit's
 * advisories) to the UTC day: those steps' cache keys change once a day, so a scan of an
 * unchanged commit still sees new advisories by the next day, while builds and installs before
 * them stay cached.
 */
export const VULN_DB_DATE_ENV = "CLOUD_RUN_PIPELINE_VULN_DB_DATE";

/** The scanners that write SARIF natively (pip-audit has no SARIF output). */
export type SarifScanner = Extract<ScannerName, "bandit" | "trivy" | "hadolint" | "gitleaks">;

/** Where a scanner writes its report in report mode: a folder of the container's own filesystem (the hadolint image has no /tmp). */
export const REPORT_DIR = "/cloud-run-pipeline-reports";
export const sarifFileOf = (scanner: SarifScanner): string => `${REPORT_DIR}/${scanner}.sarif`;

/**
 * A scanner's last exec. As verify runs it, it fails on findings. In report mode (`sarif`) it
 * writes its native SARIF to sarifFileOf(scanner) and the exec ends with the scanner's exit code
 * instead of failing, so the file can be read either way.
 */
function scannerExec(container: Container, args: string[], sarif: boolean, opts: ContainerWithExecOpts = {}): Container {
  if (!sarif) return container.withExec(args);
  return container.withDirectory(REPORT_DIR, dag.directory()).withExec(args, { ...opts, expect: ReturnType.Any });
}

/** A scanner run in report mode: its container (read its exit code and SARIF), its command, and where its SARIF is. */
export interface ReportedScan {
  scanner: SarifScanner;
  container: Container;
  command: string[];
  sarifFile: string;
  /** The repository folder the SARIF's relative paths start from (none for trivy: its paths are inside the image). */
  uriBase?: string;
}

export interface ScanJob {
  scanner: ScannerName;
  /** Runs the scanner; rejects with its findings (an ExecError) or with why it could not run. */
  run: () => Promise<unknown>;
  /** Report mode, for the scanners with native SARIF output. */
  report?: () => Promise<ReportedScan>;
}

export function banditCommand(target: ServiceSpec | JobSpec, threshold: Severity, sarif = false): string[] {
  const excludes = target.scan.banditExclude.map((p) => `./${p}`).join(",");
  const format = sarif ? ["--format", "sarif", "--output", sarifFileOf("bandit")] : ["--format", "txt"];
  return ["uv", "tool", "run", "--from", TOOLS.bandit, "bandit", "--recursive", ".", "--exclude", excludes, "--severity-level", banditLevel(threshold), "--confidence-level", "medium", ...format];
}

export function banditScan(folder: Directory, target: ServiceSpec | JobSpec, threshold: Severity, sarif = false): Container {
  return scannerExec(pythonBase(DEFAULT_PYTHON).withDirectory(WORKDIR, folder), banditCommand(target, threshold, sarif), sarif);
}

/**
 * pip-audit of what the project's manager locks (uv / poetry / pdm export of the runtime
 * dependencies, every version pinned) or lists (requirements files, pyproject dependencies:
 * pip-audit resolves them, transitive dependencies included).
 */
export function pipAuditScan(source: Directory, project: PythonProject, target: ServiceSpec | JobSpec, vulnDbDate: string): Container {
  const ignores = target.scan.ignoreVulns.flatMap((id) => ["--ignore-vuln", id]);
  let container = withDependencyFiles(managerBase(project), source, project);
  for (const command of project.audit.prepare) container = container.withExec(command);
  const inputs = project.audit.requirements.flatMap((file) => ["--requirement", file]);
  const resolution = project.audit.locked ? ["--no-deps", "--disable-pip"] : [];
  // The advisories are fetched by this exec: re-run it daily, after the cached export above.
  return container.withEnvVariable(VULN_DB_DATE_ENV, vulnDbDate).withExec(["uv", "tool", "run", "--from", TOOLS.pipAudit, "pip-audit", ...inputs, ...resolution, "--progress-spinner", "off", "--strict", ...ignores]);
}

/** With --severity given, trivy's SARIF holds only those severities too (without it, SARIF would list every one). */
export function trivyCommand(target: ServiceSpec | JobSpec, threshold: Severity, sarif = false): string[] {
  const unfixed = target.scan.ignoreUnfixed ? ["--ignore-unfixed"] : [];
  const format = sarif ? ["--format", "sarif", "--output", sarifFileOf("trivy")] : [];
  return ["trivy", "image", "--input", "/scan/image.tar", "--exit-code", "1", "--severity", severitiesFrom(threshold), "--pkg-types", "os,library", "--no-progress", ...unfixed, ...format];
}

export function trivyScan(image: Container, target: ServiceSpec | JobSpec, threshold: Severity, vulnDbDate: string, sarif = false): Container {
  const container = dag
    .container()
    .from(IMAGES.trivy)
    // LOCKED: trivy's cache is a bolt database with a 5 s file lock; parallel scans on a SHARED
    // volume fail with "cache may be in use by another process".
    .withMountedCache("/root/.cache", dag.cacheVolume(CACHES.trivy), { sharing: CacheSharingMode.Locked })
    .withMountedFile("/scan/image.tar", image.asTarball())
    .withWorkdir("/scan")
    // trivy updates its database in the cache volume when it is out of date, but only when this
    // exec runs: the day makes it run at least daily for an unchanged image.
    .withEnvVariable(VULN_DB_DATE_ENV, vulnDbDate);
  return scannerExec(container, trivyCommand(target, threshold, sarif), sarif);
}

export const hadolintCommand = (target: ServiceSpec | JobSpec, sarif = false): string[] =>
  ["hadolint", "--failure-threshold", "warning", ...(sarif ? ["--format", "sarif"] : []), target.build.dockerfile];

export function hadolintScan(context: Directory, target: ServiceSpec | JobSpec, sarif = false): Container {
  const container = dag
    .container()
    .from(IMAGES.hadolint)
    // The whole context, run from inside it, so a .hadolint.yaml next to the Dockerfile applies.
    .withMountedDirectory("/scan", context)
    .withWorkdir("/scan");
  // hadolint prints SARIF on stdout (it has no output-file flag); the engine writes it to the file (no shell in the image).
  return scannerExec(container, hadolintCommand(target, sarif), sarif, { redirectStdout: sarifFileOf("hadolint") });
}

/**
 * gitleaks over a directory's files (no git history needed); findings are redacted. It scans "."
 * from inside the folder so a .gitleaks.toml there applies with paths relative to its root.
 */
export const gitleaksCommand = (sarif = false): string[] =>
  ["gitleaks", "dir", ".", "--redact", "--no-banner", "--exit-code", "1", ...(sarif ? ["--report-format", "sarif", "--report-path", sarifFileOf("gitleaks")] : [])];

export function gitleaksScan(files: Directory, sarif = false): Container {
  const container = dag.container().from(IMAGES.gitleaks).withMountedDirectory("/scan", files).withWorkdir("/scan");
  return scannerExec(container, gitleaksCommand(sarif), sarif);
}

export interface ScanInputs {
  source: Directory;
  target: ServiceSpec | JobSpec;
  /** The built image (trivy); resolves once per target. */
  image: () => Promise<Container>;
  /** The target's Python project (bandit, pip-audit, gitleaks); resolves once per target. */
  project: () => Promise<PythonProject>;
  projectSeverity: Severity;
  /** The UTC day (YYYY-MM-DD) that keys the vulnerability-data steps (VULN_DB_DATE_ENV). */
  vulnDbDate: string;
}

/** All scanners for one target except those skipped in the catalog, in a fixed order. */
export function scanJobs(inputs: ScanInputs): ScanJob[] {
  const { source, target } = inputs;
  const threshold = target.scan.severity ?? inputs.projectSeverity;
  const context = targetContext(source, target.build.context);
  const { vulnDbDate } = inputs;
  const folder = async () => projectFolder(source, await inputs.project());
  const reported = (scanner: SarifScanner, command: string[], container: Container, uriBase?: string): ReportedScan => ({ scanner, container, command, sarifFile: sarifFileOf(scanner), uriBase });
  const all: ScanJob[] = [
    {
      scanner: "bandit",
      run: async () => banditScan(await folder(), target, threshold).sync(),
      report: async () => reported("bandit", banditCommand(target, threshold, true), banditScan(await folder(), target, threshold, true), (await inputs.project()).folder),
    },
    { scanner: "pip-audit", run: async () => pipAuditScan(source, await inputs.project(), target, vulnDbDate).sync() },
    {
      scanner: "trivy",
      run: async () => trivyScan(await inputs.image(), target, threshold, vulnDbDate).sync(),
      report: async () => reported("trivy", trivyCommand(target, threshold, true), trivyScan(await inputs.image(), target, threshold, vulnDbDate, true)),
    },
    {
      scanner: "hadolint",
      run: () => hadolintScan(context, target).sync(),
      report: async () => reported("hadolint", hadolintCommand(target, true), hadolintScan(context, target, true), target.build.context),
    },
    {
      scanner: "gitleaks",
      run: async () => gitleaksScan(await folder()).sync(),
      report: async () => reported("gitleaks", gitleaksCommand(true), gitleaksScan(await folder(), true), (await inputs.project()).folder),
    },
  ];
  return all.filter((job) => !target.scan.skip.includes(job.scanner));
}
