/**
 * deployService against the Cloud Run Admin v2 fake, through the official clients.
 */
import { describe, expect, it } from "vitest";
import { deployService } from "../../ci/src/services/deploy-service.js";
import { serviceName, servingView, storedTraffic } from "./support/fake-cloud.js";
import { REVISION, revisions, useFakeCloud } from "./support/harness.js";
import { deployOptions, render, serviceSpec } from "./support/specs.js";

const cloud = useFakeCloud();
const api = serviceSpec("api");
const privateApi = serviceSpec("api", { public: false });

async function deployed(spec = api, build = 1, commit = "aaa1111") {
  const report = await deployService(cloud.gateway, render(spec, build, commit), deployOptions({ commit }));
  expect(report.status).toMatch(/created|deployed/);
  return report;
}

describe("deployService: first deploy", () => {
  it("creates the service serving 100% from its first revision", async () => {
    const report = await deployed();
    expect(report.status).toBe("created");
    expect(storedTraffic(cloud.fake, "api")).toEqual([{ type: "LATEST", percent: 100 }]);
    expect(servingView(cloud.fake, "api")).toEqual([{ revision: report.revision, percent: 100 }]);
    expect(report.trafficAfter).toBe(`LATEST (${report.revision}) 100%`);
  });

  it("probes the service URL", async () => {
    const report = await deployed();
    expect(report.url).toBe(cloud.fake.service(serviceName("api")).resource.uri);
    expect(cloud.fake.probeRequests.map((r) => ({ path: r.path, tag: r.tag, status: r.status }))).toEqual([{ path: "/health", tag: undefined, status: 200 }]);
  });

  it("grants allUsers the invoker role on a public service", async () => {
    await deployed();
    expect(cloud.fake.service(serviceName("api")).policy.bindings).toEqual([{ role: "roles/run.invoker", members: ["allUsers"] }]);
  });

  it("leaves a private service without public members and probes it with an ID token", async () => {
    await deployed(privateApi);
    expect(cloud.fake.service(serviceName("api")).policy.bindings ?? []).toEqual([]);
    expect(cloud.fake.probeRequests.map((r) => r.authorization)).toEqual([`Bearer id-token-for-127.0.0.1:${cloud.fake.probePort}`]);
  });
});

