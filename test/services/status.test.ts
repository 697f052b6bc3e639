/**
 * serviceStatus: URL, traffic, image, commit and revisions of a live service.
 */
import { describe, expect, it } from "vitest";
import { deployService } from "../../ci/src/services/deploy-service.js";
import { formatStatus, serviceStatus } from "../../ci/src/services/status.js";
import { serviceName } from "./support/fake-cloud.js";
import { useFakeCloud } from "./support/harness.js";
import { deployOptions, digestRef, render, serviceSpec } from "./support/specs.js";

const cloud = useFakeCloud();
const api = serviceSpec("api");

describe("serviceStatus", () => {
  it("marks revisions that served healthily or failed the gate, and says where rollback would go", async () => {
    const first = await deployService(cloud.gateway, render(api, 1, "aaa1111"), deployOptions({ commit: "aaa1111" }));
    const second = await deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222" }));
    cloud.fake.faults.probe({ image: render(api, 3).image }, { status: 500 });
    const failed = await deployService(cloud.gateway, render(api, 3, "ccc3333"), deployOptions({ commit: "ccc3333", healthTimeoutMs: 300, minProbeMs: 200 }));
    expect(failed.status).toBe("rolled-back");
    const status = await serviceStatus(cloud.gateway, serviceName("api"));
    expect(status.rollbackTarget).toBe(first.revision);
    expect(status.revisions.map((r) => [r.name, r.gate])).toEqual([
      [failed.revision, "failed"],
      [second.revision, "served"],
      [first.revision, "served"],
    ]);
    const text = formatStatus(status);
    expect(text).toContain(`rollback would go to: ${first.revision}`);
    expect(text).toMatch(new RegExp(`${failed.revision}.*\\(FAILED the health gate\\)`));
  });

  it("reports URL, traffic, image, commit and every revision", async () => {
    const first = await deployService(cloud.gateway, render(api, 1, "aaa1111"), deployOptions({ commit: "aaa1111" }));
    const second = await deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222" }));
    const status = await serviceStatus(cloud.gateway, serviceName("api"));
    expect(status).toMatchObject({
      kind: "status",
      service: "api",
      exists: true,
      url: cloud.fake.service(serviceName("api")).resource.uri,
      image: digestRef("api", 2),
      commit: "bbb2222",
      traffic: `LATEST (${second.revision}) 100%`,
      latestReadyRevision: second.revision,
      latestCreatedRevision: second.revision,
    });
    expect(status.revisions.map((r) => ({ name: r.name, ready: r.ready, image: r.image })).sort((a, b) => a.image!.localeCompare(b.image!))).toEqual([
      { name: first.revision, ready: true, image: digestRef("api", 1) },
      { name: second.revision, ready: true, image: digestRef("api", 2) },
    ]);
  });

  it("reports a failed revision as not ready", async () => {
    await deployService(cloud.gateway, render(api, 1, "aaa1111"), deployOptions({ commit: "aaa1111" }));
    cloud.fake.faults.nextRevisionNeverReady("api");
    const failed = await deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222" }));
    const status = await serviceStatus(cloud.gateway, serviceName("api"));
    expect(status.revisions.find((r) => r.name === failed.revision)?.ready).toBe(false);
  });

  it("reports a service that does not exist", async () => {
    expect(await serviceStatus(cloud.gateway, serviceName("api"))).toEqual({ kind: "status", service: "api", cloudRunName: "api", exists: false, urls: [], revisions: [] });
  });
});
