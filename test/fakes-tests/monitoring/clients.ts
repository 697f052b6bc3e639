// Real Cloud Monitoring clients pointed at a running fake, started fresh for each test.
import { AlertPolicyServiceClient, NotificationChannelServiceClient, UptimeCheckServiceClient } from "@google-cloud/monitoring";
import { afterEach, beforeEach } from "vitest";
import { startFakeMonitoring, type FakeMonitoring, type FakeMonitoringOptions, type IAlertPolicy, type IUptimeCheckConfig } from "../../fakes/monitoring/index.js";
import { fixedTokenAuthClient } from "../clients.js";

export { rejection } from "../clients.js";

export const PROJECT = "projects/test-project";

export interface MonitoringHarness {
  fake: FakeMonitoring;
  uptime: UptimeCheckServiceClient;
  alerts: AlertPolicyServiceClient;
  channels: NotificationChannelServiceClient;
}

export function useFakeMonitoring(options: FakeMonitoringOptions = {}): MonitoringHarness {
  const h = {} as MonitoringHarness;
  beforeEach(async () => {
    h.fake = await startFakeMonitoring(options);
    const o = h.fake.clientOptions(fixedTokenAuthClient());
    h.uptime = new UptimeCheckServiceClient(o);
    h.alerts = new AlertPolicyServiceClient(o);
    h.channels = new NotificationChannelServiceClient(o);
  });
  afterEach(async () => {
    await Promise.all([h.uptime.close(), h.alerts.close(), h.channels.close()]);
    await h.fake.close();
  });
  return h;
}

/** An uptime check of a Cloud Run service's /health, as the pipeline writes it. */
export function healthCheck(overrides: IUptimeCheckConfig = {}): IUptimeCheckConfig {
  return {
    displayName: "alie uptime /health",
    monitoredResource: { type: "cloud_run_revision", labels: { project_id: "test-project", service_name: "alie", location: "europe-west1" } },
    httpCheck: { path: "/health", useSsl: true, port: 443, validateSsl: true, serviceAgentAuthentication: { type: "OIDC_TOKEN" } },
    period: { seconds: 60 },
    timeout: { seconds: 10 },
    userLabels: { "managed-by": "cloud-run-pipeline" },
    ...overrides,
  };
}

/** A 5xx-ratio alert policy on Cloud Run's request_count. */
export function errorPolicy(overrides: IAlertPolicy = {}): IAlertPolicy {
  return {
    displayName: "alie: 5xx ratio",
    combiner: "OR",
    conditions: [{
      displayName: "5xx ratio > 5%",
      conditionThreshold: {
        filter: 'metric.type="run.googleapis.com/request_count" AND resource.type="cloud_run_revision" AND metric.label.response_code_class="5xx"',
        aggregations: [{ alignmentPeriod: { seconds: 300 }, perSeriesAligner: "ALIGN_RATE", crossSeriesReducer: "REDUCE_SUM" }],
        denominatorFilter: 'metric.type="run.googleapis.com/request_count" AND resource.type="cloud_run_revision"',
        denominatorAggregations: [{ alignmentPeriod: { seconds: 300 }, perSeriesAligner: "ALIGN_RATE", crossSeriesReducer: "REDUCE_SUM" }],
        comparison: "COMPARISON_GT",
        thresholdValue: 0.05,
        duration: { seconds: 0 },
      },
    }],
    ...overrides,
  };
}