describe("deployService: blue-green update", () => {
  it("puts the new revision at 0% behind the candidate tag while the old one keeps 100%", async () => {
    const first = await deployed();
    let duringProbe: unknown;
    cloud.fake.faults.probe({ image: render(api, 2).image }, {
      handler: (_req, res) => {
        duringProbe = { stored: storedTraffic(cloud.fake, "api"), serving: servingView(cloud.fake, "api") };
        res.writeHead(200).end("ok");
      },
    });
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222" }));
    expect(duringProbe).toEqual({
      stored: [
        { type: "REVISION", revision: first.revision, percent: 100 },
        { type: "REVISION", revision: report.revision, percent: 0, tag: "rc-bbb2222" },
      ],
      serving: [
        { revision: first.revision, percent: 100 },
        { revision: report.revision, percent: 0, tag: "rc-bbb2222" },
      ],
    });
  });

  it("probes the candidate's tag URL", async () => {
    await deployed();
    cloud.fake.clearRecords();
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222" }));
    expect(cloud.fake.probeRequests.map((r) => ({ tag: r.tag, revision: r.revision, path: r.path, status: r.status }))).toEqual([
      { tag: "rc-bbb2222", revision: report.revision, path: "/health", status: 200 },
    ]);
  });

  it("ends with 100% on the new revision and no candidate tag", async () => {
    await deployed();
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222" }));
    expect(report.status).toBe("deployed");
    expect(storedTraffic(cloud.fake, "api")).toEqual([{ type: "LATEST", percent: 100 }]);
    expect(servingView(cloud.fake, "api")).toEqual([{ revision: report.revision, percent: 100 }]);
    expect(report.revision).toMatch(/^api-bbb2222-[a-z0-9]+$/);
  });

  it("sends the private service's probe to the tag URL with Authorization: Bearer <ID token for the service URL>", async () => {
    await deployed(privateApi);
    cloud.fake.clearRecords();
    const audiences: string[] = [];
    const report = await deployService(cloud.gateway, render(privateApi, 2, "bbb2222"), deployOptions({
      commit: "bbb2222",
      idToken: async (audience) => {
        audiences.push(audience);
        return "private-id-token";
      },
    }));
    expect(report.status).toBe("deployed");
    expect(audiences).toEqual([cloud.fake.service(serviceName("api")).resource.uri]);
    expect(cloud.fake.probeRequests.map((r) => ({ tag: r.tag, authorization: r.authorization, status: r.status }))).toEqual([
      { tag: "rc-bbb2222", authorization: "Bearer private-id-token", status: 200 },
    ]);
  });

  it("probes a private service that is becoming public with an ID token (IAM changes only after the release)", async () => {
    cloud.fake.seedService({ id: "api", revisions: revisions("api") });
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222", idToken: async () => "still-private-token" }));
    expect(report.status).toBe("deployed");
    expect(cloud.fake.probeRequests.map((r) => r.authorization)).toEqual(["Bearer still-private-token"]);
  });

  it("refuses, before any write, a private service becoming public when no ID token can be minted for its probe", async () => {
    cloud.fake.seedService({ id: "api", revisions: revisions("api") });
    await expect(deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222", idToken: undefined }))).rejects.toThrow(/service api is private, so its health check needs an ID token.*nothing was changed/);
    expect(cloud.fake.mutatingCalls()).toEqual([]);
    expect(servingView(cloud.fake, "api")).toEqual([{ revision: "api-green", percent: 100 }]);
  });

  it("refuses a private service without an ID token source before any call", async () => {
    await expect(deployService(cloud.gateway, render(privateApi, 1), deployOptions({ idToken: undefined }))).rejects.toThrow(/private.*cannot mint one; nothing was changed. No ID token source was given/);
    expect(cloud.fake.calls).toEqual([]);
  });

  it("moves 100% to the new revision after a pinned 50/50 split, keeping the user's tag where it was", async () => {
    cloud.fake.seedService({
      id: "api",
      public: true,
      revisions: revisions("api"),
      traffic: [
        { type: REVISION, revision: "api-blue", percent: 50, tag: "stable" },
        { type: REVISION, revision: "api-green", percent: 50 },
      ],
    });
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222" }));
    expect(report.status).toBe("deployed");
    expect(storedTraffic(cloud.fake, "api")).toEqual([{ type: "LATEST", percent: 100 }, { type: "REVISION", revision: "api-blue", percent: 0, tag: "stable" }]);
    expect(servingView(cloud.fake, "api")).toEqual([{ revision: report.revision, percent: 100 }, { revision: "api-blue", percent: 0, tag: "stable" }]);
  });

  it("moves 100% to the new revision after an earlier deploy failed and was rolled back", async () => {
    await deployed();
    cloud.fake.faults.probe({ image: render(api, 2).image }, { status: 500 });
    const failed = await deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222", healthTimeoutMs: 2500 }));
    expect(failed.status).toBe("rolled-back");
    const report = await deployService(cloud.gateway, render(api, 3, "ccc3333"), deployOptions({ commit: "ccc3333" }));
    expect(report.status).toBe("deployed");
    expect(storedTraffic(cloud.fake, "api")).toEqual([{ type: "LATEST", percent: 100 }]);
    expect(servingView(cloud.fake, "api")).toEqual([{ revision: report.revision, percent: 100 }]);
  });

  it("keeps the writable fields it does not manage (description, custom audiences, service scaling)", async () => {
    cloud.fake.seedService({
      id: "api",
      public: true,
      revisions: revisions("api"),
      service: { description: "owned by the data team", customAudiences: ["https://api.example.com"], scaling: { minInstanceCount: 1 } },
    });
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222" }));
    expect(report.status).toBe("deployed");
    const stored = cloud.fake.service(serviceName("api")).resource;
    expect(stored.description).toBe("owned by the data team");
    expect(stored.customAudiences).toEqual(["https://api.example.com"]);
    expect(stored.scaling?.minInstanceCount).toBe(1);
  });

  it("moves 100% to the new revision after a rollback pinned traffic to an older revision", async () => {
    cloud.fake.seedService({ id: "api", public: true, revisions: revisions("api"), traffic: [{ type: REVISION, revision: "api-blue", percent: 100 }] });
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222" }));
    expect(servingView(cloud.fake, "api")).toEqual([{ revision: report.revision, percent: 100 }]);
  });
});

describe("deployService: direct", () => {
  it("sends 100% to the new revision without a tag or a probe", async () => {
    await deployed();
    cloud.fake.clearRecords();
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222", strategy: "direct" }));
    expect(report.status).toBe("deployed");
    expect(storedTraffic(cloud.fake, "api")).toEqual([{ type: "LATEST", percent: 100 }]);
    expect(servingView(cloud.fake, "api")).toEqual([{ revision: report.revision, percent: 100 }]);
    expect(cloud.fake.callsOf("UpdateService")).toHaveLength(1);
    expect(cloud.fake.probeRequests).toEqual([]);
  });
});

describe("deployService: skip-unchanged", () => {
  it("makes zero mutating calls when image and configuration are live", async () => {
    const first = await deployed(api, 1, "aaa1111");
    cloud.fake.clearRecords();
    const again = await deployService(cloud.gateway, render(api, 1, "aaa1111"), deployOptions({ commit: "aaa1111" }));
    expect(again.status).toBe("unchanged");
    expect(again.revision).toBe(first.revision);
    expect(cloud.fake.mutatingCalls()).toEqual([]);
    expect(cloud.fake.probeRequests).toEqual([]);
  });

  it("is unchanged for a new commit of the same digest and configuration", async () => {
    await deployed(api, 1, "aaa1111");
    cloud.fake.clearRecords();
    const again = await deployService(cloud.gateway, render(api, 1, "bbb2222"), deployOptions({ commit: "bbb2222" }));
    expect(again.status).toBe("unchanged");
    expect(cloud.fake.mutatingCalls()).toEqual([]);
  });

  it("deploys when only the configuration changed", async () => {
    await deployed(api, 1, "aaa1111");
    const report = await deployService(cloud.gateway, render(serviceSpec("api", { memory: "1Gi" }), 1, "aaa1111"), deployOptions({ commit: "aaa1111" }));
    expect(report.status).toBe("deployed");
    expect(report.changes).toEqual([{ field: "template.containers[api].resources.limits.memory", live: "512Mi", desired: "1Gi" }]);
  });

  it("deploys when the live traffic is not 100% on the latest revision", async () => {
    const first = await deployed(api, 1, "aaa1111");
    const second = await deployed(api, 2, "bbb2222");
    await cloud.gateway.updateService({ ...cloud.fake.service(serviceName("api")).resource, traffic: [{ type: REVISION, revision: first.revision, percent: 100 }] } as never);
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222" }));
    expect(report.status).toBe("deployed");
    expect(report.revision).not.toBe(second.revision);
    expect(servingView(cloud.fake, "api")).toEqual([{ revision: report.revision, percent: 100 }]);
  });

  it("only fixes IAM when the visibility changed", async () => {
    await deployed(api, 1, "aaa1111");
    cloud.fake.clearRecords();
    const report = await deployService(cloud.gateway, render(privateApi, 1, "aaa1111"), deployOptions({ commit: "aaa1111" }));
    expect(report.status).toBe("deployed");
    expect(cloud.fake.service(serviceName("api")).policy.bindings ?? []).toEqual([]);
  });
});

describe("deployService: IAM", () => {
  it("keeps other IAM bindings when making a service public", async () => {
    cloud.fake.seedService({
      id: "api",
      revisions: revisions("api"),
      policy: { bindings: [{ role: "roles/run.invoker", members: ["serviceAccount:caller@test-project.iam.gserviceaccount.com"] }] },
    });
    await deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222" }));
    expect(cloud.fake.service(serviceName("api")).policy.bindings).toEqual([
      { role: "roles/run.invoker", members: ["serviceAccount:caller@test-project.iam.gserviceaccount.com", "allUsers"] },
    ]);
  });

  it("says the release succeeded but public access failed when an org policy blocks allUsers", async () => {
    cloud.fake.seedService({ id: "api", revisions: revisions("api") });
    cloud.fake.faults.publicAccessBlocked = true;
    await expect(deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222" }))).rejects.toThrow(
      /release succeeded but setting the IAM policy to make the service public .* failed: .*iam.allowedPolicyMemberDomains/,
    );
    expect(servingView(cloud.fake, "api")).toEqual([{ revision: expect.stringMatching(/^api-bbb2222-/), percent: 100 }]);
  });
});
