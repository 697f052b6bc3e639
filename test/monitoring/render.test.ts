/**
 * What the catalog renders for Cloud Monitoring, exactly: the uptime check of a private service
 * (service-agent OIDC) and of a public one, and each alert's filter, aggregation and threshold.
 */
import { describe, expect, it } from "vitest";
import { catalogOf, desiredOf, job, project, service } from "./support.js";

const withMonitoring = (monitoring: Record<string, unknown>, ...targets: Record<string, unknown>[]) => catalogOf(project({ monitoring }), ...targets);

describe("uptime checks", () => {
  it("checks a private service with the Cloud Monitoring service agent's OIDC token, on its health path", () => {
    const { checks } = desiredOf(withMonitoring({}, service("alie", {}, { public: false, healthPath: "/healthz" })), "prod");
    expect(checks).toHaveLength(1);
    expect(checks[0]!.check).toEqual({
      displayName: "alie (service, prod) uptime /healthz",
      monitoredResource: { type: "cloud_run_revision", labels: { project_id: "test-project", service_name: "alie", location: "europe-west1" } },
      httpCheck: { requestMethod: "GET", useSsl: true, path: "/healthz", port: 443, validateSsl: true, serviceAgentAuthentication: { type: "OIDC_TOKEN" } },
      period: { seconds: 60 },
      timeout: { seconds: 10 },
      checkerType: "STATIC_IP_CHECKERS",
      selectedRegions: [],
      userLabels: { "managed-by": "cloud-run-pipeline", "cloud-run-pipeline-env": "prod", "cloud-run-pipeline-target": "service-alie", "cloud-run-pipeline-check": "uptime" },
    });
  });

  it("checks a public service without authentication", () => {
    const { checks } = desiredOf(withMonitoring({}, service("web", {}, { public: true })), "prod");
    expect(checks[0]!.check.httpCheck).toEqual({ requestMethod: "GET", useSsl: true, path: "/health", port: 443, validateSsl: true });
  });

  it("uses the environment's Cloud Run name, the period, timeout and regions the catalog gives", () => {
    const catalog = withMonitoring({ uptime: { period: "300s", timeout: "30s", regions: ["USA", "EUROPE"] } }, service("alie"));
    const check = desiredOf(catalog, "dev").checks[0]!.check;
    expect(check.monitoredResource?.labels?.service_name).toBe("alie-dev");
    expect(check.period).toEqual({ seconds: 300 });
    expect(check.timeout).toEqual({ seconds: 30 });
    expect(check.selectedRegions).toEqual(["EUROPE", "USA"]);
    expect(check.userLabels?.["cloud-run-pipeline-env"]).toBe("dev");
  });
});

