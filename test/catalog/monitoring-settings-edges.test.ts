/**
 * The catalog's monitoring blocks (catalog/monitoring.ts): the bounds of an alert window and of the
 * uptime checker regions, and which layer's block makes the catalog one with monitoring (so that
 * deploy-all syncs it and preflight checks it).
 */
import { describe, expect, it } from "vitest";
import { catalogHasMonitoring } from "../../ci/src/catalog/monitoring.js";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import { type Doc, type DocKind, catalogErrorOf, catalogFiles, expectProblem, paths } from "./fixtures.js";

const withServiceMonitoring = (monitoring: Doc) => catalogFiles((d) => void (d.service.monitoring = monitoring));

describe("monitoring alert windows", () => {
  it("accepts a window of exactly 60s", () => {
    const catalog = parseCatalog(withServiceMonitoring({ alerts: { errors: { window: "60s" }, latency: { p95: 500, window: "60s" } } }));
    expect(catalog.services[0]!.monitoring?.alerts?.errors?.window).toBe("60s");
  });

  it("rejects a window of 59s, shorter than Cloud Monitoring's alignment period", () => {
    const { problems } = catalogErrorOf(withServiceMonitoring({ alerts: { errors: { window: "59s" } } }));
    expectProblem(problems, paths.service, "monitoring.alerts.errors.window", "must be at least 60s");
  });
});

describe("monitoring uptime regions", () => {
  it("accepts USA alone, which holds the 3 checker locations needed", () => {
    const catalog = parseCatalog(withServiceMonitoring({ uptime: { regions: ["USA"] } }));
    expect(catalog.services[0]!.monitoring?.uptime?.regions).toEqual(["USA"]);
  });

  it("rejects two single-location regions", () => {
    const { problems } = catalogErrorOf(withServiceMonitoring({ uptime: { regions: ["EUROPE", "ASIA_PACIFIC"] } }));
    expectProblem(problems, paths.service, "monitoring.uptime.regions", "must include at least 3 checker locations");
  });
});

describe("catalogHasMonitoring", () => {
  const has = (edit: (docs: Record<DocKind, Doc>) => void) => catalogHasMonitoring(parseCatalog(catalogFiles(edit)));

  it("is false when no layer has a monitoring block", () => {
    expect(has(() => {})).toBe(false);
  });

  it("is true with only project.yaml's monitoring", () => {
    expect(has((d) => void (d.project.monitoring = {}))).toBe(true);
  });

  it("is true with only one of the project's environments' monitoring", () => {
    expect(has((d) => void (d.project.environments.prod.monitoring = { notificationChannels: ["Ops"] }))).toBe(true);
  });

  it("is true with only one service's monitoring", () => {
    expect(has((d) => void (d.service.monitoring = { enabled: true }))).toBe(true);
  });

  it("is true with only a job's environment override", () => {
    expect(has((d) => void (d.job.environments = { prod: { monitoring: { alerts: { failedExecutions: true } } } }))).toBe(true);
  });

  it("is true with only a service's environment override, next to a job without monitoring", () => {
    expect(has((d) => void (d.service.environments = { dev: {}, prod: { monitoring: { enabled: false } } }))).toBe(true);
  });
});
