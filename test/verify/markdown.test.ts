/**
 * The markdown of the release reports. The fixtures are typed as the real report types, so the
 * typecheck proves the renderers take those reports as they are.
 */
import { describe, expect, it } from "vitest";
import type { ReleaseAllReport } from "../../ci/src/commands/release-all.js";
import type { ReleaseStatus } from "../../ci/src/lib/release-status.js";
import { type ServiceReleaseReport, succeeded } from "../../ci/src/services/report.js";
import type { SiteSyncReport } from "../../ci/src/site/report.js";
import { cell, code, codeBlock, deployAllMarkdown, deployMarkdown, planMarkdown, publishSiteMarkdown, table } from "../../ci/src/verify/markdown.js";
import { formatPlan, type ReleasePlan } from "../../ci/src/services/plan.js";

const service = (over: Partial<ServiceReleaseReport> = {}): ServiceReleaseReport => ({
  kind: "service",
  service: "alie",
  cloudRunName: "alie-staging",
  environment: "staging",
  project: "dataface-staging",
  region: "europe-west1",
  status: "deployed",
  strategy: "blue-green",
  image: "europe-west1-docker.pkg.dev/p/r/alie@sha256:abc",
  commit: "0123456",
  revision: "alie-staging-0123456-x1",
  url: "https://alie-staging.run.app",
  trafficAfter: "alie-staging-0123456-x1=100%",
  changes: [],
  warnings: [],
  durationMs: 4200,
  ...over,
});

const site = (over: Partial<SiteSyncReport> = {}): SiteSyncReport => ({
  bucket: "docs-bucket",
  prefix: "staging/",
  dryRun: false,
  uploaded: ["index.html", "a.css"],
  uploadReasons: { new: 1, content: 1, metadata: 0 },
  unchanged: 10,
  deleted: [],
  wouldDelete: ["old.html"],
  bytesUploaded: 100,
  websiteUpdated: false,
  failed: [],
  retries: 0,
  permissionsChecked: true,
  ...over,
});

describe("markdown building blocks", () => {
  it("escapes pipes and line breaks in table cells", () => {
    expect(cell("a|b\nc")).toBe("a\\|b c");
    expect(table(["A", "B"], [["1", "x|y"]])).toBe("| A | B |\n|---|---|\n| 1 | x\\|y |");
  });

  it("quotes code holding backticks", () => {
    expect(code("a`b")).toBe("``a`b``");
    expect(codeBlock("x\n```\ny\n")).toBe("````text\nx\n```\ny\n````");
  });
});

describe("deploy --format=markdown", () => {
  it("counts as success exactly the statuses the release reports do", () => {
    const all: ReleaseStatus[] = ["created", "deployed", "unchanged", "rolled-back", "aborted", "failed", "planned"];
    for (const status of all) expect({ status, ok: deployMarkdown(service({ status }), "").startsWith("## ✅") }).toEqual({ status, ok: succeeded({ status }) });
  });

  it("heads with the service, its Cloud Run name, the environment and the status, then the facts and the full text", () => {
    const md = deployMarkdown(service(), "alie (staging): DEPLOYED");
    expect(md.split("\n")[0]).toBe("## ✅ deploy alie (alie-staging) to staging: deployed");
    expect(md).toContain("| image | `europe-west1-docker.pkg.dev/p/r/alie@sha256:abc` |");
    expect(md).toContain("| url | https://alie-staging.run.app |");
    expect(md).toContain("<details><summary>Full report</summary>\n\n```text\nalie (staging): DEPLOYED\n```\n\n</details>");
  });

  it("shows why a release was rolled back and where its logs are, and every warning", () => {
    const md = deployMarkdown(service({ status: "rolled-back", reason: "health check failed: 503", logHint: "gcloud logging read ...", warnings: ["checks were SKIPPED"] }), "");
    expect(md.split("\n")[0]).toBe("## ❌ deploy alie (alie-staging) to staging: rolled-back");
    expect(md).toContain("> **Warning:** checks were SKIPPED");
    expect(md).toContain("| reason | health check failed: 503 |");
    expect(md).toContain("| logs | gcloud logging read ... |");
  });
});

