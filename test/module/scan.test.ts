import { describe, expect, it } from "vitest";
import { CACHES, IMAGES, TOOLS } from "../../ci/src/containers/images.js";
import { digestOf } from "../support/dagger/chain.js";
import type { ExecRecord } from "../support/dagger/index.js";
import { editYaml, pipeline, readRepoFile, rejection, tempRepo, useFakeSession } from "./harness.js";

const session = useFakeSession();

const SCANNERS = ["bandit", "pip-audit", "trivy", "hadolint", "gitleaks"] as const;
type Scanner = (typeof SCANNERS)[number];

/** The exec that ran each scanner (the last exec of its container). */
function scannerExecs(): Partial<Record<Scanner, ExecRecord>> {
  const out: Partial<Record<Scanner, ExecRecord>> = {};
  for (const e of session().execs()) {
    if (e.args.includes("bandit") && e.args[0] === "uv") out.bandit = e;
    else if (e.args.includes("pip-audit")) out["pip-audit"] = e;
    else if (e.args[0] === "trivy") out.trivy = e;
    else if (e.args[0] === "hadolint") out.hadolint = e;
    else if (e.args[0] === "gitleaks") out.gitleaks = e;
  }
  return out;
}

const argAfter = (e: ExecRecord | undefined, flag: string): string | undefined => e?.args[e.args.indexOf(flag) + 1];

