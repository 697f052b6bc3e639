/**
 * syncMonitoring when the network and other people get in the way: a create whose reply is lost
 * after it was applied (no duplicate, now or on a rerun, thanks to the identity labels), a create
 * refused outright (reported, the rerun converges), a second writer's unlabeled policy appearing
 * between two calls (never touched), and a second writer changing our policy after the write (the
 * read-back report says so).
 */
import { describe, expect, it } from "vitest";
import { actions, catalogOf, job, mutations, project, service, useMonitoring } from "./support.js";

const h = useMonitoring();
const catalog = () => catalogOf(project({ monitoring: {} }), service("alie"), job("ingestion"));
const labelled = (check: string) => [...h.fake.store.alertPolicies.values()].filter((p) => p.userLabels?.["cloud-run-pipeline-check"] === check);

describe("syncMonitoring: lost replies", () => {
  it("takes a created alert policy whose reply was lost as created, without sending the create again", async () => {
    h.fake.faults.loseNextReply("CreateAlertPolicy");
    const report = await h.sync(catalog(), "prod");
    expect(report.ok).toBe(true);
    expect(h.fake.store.alertPolicies.size).toBe(3);
    expect(h.fake.callsOf("CreateAlertPolicy")).toHaveLength(3);
    expect(h.fake.callsOf("CreateAlertPolicy").filter((c) => c.applied && c.code === 14)).toHaveLength(1);
    h.fake.clearCalls();
    const rerun = await h.sync(catalog(), "prod");
    expect(new Set(Object.values(actions(rerun)))).toEqual(new Set(["unchanged"]));
    expect(mutations(h.fake)).toEqual([]);
  });

  it("takes an uptime check whose create reply was lost as created, and its alert filters on that check", async () => {
    h.fake.faults.loseNextReply("CreateUptimeCheckConfig");
    const report = await h.sync(catalog(), "prod");
    expect(report.ok).toBe(true);
    expect(h.fake.store.uptimeChecks.size).toBe(1);
    const check = [...h.fake.store.uptimeChecks.keys()][0]!;
    expect(labelled("uptime-failure")[0]!.conditions![0]!.conditionThreshold!.filter).toContain(`check_id="${check.split("/").pop()}"`);
  });

  it("finishes a replacement whose new check's create reply was lost: one check left, the alert on it", async () => {
    await h.sync(catalog(), "prod");
    const [old] = [...h.fake.store.uptimeChecks.keys()];
    h.fake.clearCalls();
    h.fake.faults.loseNextReply("CreateUptimeCheckConfig", 14);
    const report = await h.sync(catalogOf(project({ monitoring: { uptime: { period: "300s" } } }), service("alie"), job("ingestion")), "prod");
    expect(report.ok).toBe(true);
    const checks = [...h.fake.store.uptimeChecks.keys()];
    expect(checks).toHaveLength(1);
    expect(checks[0]).not.toBe(old);
    expect(h.fake.callsOf("CreateUptimeCheckConfig")).toHaveLength(1);
    expect(labelled("uptime-failure")[0]!.conditions![0]!.conditionThreshold!.filter).toContain(`check_id="${checks[0]!.split("/").pop()}"`);
  });

  it("reports a create refused before it applied as failed, and the rerun creates it once", async () => {
    h.fake.faults.failNextCalls("CreateAlertPolicy", 7, 1, "Permission monitoring.alertPolicies.create denied.");
    const report = await h.sync(catalog(), "prod");
    expect(report.ok).toBe(false);
    expect(report.outcomes.filter((o) => o.action === "failed").map((o) => o.error)).toEqual(["7 PERMISSION_DENIED: Permission monitoring.alertPolicies.create denied."]);
    const rerun = await h.sync(catalog(), "prod");
    expect(rerun.ok).toBe(true);
    expect(Object.values(actions(rerun)).filter((a) => a === "created")).toHaveLength(1);
    expect(h.fake.store.alertPolicies.size).toBe(3);
  });

  it("deletes, with prune, a second copy a lost reply left behind in an earlier run", async () => {
    await h.sync(catalog(), "prod");
    const copy = labelled("errors")[0]!;
    h.fake.otherClient.createAlertPolicy({ ...copy, name: undefined });
    expect(labelled("errors")).toHaveLength(2);
    const report = await h.sync(catalog(), "prod", { prune: true });
    expect(report.ok).toBe(true);
    expect(labelled("errors")).toHaveLength(1);
    expect(report.outcomes.filter((o) => o.action === "deleted")).toHaveLength(1);
  });
});

