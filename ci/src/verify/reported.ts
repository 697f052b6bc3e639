/**
 * verify-report's bodies of the scan and test steps: the same containers verify runs, in report
 * mode (the scanner writes its native SARIF, pytest writes JUnit XML, and a non-zero exit no
 * longer fails the exec), so the files can be read whatever was found. The step still fails when
 * the command did, with the first findings (from the SARIF) or the command's output.
 */
import type { Container } from "@dagger.io/dagger";
import type { JobSpec, ServiceSpec } from "../catalog/schema.js";
import type { ReportedScan } from "../containers/scan.js";
import { JUNIT_FILE, runsPytest } from "../containers/test-run.js";
import { placeSarif, SarifError, sarifCategory, sarifFindings } from "./sarif.js";
import { CommandFailed, type StepRecorder } from "./step.js";

/** Where a tool's SARIF goes in the report: one file per tool and target (`sarif/gitleaks.sarif` for the repository-wide scan). */
export const sarifArtifactPath = (tool: string, target: string): string => `sarif/${target ? `${tool}-${target}` : tool}.sarif`;
export const junitArtifactPath = (target: string): string => `junit/${target}.xml`;

/** The value, or undefined when the engine says it is not there (a file the tool did not write). */
async function ifPresent<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch {
    return undefined;
  }
}

async function outputOf(container: Container): Promise<string> {
  const [stdout, stderr] = await Promise.all([container.stdout(), container.stderr()]);
  return [stdout, stderr].filter((s) => s.trim()).join("\n");
}

/** Where a reader finds out why a file is missing: the failure's output above, or (the command passed) what to look at. */
const why = (exitCode: number, whenPassed: string): string => (exitCode === 0 ? `it exited 0 without writing it; ${whenPassed}` : "its output above says why");

/** A scanner in report mode: records its SARIF (placed for code scanning) and fails with its first findings when it exited non-zero. */
export async function runReportedScan(scan: ReportedScan, target: string, record: StepRecorder): Promise<void> {
  const tool = scan.scanner;
  const exitCode = await scan.container.exitCode();
  const sarif = await ifPresent(() => scan.container.file(scan.sarifFile).contents());
  const path = sarifArtifactPath(tool, target);
  let findings: string[] = [];
  if (sarif === undefined) {
    record.note(`${tool} wrote no SARIF (${scan.sarifFile}), so ${path} is missing from the report; ${why(exitCode, `run \`${target ? `dagger call scan --service=${target}` : "dagger call verify"}\` to see what it prints`)}`);
  } else {
    try {
      record.artifact({ path, contents: placeSarif(sarif, { category: sarifCategory(tool, target), uriBase: scan.uriBase }) });
      findings = sarifFindings(sarif);
    } catch (err) {
      if (!(err instanceof SarifError)) throw err;
      record.artifact({ path, contents: sarif });
      record.note(`${path} is kept as ${tool} wrote it, but it is ${err.message}, so code scanning will refuse it`);
    }
  }
  if (exitCode !== 0) throw new CommandFailed(scan.command, exitCode, findings.length ? findings.join("\n") : await outputOf(scan.container));
}

/** The test step in report mode: records pytest's JUnit XML, or says why there is none. */
export async function runReportedTest(target: ServiceSpec | JobSpec, catalogFile: string, container: Container, record: StepRecorder): Promise<void> {
  const command = target.test.command;
  if (!runsPytest(command)) {
    record.note(
      `no JUnit XML for ${target.name}: its test command (${command.join(" ")}) does not run pytest itself, so --junitxml cannot be added. ` +
        `To get one, make test.command in ${catalogFile} run pytest (e.g. ["uv", "run", "pytest"] or ["python", "-m", "pytest"]).`,
    );
    await container.sync();
    return;
  }
  const exitCode = await container.exitCode();
  const junit = container.file(JUNIT_FILE);
  if ((await ifPresent(() => junit.size())) !== undefined) record.artifact({ path: junitArtifactPath(target.name), file: junit });
  else record.note(`pytest wrote no JUnit XML (${JUNIT_FILE}) for ${target.name}, so ${junitArtifactPath(target.name)} is missing; ${why(exitCode, "a pytest option that disables its junitxml plugin (-p no:junitxml, e.g. in addopts) does that")}`);
  if (exitCode !== 0) throw new CommandFailed([...command, `--junitxml=${JUNIT_FILE}`], exitCode, await outputOf(container));
}
