/**
 * verify-report: verify's steps in report mode, exported as a Directory of SARIF (one file per
 * scanner and target), JUnit XML (one per target) and summary.md. Findings never fail it; verify
 * keeps failing on them. The fake's tools write what the real ones would (files at the paths the
 * flags name), scripted per test.
 */
import { describe, expect, it } from "vitest";
import type { Directory } from "@dagger.io/dagger";
import { JUNIT_FILE } from "../../ci/src/containers/test-run.js";
import type { ExecCall, ExecResult, FakeDaggerSession } from "../support/dagger/index.js";
import { BUILDABLES, editYaml, mkdocsWritesSite, pipeline, rejection, targetOf, tempRepo, useFakeSession } from "./harness.js";

const SARIF_TOOLS = ["bandit", "trivy", "hadolint", "gitleaks"] as const;
type Tool = (typeof SARIF_TOOLS)[number];

const sarif = (tool: string, results: unknown[] = []): string => JSON.stringify({ version: "2.1.0", runs: [{ tool: { driver: { name: tool } }, results }] });
const finding = (uri: string, ruleId: string, text: string) => ({ ruleId, level: "error", message: { text }, locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: 7 } } }] });

const toolOf = (e: ExecCall): Tool | "pytest" | undefined => {
  if (e.args[0] === "uv" && e.args.includes("bandit")) return "bandit";
  if (e.args[0] === "trivy" || e.args[0] === "hadolint" || e.args[0] === "gitleaks") return e.args[0];
  if (e.args.includes("pytest")) return "pytest";
  return undefined;
};

/** Where the exec writes its report, as the real tool would with the flags it was given. */
function reportPath(e: ExecCall): string | undefined {
  const after = (flag: string) => (e.args.includes(flag) ? e.args[e.args.indexOf(flag) + 1] : undefined);
  const junit = e.args.find((a) => a.startsWith("--junitxml="));
  if (junit) return junit.slice("--junitxml=".length);
  if (e.args[0] === "hadolint" && e.args.includes("sarif")) return e.opts["redirectStdout"] as string;
  return after("--output") ?? after("--report-path");
}

type Script = (e: ExecCall, tool: Tool | "pytest") => (ExecResult & { report?: string | null }) | undefined;

/** Every tool passes and writes a clean report, unless `script` says otherwise (report: null = writes none). */
function tools(session: FakeDaggerSession, script: Script = () => undefined): void {
  session.onExec((e) => {
    const tool = toolOf(e);
    if (!tool) return undefined;
    const scripted = script(e, tool) ?? {};
    const path = reportPath(e);
    const { report, ...result } = scripted;
    const text = report === undefined ? (tool === "pytest" ? '<testsuites tests="3" failures="0"/>\n' : sarif(tool)) : report;
    return { ...result, files: path && text !== null ? { [path]: text } : {} };
  });
}

const session = useFakeSession(mkdocsWritesSite);

const filesOf = async (dir: Directory): Promise<string[]> => (await session().visibleFiles(dir)).sort();
const summaryOf = (dir: Directory): Promise<string> => dir.file("summary.md").contents();