describe("syncMonitoring: a second writer", () => {
  it("never touches an unlabeled policy someone creates between two calls, even with prune", async () => {
    let theirs: string | undefined;
    h.fake.onCall(({ method }) => {
      if (method === "CreateUptimeCheckConfig" && !theirs) {
        const p = h.fake.otherClient.createAlertPolicy({
          displayName: "alie (service, prod): 5xx ratio above 5% over 300s",
          combiner: "OR",
          conditions: [{ displayName: "hand-made", conditionThreshold: { filter: 'metric.type="run.googleapis.com/request_count"', comparison: "COMPARISON_GT", thresholdValue: 1, duration: { seconds: 60 } } }],
        });
        theirs = p.name!;
      }
    });
    const report = await h.sync(catalog(), "prod", { prune: true });
    expect(report.ok).toBe(true);
    const stored = h.fake.store.alertPolicies.get(theirs!)!;
    expect(stored.conditions![0]!.displayName).toBe("hand-made");
    expect(h.fake.calls.filter((c) => JSON.stringify(c.request).includes(theirs!))).toEqual([]);
  });

  it("reports, from the state read back, a policy someone changed right after the sync wrote it", async () => {
    h.fake.onCall(({ method }) => {
      if (method !== "ListAlertPolicies" || h.fake.callsOf("CreateAlertPolicy").length < 3) return;
      const ours = labelled("errors")[0]!;
      if (ours.displayName !== "edited by hand") h.fake.otherClient.updateAlertPolicy({ name: ours.name, displayName: "edited by hand" }, ["display_name"]);
    });
    const report = await h.sync(catalog(), "prod");
    expect(report.ok).toBe(false);
    expect(report.outcomes.find((o) => o.key === "prod/service-alie/errors")).toMatchObject({
      action: "failed",
      displayName: "edited by hand",
      error: expect.stringContaining("still differs from the catalog in display_name"),
    });
  });
});

describe("syncMonitoring: copies of one identity", () => {
  it("keeps the copy that is already as wanted and reports the other as an orphan, never replacing again", async () => {
    await h.sync(catalog(), "prod");
    const [current] = [...h.fake.store.uptimeChecks.values()];
    // An interrupted replacement left the old check (period 300s) beside the current one.
    h.fake.otherClient.createUptimeCheck({ ...current!, name: undefined, period: { seconds: 300 } });
    h.fake.clearCalls();
    const report = await h.sync(catalog(), "prod");
    expect(mutations(h.fake)).toEqual([]);
    const checks = report.outcomes.filter((o) => o.resource === "uptime-check");
    expect(Object.fromEntries(checks.map((o) => [o.action, o.name === current!.name]))).toEqual({ unchanged: true, orphaned: false });
  });

  it("keeps the conditions' ids when it updates a policy", async () => {
    await h.sync(catalog(), "prod");
    const before = labelled("errors")[0]!;
    await h.sync(catalogOf(project({ monitoring: { alerts: { errors: { ratio: 0.2 } } } }), service("alie"), job("ingestion")), "prod");
    const after = h.fake.store.alertPolicies.get(before.name!)!;
    expect(after.conditions![0]!.name).toBe(before.conditions![0]!.name);
    expect(after.conditions![0]!.conditionThreshold!.thresholdValue).toBe(0.2);
  });
});
