import { describe, expect, it } from "vitest";
import { placeSarif, SarifError, sarifCategory, sarifFindings } from "../../ci/src/verify/sarif.js";

/** A SARIF log as the scanners write it: one run, results with relative, absolute and scheme URIs. */
function banditLike(results: unknown[] = []): string {
  return JSON.stringify({ version: "2.1.0", runs: [{ tool: { driver: { name: "Bandit" } }, results }] });
}
const result = (uri: string, line = 3, ruleId = "B602", message = "subprocess call with shell=True") => ({
  ruleId,
  level: "error",
  message: { text: `${message}\nmore text` },
  locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: line } } }],
});

describe("placeSarif", () => {
  it("gives every run its tool-and-target category, so code scanning accepts one upload of many runs", () => {
    const text = JSON.stringify({ runs: [{ tool: { driver: { name: "Trivy" } } }, { tool: { driver: { name: "Trivy" } }, automationDetails: { id: "old/" } }] });
    const placed = JSON.parse(placeSarif(text, { category: sarifCategory("trivy", "cloud") }));
    expect(placed.runs.map((r: any) => r.automationDetails.id)).toEqual(["cloud-run-pipeline/trivy/cloud/", "cloud-run-pipeline/trivy/cloud/"]);
  });

  it("names the repository-wide scan without a target", () => {
    expect(sarifCategory("gitleaks", "")).toBe("cloud-run-pipeline/gitleaks/");
  });

  it("makes relative paths relative to the repository root, leaving absolute, scheme and out-of-repository URIs alone", () => {
    const text = banditLike([result("./src/alie/main.py"), result("/usr/lib/x.py"), result("file:///src/y.py"), result("../../../../../outside.py")]);
    const placed = JSON.parse(placeSarif(text, { category: "c/", uriBase: "examples/dataface/services/alie" }));
    const uris = placed.runs[0].results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri);
    expect(uris).toEqual(["examples/dataface/services/alie/src/alie/main.py", "/usr/lib/x.py", "file:///src/y.py", "../../../../../outside.py"]);
  });

  it("leaves paths alone without a base (trivy's paths are inside the image)", () => {
    const placed = JSON.parse(placeSarif(banditLike([result("app/.venv/lib/site-packages/x")]), { category: "c/" }));
    expect(placed.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("app/.venv/lib/site-packages/x");
  });

  it("keeps the root folder's paths as they are", () => {
    const placed = JSON.parse(placeSarif(banditLike([result("Dockerfile", 1)]), { category: "c/", uriBase: "." }));
    expect(placed.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("Dockerfile");
  });

  it("refuses text that is not SARIF, saying what it is", () => {
    expect(() => placeSarif("", { category: "c/" })).toThrow(SarifError);
    expect(() => placeSarif("not json", { category: "c/" })).toThrow(/^not JSON: /);
    expect(() => placeSarif('{"version":"2.1.0"}', { category: "c/" })).toThrow('not a SARIF log: no "runs" list at the top level');
  });
});

describe("sarifFindings", () => {
  it("lists each finding as rule, level, place and the first line of its message", () => {
    expect(sarifFindings(banditLike([result("./src/app.py", 12)]))).toEqual(["B602 (error) ./src/app.py:12: subprocess call with shell=True"]);
  });

  it("shows the first ones and says how many more the file holds", () => {
    const lines = sarifFindings(banditLike(Array.from({ length: 12 }, (_, i) => result(`f${i}.py`))), 10);
    expect(lines).toHaveLength(11);
    expect(lines[10]).toBe("... and 2 more (see the SARIF file)");
  });

  it("returns nothing for a clean scan", () => {
    expect(sarifFindings(banditLike())).toEqual([]);
  });
});
