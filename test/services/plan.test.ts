/**
 * planService: what a deploy would change, without mutating anything.
 */
import { describe, expect, it } from "vitest";
import { deployService } from "../../ci/src/services/deploy-service.js";
import { planService } from "../../ci/src/services/plan.js";
import { useFakeCloud } from "./support/harness.js";
import { deployOptions, render, serviceSpec } from "./support/specs.js";

const cloud = useFakeCloud();

describe("planService", () => {
  it("lists field changes and makes no mutating call", async () => {
    await deployService(cloud.gateway, render(serviceSpec("api", { memory: "512Mi" }), 1, "aaa1111"), deployOptions({ commit: "aaa1111" }));
    cloud.fake.clearRecords();
    const plan = await planService(cloud.gateway, render(serviceSpec("api", { memory: "1Gi", env: { MODE: "fast" } }), 2, "bbb2222"), "bbb2222");
    expect(plan).toMatchObject({ kind: "plan", service: "api", exists: true, liveCommit: "aaa1111", commit: "bbb2222" });
    expect(plan.changes).toEqual([
      { field: "template.containers[api].env[MODE].value", live: undefined, desired: "fast" },
      { field: "template.containers[api].resources.limits.memory", live: "512Mi", desired: "1Gi" },
    ]);
    expect(cloud.fake.mutatingCalls()).toEqual([]);
  });

  it("ignores the image, which is only known after a push", async () => {
    await deployService(cloud.gateway, render(serviceSpec("api"), 1, "aaa1111"), deployOptions({ commit: "aaa1111" }));
    const plan = await planService(cloud.gateway, render(serviceSpec("api"), 2, "bbb2222"), "bbb2222");
    expect(plan.changes).toEqual([]);
  });

  it("plans the creation of a service that does not exist", async () => {
    const plan = await planService(cloud.gateway, render(serviceSpec("api"), 1), "abc1234");
    expect(plan.exists).toBe(false);
    expect(plan.changes.length).toBeGreaterThan(0);
    expect(cloud.fake.mutatingCalls()).toEqual([]);
  });
});