describe("module verify-report", () => {
  it("holds one SARIF file per scanner and target, one JUnit file per target, and summary.md", async () => {
    tools(session());
    const files = await filesOf(await pipeline().verifyReport());
    const expected = [
      ...BUILDABLES.flatMap((t) => SARIF_TOOLS.map((tool) => `sarif/${tool}-${t}.sarif`)),
      "sarif/gitleaks.sarif",
      ...BUILDABLES.map((t) => `junit/${t}.xml`),
      "summary.md",
    ];
    expect(files).toEqual(expected.sort());
  });

  it("runs each scanner with its own SARIF output flags, its exec ending with the scanner's exit code", async () => {
    tools(session());
    await pipeline().verifyReport();
    const execs = session().execs();
    const of = (tool: Tool) => execs.filter((e) => toolOf(e) === tool);
    for (const e of of("bandit")) expect(e.args.slice(-4)).toEqual(["--format", "sarif", "--output", "/cloud-run-pipeline-reports/bandit.sarif"]);
    for (const e of of("trivy")) expect(e.args.slice(-4)).toEqual(["--format", "sarif", "--output", "/cloud-run-pipeline-reports/trivy.sarif"]);
    for (const e of of("hadolint")) {
      expect(e.args).toEqual(["hadolint", "--failure-threshold", "warning", "--format", "sarif", "Dockerfile"]);
      expect(e.opts["redirectStdout"]).toBe("/cloud-run-pipeline-reports/hadolint.sarif");
    }
    for (const e of of("gitleaks")) expect(e.args.slice(-4)).toEqual(["--report-format", "sarif", "--report-path", "/cloud-run-pipeline-reports/gitleaks.sarif"]);
    for (const tool of SARIF_TOOLS) for (const e of of(tool)) expect(e.opts["expect"]).toBe("ANY");
    expect(of("gitleaks")).toHaveLength(BUILDABLES.length + 1);
    // pip-audit has no SARIF output: it runs as verify runs it.
    const pipAudit = execs.filter((e) => e.args.includes("pip-audit"));
    expect(pipAudit).toHaveLength(BUILDABLES.length);
    for (const e of pipAudit) expect(e.opts["expect"]).toBeUndefined();
  });

  it("runs pytest with --junitxml and keeps the file pytest wrote", async () => {
    tools(session(), (e, tool) => (tool === "pytest" && targetOf(e) === "cloud" ? { report: '<testsuites tests="9"/>\n' } : undefined));
    const dir = await pipeline().verifyReport();
    const pytest = session().execs().filter((e) => toolOf(e) === "pytest");
    expect(pytest.map((e) => e.args)).toEqual(BUILDABLES.map(() => ["pytest", "-q", `--junitxml=${JUNIT_FILE}`]));
    expect(await dir.file("junit/cloud.xml").contents()).toBe('<testsuites tests="9"/>\n');
  });

  it("files each SARIF under its tool-and-target category, with paths from the repository root", async () => {
    tools(session(), (e, tool) => {
      if (tool === "bandit" && targetOf(e) === "alie") return { report: sarif("Bandit", [finding("./src/alie/main.py", "B101", "assert used")]) };
      if (tool === "hadolint") return { report: sarif("Hadolint", [finding("Dockerfile", "DL3008", "pin versions")]) };
      return undefined;
    });
    const dir = await pipeline().verifyReport();
    const bandit = JSON.parse(await dir.file("sarif/bandit-alie.sarif").contents());
    expect(bandit.runs[0].automationDetails).toEqual({ id: "cloud-run-pipeline/bandit/alie/" });
    expect(bandit.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("examples/dataface/services/alie/src/alie/main.py");
    const hadolint = JSON.parse(await dir.file("sarif/hadolint-cloud.sarif").contents());
    expect(hadolint.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("examples/dataface/services/cloud/Dockerfile");
    const repoWide = JSON.parse(await dir.file("sarif/gitleaks.sarif").contents());
    expect(repoWide.runs[0].automationDetails).toEqual({ id: "cloud-run-pipeline/gitleaks/" });
  });

  it("reports findings and failed tests in summary.md instead of failing, while verify still fails on them", async () => {
    const failing: Script = (e, tool) => {
      if (tool === "bandit" && targetOf(e) === "alie") {
        const found = sarif("Bandit", [finding("./src/alie/main.py", "B602", "subprocess call with shell=True identified")]);
        return { exitCode: 1, report: e.args.includes("sarif") ? found : undefined, stdout: ">> Issue: [B602]\n" };
      }
      if (tool === "pytest" && targetOf(e) === "cloud") return { exitCode: 1, stdout: "FAILED tests/test_views.py::test_health - AssertionError\n1 failed, 9 passed\n" };
      return undefined;
    };
    tools(session(), failing);
    const dir = await pipeline().verifyReport();
    const summary = await summaryOf(dir);
    expect(summary).toMatch(/^# ❌ verify: 2 of \d+ steps failed\n/);
    expect(summary).toContain("## ❌ alie");
    expect(summary).toContain("| scan:bandit | ❌ FAIL |");
    expect(summary).toContain("B602 (error) ./src/alie/main.py:7: subprocess call with shell=True identified");
    expect(summary).toContain(`**test**: \`pytest -q --junitxml=${JUNIT_FILE}\` exited with 1`);
    expect(summary).toContain("FAILED tests/test_views.py::test_health - AssertionError");
    expect(summary).toContain("## ✅ playground");
    // The files of the failed steps are still there: that is what code scanning and the test report show.
    expect(await filesOf(dir)).toEqual(expect.arrayContaining(["sarif/bandit-alie.sarif", "junit/cloud.xml"]));

    session().reset();
    mkdocsWritesSite(session());
    tools(session(), failing);
    const err = await rejection(pipeline().verify());
    expect(err.message).toContain("✗ scan:bandit alie");
    expect(err.message).toContain("✗ test cloud");
  });

  it("says in summary.md why a scanner left no SARIF, with its output", async () => {
    tools(session(), (e, tool) => (tool === "hadolint" ? { exitCode: 1, report: null, stderr: "hadolint: Dockerfile:3 unexpected 'x'\n" } : undefined));
    const dir = await pipeline().verifyReport();
    const summary = await summaryOf(dir);
    expect(summary).toContain("- scan:hadolint: hadolint wrote no SARIF (/cloud-run-pipeline-reports/hadolint.sarif), so sarif/hadolint-alie.sarif is missing from the report; its output above says why");
    expect(summary).toContain("hadolint: Dockerfile:3 unexpected 'x'");
    expect((await filesOf(dir)).some((f) => f.startsWith("sarif/hadolint-"))).toBe(false);
  });

  it("says a custom test command gives no JUnit XML, and how to get one", async () => {
    const root = tempRepo();
    editYaml(root, "pipelines/services/cloud.yaml", (doc) => void (doc["test"]["command"] = ["make", "test"]));
    tools(session());
    const dir = await pipeline(root).verifyReport();
    expect(session().execs().find((e) => e.args[0] === "make")?.args).toEqual(["make", "test"]);
    expect(await filesOf(dir)).not.toContain("junit/cloud.xml");
    expect(await summaryOf(dir)).toContain(
      "- test: no JUnit XML for cloud: its test command (make test) does not run pytest itself, so --junitxml cannot be added. " +
        'To get one, make test.command in pipelines/services/cloud.yaml run pytest (e.g. ["uv", "run", "pytest"] or ["python", "-m", "pytest"]).',
    );
  });

  it("is the report of a catalog that cannot be read, without failing", async () => {
    const root = tempRepo();
    editYaml(root, "pipelines/services/alie.yaml", (doc) => void (doc["run"]["concurrency"] = "lots"));
    const dir = await pipeline(root).verifyReport();
    expect(await filesOf(dir)).toEqual(["summary.md"]);
    const summary = await summaryOf(dir);
    expect(summary).toMatch(/^# ❌ verify: 1 of 1 steps failed\n/);
    expect(summary).toContain("pipelines/services/alie.yaml: run.concurrency:");
  });

  it("says under the headline when it read the bundled example", async () => {
    tools(session());
    const summary = await summaryOf(await pipeline().verifyReport());
    expect(summary.split("\n")[2]).toMatch(/^> NOTE: --source is cloud-run-pipeline's own repository/);
  });
});
