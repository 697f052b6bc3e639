/**
 * Fault injection of the Cloud Monitoring fake: a reply lost after the write applied, a call refused
 * before doing anything, a permission denied, and a second writer acting between two calls.
 */
import { describe, expect, it } from "vitest";
import { errorPolicy, healthCheck, PROJECT, rejection, useFakeMonitoring } from "./clients.js";

const h = useFakeMonitoring();

describe("fake monitoring faults", () => {
  it("loses the reply of a create that was applied: the client sees UNAVAILABLE, the check exists", async () => {
    h.fake.faults.loseNextReply("CreateUptimeCheckConfig");
    const err = await rejection(h.uptime.createUptimeCheckConfig({ parent: PROJECT, uptimeCheckConfig: healthCheck() }));
    expect(err).toMatchObject({ code: 14 });
    expect(h.fake.store.uptimeChecks.size).toBe(1);
    expect(h.fake.callsOf("CreateUptimeCheckConfig")[0]).toMatchObject({ applied: true, code: 14 });
  });

  it("refuses a call before it does anything", async () => {
    h.fake.faults.failNextCalls("CreateAlertPolicy", 14);
    expect(await rejection(h.alerts.createAlertPolicy({ name: PROJECT, alertPolicy: errorPolicy() }))).toMatchObject({ code: 14 });
    expect(h.fake.store.alertPolicies.size).toBe(0);
  });

  it("denies a method's permission with PERMISSION_DENIED naming it", async () => {
    h.fake.faults.denyMethod("CreateAlertPolicy");
    expect(await rejection(h.alerts.createAlertPolicy({ name: PROJECT, alertPolicy: errorPolicy() }))).toMatchObject({ code: 7, details: expect.stringContaining("monitoring.alertPolicies.create") });
  });

  it("lets a second writer create a policy between two calls, unrecorded", async () => {
    h.fake.onCall(({ method, index }) => {
      if (method === "ListAlertPolicies" && index === 1) h.fake.otherClient.createAlertPolicy(errorPolicy({ displayName: "theirs" }));
    });
    const [first] = await h.alerts.listAlertPolicies({ name: PROJECT });
    const [second] = await h.alerts.listAlertPolicies({ name: PROJECT });
    expect(first).toEqual([]);
    expect(second.map((p) => p.displayName)).toEqual(["theirs"]);
    expect(second[0]?.creationRecord?.mutatedBy).toBe("someone-else@example.com");
    expect(h.fake.mutatingCalls()).toEqual([]);
  });
});
