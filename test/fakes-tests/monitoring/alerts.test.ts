/**
 * The fake's AlertPolicyService and NotificationChannelService through the official clients:
 * create (server names for the policy and its conditions, mutation records), update masks,
 * condition ids kept, what the API rejects, channel lists and filters.
 */
import { describe, expect, it } from "vitest";
import { errorPolicy, PROJECT, rejection, useFakeMonitoring } from "./clients.js";

const h = useFakeMonitoring();

describe("fake alert policies: lifecycle", () => {
  it("creates a policy with server-assigned policy and condition names and a creation record", async () => {
    const [created] = await h.alerts.createAlertPolicy({ name: PROJECT, alertPolicy: errorPolicy() });
    expect(created.name).toMatch(/^projects\/test-project\/alertPolicies\/\d+$/);
    expect(created.conditions?.[0]?.name).toMatch(new RegExp(`^${created.name}/conditions/\\d+$`));
    expect(created.enabled?.value).toBe(true);
    expect(created.creationRecord?.mutatedBy).toBeTruthy();
    expect(created.conditions?.[0]?.conditionThreshold?.thresholdValue).toBe(0.05);
  });

  it("updates the masked fields and keeps a condition's id when the update names it", async () => {
    const [created] = await h.alerts.createAlertPolicy({ name: PROJECT, alertPolicy: errorPolicy() });
    const condition = created.conditions![0]!;
    const [updated] = await h.alerts.updateAlertPolicy({
      alertPolicy: { name: created.name, displayName: "renamed", conditions: [{ ...condition, conditionThreshold: { ...condition.conditionThreshold, thresholdValue: 0.1 } }] },
      updateMask: { paths: ["display_name", "conditions"] },
    });
    expect(updated.displayName).toBe("renamed");
    expect(updated.conditions?.[0]?.name).toBe(condition.name);
    expect(updated.conditions?.[0]?.conditionThreshold?.thresholdValue).toBe(0.1);
    expect(updated.combiner).toBe("OR");
  });

  it("rejects a condition name from another policy, and unknown update-mask fields", async () => {
    const [a] = await h.alerts.createAlertPolicy({ name: PROJECT, alertPolicy: errorPolicy() });
    const [b] = await h.alerts.createAlertPolicy({ name: PROJECT, alertPolicy: errorPolicy() });
    const foreign = await rejection(h.alerts.updateAlertPolicy({ alertPolicy: { ...b, name: a.name }, updateMask: { paths: ["conditions"] } }));
    expect(foreign).toMatchObject({ code: 3, details: expect.stringContaining(`is not a condition of ${a.name}`) });
    const unknown = await rejection(h.alerts.updateAlertPolicy({ alertPolicy: { name: a.name }, updateMask: { paths: ["thresholds"] } }));
    expect(unknown).toMatchObject({ code: 3, details: expect.stringContaining('"thresholds" does not name a field of AlertPolicy') });
  });

  it("answers NOT_FOUND for an update or delete of a policy that does not exist", async () => {
    const name = `${PROJECT}/alertPolicies/404`;
    expect(await rejection(h.alerts.deleteAlertPolicy({ name }))).toMatchObject({ code: 5 });
    expect(await rejection(h.alerts.updateAlertPolicy({ alertPolicy: { ...errorPolicy(), name } }))).toMatchObject({ code: 5 });
  });
});

describe("fake alert policies: what the API rejects", () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ["a missing display name", { displayName: "" }, "AlertPolicy.display_name is required"],
    ["no conditions", { conditions: [] }, "from one to six conditions"],
    ["no combiner", { combiner: "COMBINE_UNSPECIFIED" }, "combiner is required"],
    ["an unknown notification channel", { notificationChannels: [`${PROJECT}/notificationChannels/123`] }, "does not exist"],
  ];
  for (const [what, change, message] of cases) {
    it(`rejects ${what}`, async () => {
      const err = await rejection(h.alerts.createAlertPolicy({ name: PROJECT, alertPolicy: errorPolicy(change) }));
      expect(err).toMatchObject({ code: 3, details: expect.stringContaining(message) });
      expect(h.fake.store.alertPolicies.size).toBe(0);
    });
  }

  it("rejects an alignment period under 60 seconds", async () => {
    const policy = errorPolicy();
    policy.conditions![0]!.conditionThreshold!.aggregations![0]!.alignmentPeriod = { seconds: 30 };
    expect(await rejection(h.alerts.createAlertPolicy({ name: PROJECT, alertPolicy: policy }))).toMatchObject({ code: 3, details: expect.stringContaining("at least 60 seconds") });
  });

  it("accepts a notification channel that exists", async () => {
    const channel = h.fake.addChannel("Ops email");
    const [created] = await h.alerts.createAlertPolicy({ name: PROJECT, alertPolicy: errorPolicy({ notificationChannels: [channel.name!] }) });
    expect(created.notificationChannels).toEqual([channel.name]);
  });
});

describe("fake notification channels", () => {
  it("lists the project's channels and serves display_name / type filters", async () => {
    h.fake.addChannel("Ops email");
    h.fake.addChannel("Pager", "pagerduty");
    h.fake.addChannel("Elsewhere", "email", "other-project");
    const [all] = await h.channels.listNotificationChannels({ name: PROJECT });
    expect(all.map((c) => c.displayName)).toEqual(["Ops email", "Pager"]);
    const [pager] = await h.channels.listNotificationChannels({ name: PROJECT, filter: 'type = "pagerduty"' });
    expect(pager.map((c) => c.displayName)).toEqual(["Pager"]);
    const err = await rejection(h.channels.listNotificationChannels({ name: PROJECT, filter: 'labels.x = "y"' }));
    expect(err).toMatchObject({ code: 3, details: expect.stringContaining("the fake serves filters") });
  });
});
