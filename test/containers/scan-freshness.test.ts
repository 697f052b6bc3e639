/**
 * Fresh vulnerability data: the steps that fetch it (trivy's database, pip-audit's advisories)
 * carry the UTC day, so their cache keys change once a day, while the build and every install
 * before them stay the same graph. The fake session runs each distinct chain once per session, as
 * the engine's cache does, so "what a second run executes again" is what the engine would re-run.
 */
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../ci/src/catalog/read.js";
import { VULN_DB_DATE_ENV } from "../../ci/src/containers/scan.js";
import { type Clock, systemClock, utcDay } from "../../ci/src/lib/clock.js";
import { type TargetRun, targetSteps } from "../../ci/src/verify/target-steps.js";
import { findBuildable } from "../../ci/src/catalog/lookup.js";
import type { ExecRecord } from "../support/dagger/index.js";
import { GIT_SHA, pipeline, repoSource, useFakeSession } from "../module/harness.js";

const session = useFakeSession();

const at = (iso: string): Clock => () => new Date(iso);

async function scanRun(clock: Clock, target = "alie"): Promise<ExecRecord[]> {
  const source = repoSource();
  const run: TargetRun = { source, catalog: await loadCatalog(source), gitSha: GIT_SHA.slice(0, 7), clock };
  const before = session().execs().length;
  await Promise.all(targetSteps(run, findBuildable(run.catalog, target), new Set(["scan"] as const)));
  return session().execs().slice(before);
}

const isVulnStep = (e: ExecRecord): boolean => e.args[0] === "trivy" || e.args.includes("pip-audit");
const label = (e: ExecRecord): string => (e.args[0] === "trivy" ? "trivy" : "pip-audit");

describe("daily refresh of vulnerability data", () => {
  it("sets the UTC day right before trivy's and pip-audit's exec", async () => {
    const execs = await scanRun(at("2026-03-01T09:00:00Z"));
    const vuln = execs.filter(isVulnStep);
    expect(vuln.map(label).sort()).toEqual(["pip-audit", "trivy"]);
    for (const e of vuln) {
      expect(e.env[VULN_DB_DATE_ENV]).toBe("2026-03-01");
      expect(e.chain.at(-2)).toEqual({ field: "withEnvVariable", args: { name: VULN_DB_DATE_ENV, value: "2026-03-01" }, type: "Container" });
    }
    // Only those two: the code, Dockerfile and secret scanners have no advisory data to refresh.
    expect(execs.filter((e) => !isVulnStep(e)).every((e) => e.env[VULN_DB_DATE_ENV] === undefined)).toBe(true);
  });

  it("re-runs only trivy and pip-audit on the next day: the image build and pip-audit's export stay cached", async () => {
    const first = await scanRun(at("2026-03-01T23:59:00Z"));
    const nextDay = await scanRun(at("2026-03-02T00:01:00Z"));
    expect(first.some((e) => e.args[0] === "uv" && e.args[1] === "export")).toBe(true);
    expect(nextDay.map(label).sort()).toEqual(["pip-audit", "trivy"]);
    for (const e of nextDay) expect(e.env[VULN_DB_DATE_ENV]).toBe("2026-03-02");
    // The day is the only difference: the same chains with the date step's value changed.
    const sameBut = (e: ExecRecord) => JSON.stringify(e.chain).replaceAll("2026-03-02", "2026-03-01");
    expect(nextDay.map(sameBut).sort()).toEqual(first.filter(isVulnStep).map((e) => JSON.stringify(e.chain)).sort());
  });

  it("re-runs nothing later the same day", async () => {
    await scanRun(at("2026-03-01T00:00:01Z"));
    expect(await scanRun(at("2026-03-01T23:59:59Z"))).toEqual([]);
  });

  it("scans the same tarball of the same build on both days", async () => {
    const first = (await scanRun(at("2026-03-01T12:00:00Z"))).find((e) => e.args[0] === "trivy")!;
    const next = (await scanRun(at("2026-03-02T12:00:00Z"))).find((e) => e.args[0] === "trivy")!;
    expect(next.readFile("/scan/image.tar")).toBe(first.readFile("/scan/image.tar"));
    const withoutDay = (e: ExecRecord) => e.chain.filter((s) => s.args["name"] !== VULN_DB_DATE_ENV);
    expect(withoutDay(next)).toEqual(withoutDay(first));
  });

  it("counts days in UTC, whatever the machine's time zone", () => {
    expect(utcDay(at("2026-03-01T23:30:00-05:00"))).toBe("2026-03-02");
    expect(utcDay(at("2026-03-02T00:30:00+02:00"))).toBe("2026-03-01");
  });

  it("uses today's UTC day when the module scans", async () => {
    const before = utcDay(systemClock);
    await pipeline().scan("alie");
    const trivy = session().execs().find((e) => e.args[0] === "trivy")!;
    expect([before, utcDay(systemClock)]).toContain(trivy.env[VULN_DB_DATE_ENV]);
  });
});
