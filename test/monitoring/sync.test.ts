/**
 * syncMonitoring against the Cloud Monitoring fake through the official clients: create,
 * unchanged, update (mask of the changed fields), replace, orphans reported and deleted only with
 * prune, dry-run, another environment's resources, notification channels by display name.
 */
import { describe, expect, it } from "vitest";
import { formatMonitoringReport } from "../../ci/src/monitoring/report.js";
import { actions, catalogOf, job, mutations, project, service, useMonitoring } from "./support.js";

const h = useMonitoring();

const base = (monitoring: Record<string, unknown> = {}, ...targets: Record<string, unknown>[]) =>
  catalogOf(project({ monitoring }), ...(targets.length ? targets : [service("alie"), job("ingestion")]));

describe("syncMonitoring: create and unchanged", () => {
  it("creates the uptime check, then the alert policies, and reports them as read back", async () => {
    const report = await h.sync(base(), "prod");
    expect(report.ok).toBe(true);
    expect(actions(report)).toEqual({
      "uptime-check prod/service-alie/uptime": "created",
      "alert-policy prod/job-ingestion/failed-executions": "created",
      "alert-policy prod/service-alie/errors": "created",
      "alert-policy prod/service-alie/uptime-failure": "created",
    });
    expect(mutations(h.fake)).toEqual(["CreateUptimeCheckConfig", "CreateAlertPolicy", "CreateAlertPolicy", "CreateAlertPolicy"]);
    const check = [...h.fake.store.uptimeChecks.values()][0]!;
    const uptimeAlert = report.outcomes.find((o) => o.key === "prod/service-alie/uptime-failure")!;
    expect(uptimeAlert.name).toMatch(/^projects\/test-project\/alertPolicies\/\d+$/);
    const stored = h.fake.store.alertPolicies.get(uptimeAlert.name!)!;
    expect(stored.conditions![0]!.conditionThreshold!.filter).toContain(`metric.label.check_id="${check.name!.split("/").pop()}"`);
  });

  it("makes no write when everything is as the catalog wants", async () => {
    await h.sync(base(), "prod");
    h.fake.clearCalls();
    const report = await h.sync(base(), "prod");
    expect(new Set(Object.values(actions(report)))).toEqual(new Set(["unchanged"]));
    expect(mutations(h.fake)).toEqual([]);
  });

  it("writes the private service's uptime check with service-agent OIDC authentication, never touching its IAM", async () => {
    await h.sync(base(), "prod");
    const check = [...h.fake.store.uptimeChecks.values()][0]!;
    expect(check.httpCheck).toMatchObject({ serviceAgentAuthentication: { type: "OIDC_TOKEN" }, useSsl: true, path: "/health" });
    expect(check.monitoredResource).toEqual({ type: "cloud_run_revision", labels: { project_id: "test-project", service_name: "alie", location: "europe-west1" } });
  });
});

describe("syncMonitoring: updates", () => {
  it("updates a changed threshold with a mask naming only the conditions, keeping the policy's name", async () => {
    await h.sync(base(), "prod");
    const before = [...h.fake.store.alertPolicies.values()].find((p) => p.userLabels?.["cloud-run-pipeline-check"] === "errors")!;
    h.fake.clearCalls();
    const report = await h.sync(base({ alerts: { errors: { ratio: 0.1 } } }), "prod");
    expect(report.outcomes.find((o) => o.key === "prod/service-alie/errors")).toMatchObject({ action: "updated", fields: ["display_name", "documentation", "conditions"], name: before.name });
    expect(mutations(h.fake)).toEqual(["UpdateAlertPolicy"]);
    expect(h.fake.callsOf("UpdateAlertPolicy")[0]!.request).toMatchObject({ updateMask: { paths: ["display_name", "documentation", "conditions"] } });
    expect(h.fake.store.alertPolicies.get(before.name!)!.conditions![0]!.conditionThreshold!.thresholdValue).toBe(0.1);
  });

  it("updates a changed timeout in place, and replaces a check whose period changed (a field the API cannot update)", async () => {
    await h.sync(base(), "prod");
    const [old] = [...h.fake.store.uptimeChecks.keys()];
    h.fake.clearCalls();
    const timeout = await h.sync(base({ uptime: { timeout: "20s" } }), "prod");
    expect(timeout.outcomes.find((o) => o.resource === "uptime-check")).toMatchObject({ action: "updated", fields: ["timeout"], name: old });
    h.fake.clearCalls();
    const period = await h.sync(base({ uptime: { timeout: "20s", period: "300s" } }), "prod");
    expect(period.ok).toBe(true);
    const replaced = period.outcomes.find((o) => o.resource === "uptime-check")!;
    expect(replaced).toMatchObject({ action: "replaced", fields: ["period"] });
    expect(replaced.name).not.toBe(old);
    expect([...h.fake.store.uptimeChecks.keys()]).toEqual([replaced.name]);
    expect(mutations(h.fake)).toEqual(["CreateUptimeCheckConfig", "UpdateAlertPolicy", "DeleteUptimeCheckConfig"]);
    expect(actions(period)["alert-policy prod/service-alie/uptime-failure"]).toBe("updated");
  });
});