describe("deploy-all --format=markdown", () => {
  it("has one row per service, job, site and schedule, and the targets that failed before a report", () => {
    const report: ReleaseAllReport = {
      kind: "release-all",
      environment: "staging",
      ok: false,
      services: { kind: "deploy-all", environment: "staging", ok: false, services: [service()], errors: [{ service: "cloud", error: "tests failed" }], durationMs: 1 },
      jobs: [{ kind: "job", job: "ingestion", environment: "staging", status: "unchanged", image: "img", commit: "0123456", warnings: [], durationMs: 1 }],
      sites: [{ site: "docs", report: site() }],
      schedules: { kind: "schedules", ok: true, outcomes: [{ name: "nightly", target: "job ingestion", action: "updated" }] },
      errors: [{ target: "site tasks", error: "bucket not found" }],
      durationMs: 9000,
    };
    const md = deployAllMarkdown(report, "deploy-all (staging): FAILED");
    expect(md.split("\n")[0]).toBe("## ❌ deploy-all to staging: FAILED");
    expect(md).toContain("| Kind | Name | Result | What happened |");
    expect(md).toContain("| service | alie | ✅ OK | deployed |");
    expect(md).toContain("| service | cloud | ❌ FAIL | tests failed |");
    expect(md).toContain("| job | ingestion | ✅ OK | unchanged |");
    expect(md).toContain("| site | docs | ✅ OK | uploaded 2, unchanged 10 |");
    expect(md).toContain("| schedule | nightly | ✅ OK | updated |");
    expect(md).toContain("|  | site tasks | ❌ FAIL | bucket not found |");
  });
});

describe("deploy --dry-run --format=markdown", () => {
  const plan: ReleasePlan = {
    kind: "plan", service: "alie", cloudRunName: "alie-staging", exists: true, commit: "bbb2222", liveImage: "r/alie@sha256:aa", liveCommit: "aaa1111",
    traffic: "alie-staging-aaa1111 100%", changes: [{ field: "template.containers[alie].resources.limits.memory", live: "512Mi", desired: "1Gi" }], unmanaged: [],
  };

  it("heads with what would change, tables the image, traffic and each setting, and keeps the text report folded", () => {
    const md = planMarkdown(plan, "staging", formatPlan(plan));
    expect(md.split("\n")[0]).toBe("## 📋 deploy --dry-run alie (alie-staging) to staging: 1 configuration change(s)");
    expect(md).toContain("| `template.containers[alie].resources.limits.memory` | 512Mi | 1Gi |");
    expect(md).toContain("`r/alie@sha256:aa` -> new build of `bbb2222`");
    expect(md).toContain("<summary>Full report</summary>");
  });

  it("says a new service would be created, and warns about settings the catalog does not manage", () => {
    expect(planMarkdown({ ...plan, exists: false, changes: [] }, "dev", "x").split("\n")[0]).toBe("## 📋 deploy --dry-run alie (alie-staging) to dev: would be created");
    expect(planMarkdown({ ...plan, unmanaged: [{}] }, "dev", "x")).toContain("> **Warning:** the live template has 1 setting(s) the catalog does not manage");
  });
});

describe("publish-site --format=markdown", () => {
  it("says where it published, what changed and what stale objects it kept", () => {
    const md = publishSiteMarkdown("docs", site(), "Site sync to gs://docs-bucket/staging/");
    expect(md.split("\n")[0]).toBe("## ✅ publish-site docs to `gs://docs-bucket/staging/`");
    expect(md).toContain("| uploaded | 2 |");
    expect(md).toContain("| stale, kept | 1 |");
  });

  it("marks a dry run and a sync with failed uploads", () => {
    const md = publishSiteMarkdown("docs", site({ dryRun: true, failed: [{ object: "a.css", error: "503" }] }), "");
    expect(md.split("\n")[0]).toBe("## ❌ publish-site docs to `gs://docs-bucket/staging/` (dry run: nothing changed)");
    expect(md).toContain("| would upload | 2 |");
    expect(md).toContain("| failed | a.css: 503 |");
  });
});

describe("--format=markdown in the verb layer", () => {
  it("is accepted by the release reports' format parser and refused elsewhere with the allowed values", async () => {
    const { parseFormat, parseReportFormat, renderReport } = await import("../../ci/src/commands/context.js");
    expect(parseReportFormat("markdown")).toBe("markdown");
    expect(() => parseReportFormat("md")).toThrow('--format must be "text", "json" or "markdown", not "md".');
    expect(() => parseFormat("markdown")).toThrow('--format must be "text" or "json", not "markdown".');
    expect(renderReport({ a: 1 }, "plain", "markdown", (t) => `## ${t}`)).toBe("## plain");
    expect(renderReport({ a: 1 }, "plain", "json", () => "unused")).toBe('{\n  "a": 1\n}');
    expect(renderReport({ a: 1 }, "plain", "text", () => "unused")).toBe("plain");
  });
});