describe("alert thresholds", () => {
  const catalog = withMonitoring(
    { alerts: { errors: { ratio: 0.02, window: "600s" }, latency: { p95: 800, p99: 2000, window: "120s" } } },
    service("alie"),
    job("ingestion"),
  );
  const alerts = desiredOf(catalog, "prod").alerts;
  const policy = (key: string) => alerts.find((a) => a.key === key)!.policy({ checkId: "alie-check-1", channels: [] });
  const threshold = (key: string) => policy(key).conditions![0]!.conditionThreshold;

  it("renders one policy per alert, keyed by environment, target and check", () => {
    expect(alerts.map((a) => a.key)).toEqual([
      "prod/service-alie/uptime-failure", "prod/service-alie/errors", "prod/service-alie/latency-p95", "prod/service-alie/latency-p99", "prod/job-ingestion/failed-executions",
    ]);
  });

  it("renders the 5xx ratio as 5xx request_count over all request_count, above the ratio, over the window", () => {
    const agg = [{ alignmentPeriod: { seconds: 600 }, perSeriesAligner: "ALIGN_RATE", crossSeriesReducer: "REDUCE_SUM", groupByFields: ["resource.label.service_name"] }];
    expect(threshold("prod/service-alie/errors")).toEqual({
      filter: 'metric.type="run.googleapis.com/request_count" AND resource.type="cloud_run_revision" AND resource.label.service_name="alie" AND resource.label.location="europe-west1" AND metric.label.response_code_class="5xx"',
      aggregations: agg,
      denominatorFilter: 'metric.type="run.googleapis.com/request_count" AND resource.type="cloud_run_revision" AND resource.label.service_name="alie" AND resource.label.location="europe-west1"',
      denominatorAggregations: agg,
      comparison: "COMPARISON_GT",
      thresholdValue: 0.02,
      duration: { seconds: 0 },
      trigger: { count: 1 },
    });
    expect(policy("prod/service-alie/errors").displayName).toBe("alie (service, prod): 5xx ratio above 2% over 600s");
  });

  it("renders p95 and p99 latency as percentiles of request_latencies above the milliseconds given", () => {
    for (const [p, ms] of [["95", 800], ["99", 2000]] as const) {
      expect(threshold(`prod/service-alie/latency-p${p}`)).toEqual({
        filter: 'metric.type="run.googleapis.com/request_latencies" AND resource.type="cloud_run_revision" AND resource.label.service_name="alie" AND resource.label.location="europe-west1"',
        aggregations: [{ alignmentPeriod: { seconds: 120 }, perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: `REDUCE_PERCENTILE_${p}`, groupByFields: ["resource.label.service_name"] }],
        comparison: "COMPARISON_GT",
        thresholdValue: ms,
        duration: { seconds: 0 },
        trigger: { count: 1 },
      });
    }
  });

  it("renders the uptime alert on its check's check_passed, failing from more than one location", () => {
    expect(threshold("prod/service-alie/uptime-failure")).toEqual({
      filter: 'metric.type="monitoring.googleapis.com/uptime_check/check_passed" AND resource.type="cloud_run_revision" AND metric.label.check_id="alie-check-1"',
      aggregations: [{ alignmentPeriod: { seconds: 1200 }, perSeriesAligner: "ALIGN_NEXT_OLDER", crossSeriesReducer: "REDUCE_COUNT_FALSE", groupByFields: ["resource.label.service_name"] }],
      comparison: "COMPARISON_GT",
      thresholdValue: 1,
      duration: { seconds: 60 },
      trigger: { count: 1 },
    });
  });

  it("renders a job's alert on failed executions of completed_execution_count", () => {
    expect(threshold("prod/job-ingestion/failed-executions")).toEqual({
      filter: 'metric.type="run.googleapis.com/job/completed_execution_count" AND resource.type="cloud_run_job" AND resource.label.job_name="ingestion" AND resource.label.location="europe-west1" AND metric.label.result="failed"',
      aggregations: [{ alignmentPeriod: { seconds: 60 }, perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_SUM", groupByFields: ["resource.label.job_name"] }],
      comparison: "COMPARISON_GT",
      thresholdValue: 0,
      duration: { seconds: 0 },
      trigger: { count: 1 },
    });
  });

  it("defaults to a 5% ratio over 300s and no latency alerts", () => {
    const defaults = desiredOf(withMonitoring({}, service("alie")), "prod").alerts;
    expect(defaults.map((a) => a.key)).toEqual(["prod/service-alie/uptime-failure", "prod/service-alie/errors"]);
    const t = defaults[1]!.policy({ channels: [] }).conditions![0]!.conditionThreshold!;
    expect(t.thresholdValue).toBe(0.05);
    expect(t.aggregations![0]!.alignmentPeriod).toEqual({ seconds: 300 });
  });

  it("sends the resolved channel names, sorted", () => {
    const p = alerts[1]!.policy({ channels: ["projects/test-project/notificationChannels/2", "projects/test-project/notificationChannels/1"] });
    expect(p.notificationChannels).toEqual(["projects/test-project/notificationChannels/1", "projects/test-project/notificationChannels/2"]);
    expect(p.combiner).toBe("OR");
  });
});