describe("syncMonitoring: orphans and prune", () => {
  it("reports a policy the catalog no longer wants as orphaned and leaves it without --prune", async () => {
    await h.sync(base({ alerts: { latency: { p99: 2000 } } }), "prod");
    h.fake.clearCalls();
    const report = await h.sync(base(), "prod");
    expect(actions(report)["alert-policy prod/service-alie/latency-p99"]).toBe("orphaned");
    expect(mutations(h.fake)).toEqual([]);
    expect(formatMonitoringReport(report)).toContain("pass --prune to delete them");
  });

  it("deletes orphans with prune: alert policies first, then uptime checks", async () => {
    await h.sync(base(), "prod");
    h.fake.clearCalls();
    const report = await h.sync(base({}, job("ingestion")), "prod", { prune: true });
    expect(report.ok).toBe(true);
    expect(actions(report)).toEqual({
      "uptime-check prod/service-alie/uptime": "deleted",
      "alert-policy prod/job-ingestion/failed-executions": "unchanged",
      "alert-policy prod/service-alie/errors": "deleted",
      "alert-policy prod/service-alie/uptime-failure": "deleted",
    });
    expect(mutations(h.fake)).toEqual(["DeleteAlertPolicy", "DeleteAlertPolicy", "DeleteUptimeCheckConfig"]);
    expect(h.fake.store.uptimeChecks.size).toBe(0);
    expect(h.fake.store.alertPolicies.size).toBe(1);
  });

  it("never takes another environment's resources in the same project for orphans, even with prune", async () => {
    await h.sync(base(), "dev");
    const devPolicies = [...h.fake.store.alertPolicies.keys()];
    h.fake.clearCalls();
    const report = await h.sync(base({}, job("ingestion")), "prod", { prune: true });
    expect(report.outcomes.every((o) => o.key.startsWith("prod/"))).toBe(true);
    expect(mutations(h.fake)).toEqual(["CreateAlertPolicy"]);
    for (const name of devPolicies) expect(h.fake.store.alertPolicies.has(name)).toBe(true);
  });

  it("never touches a policy without the pipeline's labels, even one with the same display name", async () => {
    await h.sync(base(), "prod");
    const ours = [...h.fake.store.alertPolicies.values()][0]!;
    const theirs = h.fake.otherClient.createAlertPolicy({ ...ours, name: undefined, userLabels: { team: "sre" } });
    h.fake.clearCalls();
    const report = await h.sync(base({}, service("alie")), "prod", { prune: true });
    expect(h.fake.store.alertPolicies.get(theirs.name!)).toEqual(theirs);
    expect(report.outcomes.map((o) => o.name)).not.toContain(theirs.name);
  });
});

describe("syncMonitoring: dry run", () => {
  it("shows creates, updates and orphans to delete, and changes nothing", async () => {
    await h.sync(base({ alerts: { latency: { p95: 900 } } }), "prod");
    const before = structuredClone([...h.fake.store.alertPolicies.entries(), ...h.fake.store.uptimeChecks.entries()]);
    h.fake.clearCalls();
    const report = await h.sync(base({ alerts: { errors: { ratio: 0.2 } } }, service("alie"), job("ingestion"), job("export")), "prod", { dryRun: true, prune: true });
    expect(report).toMatchObject({ dryRun: true, ok: true });
    expect(actions(report)).toEqual({
      "uptime-check prod/service-alie/uptime": "unchanged",
      "alert-policy prod/job-export/failed-executions": "create",
      "alert-policy prod/job-ingestion/failed-executions": "unchanged",
      "alert-policy prod/service-alie/errors": "update",
      "alert-policy prod/service-alie/latency-p95": "delete",
      "alert-policy prod/service-alie/uptime-failure": "unchanged",
    });
    expect(mutations(h.fake)).toEqual([]);
    expect([...h.fake.store.alertPolicies.entries(), ...h.fake.store.uptimeChecks.entries()]).toEqual(before);
    expect(formatMonitoringReport(report)).toMatch(/^monitoring \(prod, test-project\): DRY RUN, nothing changed/);
  });
});

describe("syncMonitoring: notification channels", () => {
  it("routes alerts to the channels the catalog names by display name", async () => {
    const ops = h.fake.addChannel("Ops email");
    const pager = h.fake.addChannel("Pager", "pagerduty");
    await h.sync(base({ notificationChannels: ["Pager", "Ops email"] }), "prod");
    for (const p of h.fake.store.alertPolicies.values()) expect(p.notificationChannels).toEqual([ops.name, pager.name].sort());
  });

  it("fails before any write on an unknown name, listing the existing channels and the file that names it", async () => {
    h.fake.addChannel("Ops email");
    h.fake.addChannel("Pager", "pagerduty");
    const err = await h.sync(base({}, service("alie", { monitoring: { notificationChannels: ["Opps email"] } })), "prod").catch((e: Error) => e);
    expect((err as Error).message).toBe(
      'Notification channels the catalog names could not be found:\n  - "Opps email" (pipelines/services/alie.yaml: monitoring.notificationChannels) is not a notification channel of project test-project\n' +
        'Existing channels in test-project: "Ops email", "Pager".\nUse one of those display names, or create the channel in Cloud Monitoring (Alerting > Edit notification channels) first. Nothing was changed.',
    );
    expect(mutations(h.fake)).toEqual([]);
  });
});