describe("module scan", () => {
  it("runs all five scanners and reports each", async () => {
    const report = await pipeline().scan("alie");
    expect(Object.keys(scannerExecs()).sort()).toEqual([...SCANNERS].sort());
    for (const s of SCANNERS) expect(report).toMatch(new RegExp(`^PASS  scan:${s} alie`, "m"));
  });

  it("pins every scanner image by digest and the Python tools by version", async () => {
    await pipeline().scan("alie");
    const execs = scannerExecs();
    expect(execs.trivy?.from).toBe(IMAGES.trivy);
    expect(execs.hadolint?.from).toBe(IMAGES.hadolint);
    expect(execs.gitleaks?.from).toBe(IMAGES.gitleaks);
    for (const image of [IMAGES.trivy, IMAGES.hadolint, IMAGES.gitleaks, IMAGES.python]) expect(image).toMatch(/@sha256:[0-9a-f]{64}$/);
    expect(execs.bandit?.from).toBe(IMAGES.python);
    expect(execs.bandit?.args).toContain(TOOLS.bandit);
    expect(execs["pip-audit"]?.args).toContain(TOOLS.pipAudit);
  });

  it("mounts named cache volumes for the Python tools and trivy", async () => {
    await pipeline().scan("alie");
    const execs = scannerExecs();
    expect(execs.bandit?.caches.map((c) => c.key)).toEqual([CACHES.uv]);
    expect(execs["pip-audit"]?.caches.map((c) => c.key)).toEqual([CACHES.uv]);
    // LOCKED: parallel trivy runs would otherwise fight over its bolt database lock.
    expect(execs.trivy?.caches).toEqual([{ path: "/root/.cache", key: CACHES.trivy, sharing: "LOCKED" }]);
  });

  it("scans the tarball of the service's built image with trivy", async () => {
    const p = pipeline();
    await p.scan("alie");
    const { chain } = await session().chainOf(await p.build("alie"));
    const trivy = scannerExecs().trivy!;
    expect(trivy.args.slice(0, 3)).toEqual(["trivy", "image", "--input"]);
    expect(argAfter(trivy, "--input")).toBe("/scan/image.tar");
    expect(trivy.readFile("/scan/image.tar")).toBe(`fake OCI tarball of sha256:${digestOf(chain)}\n`);
    expect(argAfter(trivy, "--exit-code")).toBe("1");
  });

  it("lints the service's own Dockerfile with hadolint and scans only its files with gitleaks", async () => {
    await pipeline().scan("alie");
    const { hadolint, gitleaks } = scannerExecs();
    expect(hadolint?.args).toEqual(["hadolint", "--failure-threshold", "warning", "Dockerfile"]);
    expect(hadolint?.workdir).toBe("/scan");
    expect(hadolint?.readFile("/scan/Dockerfile")).toBe(readRepoFile("examples/dataface/services/alie/Dockerfile"));
    const files = gitleaks!.mountedDirectories[0]!.files;
    expect(gitleaks?.mountedDirectories[0]?.path).toBe("/scan");
    // "." from /scan, so a .gitleaks.toml in the scanned folder applies with relative paths.
    expect(gitleaks?.workdir).toBe("/scan");
    expect(gitleaks?.args).toEqual(["gitleaks", "dir", ".", "--redact", "--no-banner", "--exit-code", "1"]);
    expect(files).toContain("src/alie/main.py");
    expect(files.some((f) => f.includes(".venv") || f.includes("manage.py"))).toBe(false);
  });

  it("maps the project's HIGH threshold to trivy's list and bandit's level", async () => {
    await pipeline().scan("alie");
    const { trivy, bandit } = scannerExecs();
    expect(argAfter(trivy, "--severity")).toBe("HIGH,CRITICAL");
    expect(argAfter(bandit, "--severity-level")).toBe("high");
  });

  it("uses the target's own threshold over the project's", async () => {
    const root = tempRepo();
    editYaml(root, "pipelines/services/alie.yaml", (doc) => void (doc["scan"] = { severity: "MEDIUM" }));
    await pipeline(root).scan("alie");
    const { trivy, bandit } = scannerExecs();
    expect(argAfter(trivy, "--severity")).toBe("MEDIUM,HIGH,CRITICAL");
    expect(argAfter(bandit, "--severity-level")).toBe("medium");
  });

  it("maps a CRITICAL project threshold to bandit's highest level", async () => {
    const root = tempRepo();
    editYaml(root, "pipelines/project.yaml", (doc) => void (doc["scan"] = { severity: "CRITICAL" }));
    await pipeline(root).scan("alie");
    const { trivy, bandit } = scannerExecs();
    expect(argAfter(trivy, "--severity")).toBe("CRITICAL");
    expect(argAfter(bandit, "--severity-level")).toBe("high");
  });

  it("does not run scanners the catalog skips", async () => {
    const root = tempRepo();
    editYaml(root, "pipelines/services/alie.yaml", (doc) => void (doc["scan"] = { skip: ["trivy", "hadolint"] }));
    const report = await pipeline(root).scan("alie");
    expect(Object.keys(scannerExecs()).sort()).toEqual(["bandit", "gitleaks", "pip-audit"]);
    expect(report).not.toContain("scan:trivy");
    expect(report).not.toContain("scan:hadolint");
  });

  it("passes the catalog's scanner options: unfixed CVEs, accepted advisories, bandit excludes", async () => {
    await pipeline().scan("alie");
    const defaults = scannerExecs();
    expect(defaults.trivy?.args).toContain("--ignore-unfixed");
    expect(argAfter(defaults.bandit, "--exclude")).toBe("./tests,./.venv");
    expect(defaults["pip-audit"]?.args).not.toContain("--ignore-vuln");

    session().reset();
    const root = tempRepo();
    editYaml(root, "pipelines/services/alie.yaml", (doc) => {
      doc["scan"] = { ignoreUnfixed: false, ignoreVulns: ["PYSEC-2024-48", "GHSA-abcd-efgh-ijkl"], banditExclude: ["tests", "scripts"] };
    });
    await pipeline(root).scan("alie");
    const custom = scannerExecs();
    expect(custom.trivy?.args).not.toContain("--ignore-unfixed");
    expect(custom["pip-audit"]?.args.slice(-4)).toEqual(["--ignore-vuln", "PYSEC-2024-48", "--ignore-vuln", "GHSA-abcd-efgh-ijkl"]);
    expect(argAfter(custom.bandit, "--exclude")).toBe("./tests,./scripts");
  });

  it("audits the locked runtime dependencies, not the project itself", async () => {
    await pipeline().scan("alie");
    const exportExec = session().execs().find((e) => e.args[0] === "uv" && e.args[1] === "export");
    expect(exportExec?.args).toEqual(["uv", "export", "--frozen", "--no-dev", "--no-emit-project", "--no-hashes", "--output-file", "/opt/cloud-run-pipeline/audit-requirements.txt"]);
    expect(exportExec?.files).toEqual(["/usr/local/bin/uv", "/src/pyproject.toml", "/src/uv.lock"]);
    expect(argAfter(scannerExecs()["pip-audit"], "--requirement")).toBe("/opt/cloud-run-pipeline/audit-requirements.txt");
  });

  it("fails with every failing scanner in one error", async () => {
    session().onExec((e) => {
      if (e.args[0] === "trivy") return { exitCode: 1, stdout: "CVE-2099-0001 (HIGH): openssl 3.0.0\nTotal: 1 (HIGH: 1, CRITICAL: 0)\n" };
      if (e.args.includes("bandit")) return { exitCode: 1, stdout: ">> Issue: [B602:subprocess_popen_with_shell_equals_true]\n" };
      return undefined;
    });
    const err = await rejection(pipeline().scan("alie"));
    expect(err.message).toMatch(/^NOTE: --source is cloud-run-pipeline's own repository[^\n]*\n\nverify failed: 2 of 5 steps failed\./);
    expect(err.message).toContain("✗ scan:bandit alie");
    expect(err.message).toContain("| >> Issue: [B602:subprocess_popen_with_shell_equals_true]");
    expect(err.message).toContain("✗ scan:trivy alie");
    expect(err.message).toContain("| Total: 1 (HIGH: 1, CRITICAL: 0)");
    expect(err.message).toContain("command: trivy image --input /scan/image.tar");
    expect(err.message).toMatch(/^PASS  scan:gitleaks alie/m);
    expect(Object.keys(scannerExecs())).toHaveLength(5);
  });
});
