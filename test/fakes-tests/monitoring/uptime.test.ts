/**
 * The fake's UptimeCheckService through the official UptimeCheckServiceClient: create (server
 * name, defaults), list, get, update with an update mask, delete, NOT_FOUND, and what the API rejects.
 */
import { describe, expect, it } from "vitest";
import { healthCheck, PROJECT, rejection, useFakeMonitoring } from "./clients.js";

const h = useFakeMonitoring();

describe("fake uptime checks: lifecycle", () => {
  it("creates a check under a server-assigned name and returns it with the service-agent OIDC setting", async () => {
    const [created] = await h.uptime.createUptimeCheckConfig({ parent: PROJECT, uptimeCheckConfig: healthCheck() });
    expect(created.name).toMatch(/^projects\/test-project\/uptimeCheckConfigs\/alie-uptime-health-[0-9a-f]{8}$/);
    expect(created.httpCheck?.serviceAgentAuthentication?.type).toBe("OIDC_TOKEN");
    expect(created.httpCheck?.requestMethod).toBe("GET");
    const [listed] = await h.uptime.listUptimeCheckConfigs({ parent: PROJECT });
    expect(listed.map((c) => c.name)).toEqual([created.name]);
    const [got] = await h.uptime.getUptimeCheckConfig({ name: created.name });
    expect(Number(got.timeout?.seconds)).toBe(10);
  });

  it("updates only the fields the update mask names", async () => {
    const [created] = await h.uptime.createUptimeCheckConfig({ parent: PROJECT, uptimeCheckConfig: healthCheck() });
    const [updated] = await h.uptime.updateUptimeCheckConfig({ uptimeCheckConfig: { name: created.name, displayName: "renamed", timeout: { seconds: 30 } }, updateMask: { paths: ["timeout"] } });
    expect(Number(updated.timeout?.seconds)).toBe(30);
    expect(updated.displayName).toBe("alie uptime /health");
  });

  it("rejects an update mask naming a field that cannot be updated, or no field at all", async () => {
    const [created] = await h.uptime.createUptimeCheckConfig({ parent: PROJECT, uptimeCheckConfig: healthCheck() });
    const period = await rejection(h.uptime.updateUptimeCheckConfig({ uptimeCheckConfig: { name: created.name, period: { seconds: 300 } }, updateMask: { paths: ["period"] } }));
    expect(period).toMatchObject({ code: 3, details: expect.stringContaining('"period" cannot be updated') });
    const unknown = await rejection(h.uptime.updateUptimeCheckConfig({ uptimeCheckConfig: { name: created.name }, updateMask: { paths: ["colour"] } }));
    expect(unknown).toMatchObject({ code: 3, details: expect.stringContaining('"colour" does not name a field') });
  });

  it("answers NOT_FOUND for a check that does not exist, on get, update and delete", async () => {
    const name = `${PROJECT}/uptimeCheckConfigs/missing`;
    const calls = [() => h.uptime.getUptimeCheckConfig({ name }), () => h.uptime.deleteUptimeCheckConfig({ name }), () => h.uptime.updateUptimeCheckConfig({ uptimeCheckConfig: { name, displayName: "x" } })];
    for (const call of calls) expect(await rejection(call())).toMatchObject({ code: 5 });
  });

  it("deletes a check", async () => {
    const [created] = await h.uptime.createUptimeCheckConfig({ parent: PROJECT, uptimeCheckConfig: healthCheck() });
    await h.uptime.deleteUptimeCheckConfig({ name: created.name });
    expect(h.fake.store.uptimeChecks.size).toBe(0);
  });
});

describe("fake uptime checks: what the API rejects", () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ["a missing display name", { displayName: "" }, "display_name is required"],
    ["a period that is not 60s, 300s, 600s or 900s", { period: { seconds: 120 } }, "period must be one of 60s, 300s, 600s, 900s"],
    ["a timeout over 60s", { timeout: { seconds: 61 } }, "timeout must be between 1s and 60s"],
    ["a missing timeout", { timeout: null }, "timeout is required"],
    ["fewer than 3 checker locations", { selectedRegions: ["EUROPE", "ASIA_PACIFIC"] }, "minimum of 3 locations"],
    ["a cloud_run_revision without service_name", { monitoredResource: { type: "cloud_run_revision", labels: { project_id: "test-project", location: "europe-west1" } } }, "labels.service_name is required"],
    ["upper-case label values", { userLabels: { "managed-by": "Cloud-Run" } }, "user_labels.managed-by value"],
  ];
  for (const [what, change, message] of cases) {
    it(`rejects ${what}`, async () => {
      const err = await rejection(h.uptime.createUptimeCheckConfig({ parent: PROJECT, uptimeCheckConfig: healthCheck(change) }));
      expect(err).toMatchObject({ code: 3, details: expect.stringContaining(message) });
      expect(h.fake.store.uptimeChecks.size).toBe(0);
    });
  }

  it("accepts USA alone, which holds 3 checker locations", async () => {
    await h.uptime.createUptimeCheckConfig({ parent: PROJECT, uptimeCheckConfig: healthCheck({ selectedRegions: ["USA"] as never /* enum names, as the client sends them */ }) });
    expect(h.fake.store.uptimeChecks.size).toBe(1);
  });
});
