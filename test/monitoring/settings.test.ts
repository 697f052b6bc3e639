/**
 * The catalog's monitoring layers: project defaults, the environment's defaults, the target's
 * settings and the target's environment override, merged in that order; what turns monitoring on
 * and off; and validation errors that name the file and the field.
 */
import { describe, expect, it } from "vitest";
import { resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import { CatalogError } from "../../ci/src/catalog/errors.js";
import { catalogMonitoring, hasMonitoring, type ServiceMonitoring } from "../../ci/src/monitoring/settings.js";
import { catalogOf, job, project, service } from "./support.js";

const monitoringIn = (catalog: ReturnType<typeof catalogOf>, env: string) => catalogMonitoring(catalog, resolveEnvironment(catalog, env));

describe("monitoring layers", () => {
  it("monitors nothing when no layer has a monitoring block", () => {
    const catalog = catalogOf(project(), service("alie"), job("ingestion"));
    expect(monitoringIn(catalog, "prod")).toEqual([]);
    expect(hasMonitoring(catalog)).toBe(false);
  });

  it("merges project, environment, service and service-environment layers, each replacing what it names", () => {
    const p = project({ monitoring: { notificationChannels: ["Ops"], uptime: { period: "300s", timeout: "20s" }, alerts: { errors: { ratio: 0.1 } } } });
    (p.environments as Record<string, Record<string, unknown>>).prod!.monitoring = { notificationChannels: ["Ops", "Pager"], alerts: { errors: { window: "600s" } } };
    const alie = service("alie", {
      monitoring: { uptime: { timeout: "5s" }, alerts: { latency: { p99: 1500 } } },
      environments: { prod: { monitoring: { alerts: { latency: { p95: 700 } } } } },
    });
    const catalog = catalogOf(p, alie);
    const [prod] = monitoringIn(catalog, "prod") as ServiceMonitoring[];
    expect(prod).toMatchObject({
      channels: ["Ops", "Pager"],
      uptime: { path: "/health", periodSeconds: 300, timeoutSeconds: 5, regions: [] },
      errors: { ratio: 0.1, windowSeconds: 600 },
      latency: { p95: 700, p99: 1500, windowSeconds: 300 },
    });
    const [dev] = monitoringIn(catalog, "dev") as ServiceMonitoring[];
    expect(dev).toMatchObject({ channels: ["Ops"], cloudRunId: "alie-dev", errors: { ratio: 0.1, windowSeconds: 300 }, latency: { p99: 1500 } });
    expect(dev!.latency?.p95).toBeUndefined();
  });

  it("lets a target turn monitoring off, and an environment turn it back on", () => {
    const catalog = catalogOf(project({ monitoring: {} }), service("alie", { monitoring: { enabled: false }, environments: { prod: { monitoring: { enabled: true } } } }), job("ingestion"));
    expect(monitoringIn(catalog, "dev").map((t) => t.target)).toEqual(["ingestion"]);
    expect(monitoringIn(catalog, "prod").map((t) => t.target)).toEqual(["alie", "ingestion"]);
  });

  it("turns single alerts off with enabled: false, and the uptime check (and its alert) with uptime.enabled false", () => {
    const catalog = catalogOf(project({ monitoring: { uptime: { enabled: false }, alerts: { errors: { enabled: false }, failedExecutions: false } } }), service("alie"), job("ingestion"));
    const [alie, ingestion] = monitoringIn(catalog, "prod");
    expect(alie).toMatchObject({ uptime: undefined, uptimeAlert: false, errors: undefined });
    expect(ingestion).toMatchObject({ kind: "job", failedExecutions: false });
  });

  it("lets an environment turn an alert back on, keeping the thresholds of the layers below", () => {
    const catalog = catalogOf(project({ monitoring: { alerts: { latency: { enabled: false, p99: 900 } } } }), service("alie", { environments: { prod: { monitoring: { alerts: { latency: { enabled: true } } } } } }));
    expect((monitoringIn(catalog, "dev")[0] as ServiceMonitoring).latency).toBeUndefined();
    expect((monitoringIn(catalog, "prod")[0] as ServiceMonitoring).latency).toEqual({ p95: undefined, p99: 900, windowSeconds: 300 });
  });

  it("takes the service's public flag from the environment's run override", () => {
    const catalog = catalogOf(project({ monitoring: {} }), service("alie", { environments: { dev: { run: { public: true } } } }));
    expect((monitoringIn(catalog, "dev")[0] as ServiceMonitoring).public).toBe(true);
    expect((monitoringIn(catalog, "prod")[0] as ServiceMonitoring).public).toBe(false);
  });
});

describe("monitoring validation", () => {
  const problems = (fn: () => unknown): string[] => {
    try {
      fn();
    } catch (err) {
      if (err instanceof CatalogError) return err.problems.map((p) => `${p.file}: ${p.field}: ${p.message}`);
      throw err;
    }
    throw new Error("expected a CatalogError");
  };

  it("names the file and field of a period Cloud Monitoring does not offer", () => {
    const found = problems(() => catalogOf(project(), service("alie", { monitoring: { uptime: { period: "120s" } } })));
    expect(found).toEqual(["pipelines/services/alie.yaml: monitoring.uptime.period: must be one of 60s, 300s, 600s, 900s (Cloud Monitoring's uptime check periods) (got \"120s\")"]);
  });

  it("names the file and field of too few checker regions, a timeout over 60s and a ratio over 1", () => {
    const found = problems(() => catalogOf(project({ monitoring: { uptime: { regions: ["EUROPE", "ASIA_PACIFIC"], timeout: "90s" }, alerts: { errors: { ratio: 5 } } } })));
    expect(found).toEqual([
      expect.stringMatching(/^pipelines\/project\.yaml: monitoring\.uptime\.timeout: must be at most 60s/),
      expect.stringMatching(/^pipelines\/project\.yaml: monitoring\.uptime\.regions: must include at least 3 checker locations/),
      expect.stringMatching(/^pipelines\/project\.yaml: monitoring\.alerts\.errors\.ratio: must be at most 1/),
    ]);
  });

  it("rejects uptime settings on a job, listing what a job's monitoring allows", () => {
    const found = problems(() => catalogOf(project(), job("ingestion", { monitoring: { uptime: { period: "60s" } } })));
    expect(found).toEqual(['pipelines/jobs/ingestion.yaml: monitoring.uptime: unknown field "uptime"; allowed here: enabled, notificationChannels, alerts']);
  });

  it("names an environment override's field", () => {
    const found = problems(() => catalogOf(project(), service("alie", { environments: { prod: { monitoring: { alerts: { latency: { p95: 0.5 } } } } } })));
    expect(found).toEqual(["pipelines/services/alie.yaml: environments.prod.monitoring.alerts.latency.p95: must be a whole number of milliseconds (got 0.5)"]);
  });
});
