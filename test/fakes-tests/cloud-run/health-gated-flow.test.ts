// The sequence a health-gated deploy drives against the fake: stage a tagged revision with no
// traffic, probe its tag URL, then promote it or leave traffic where it was.
import { describe, expect, it } from "vitest";
import type { protos } from "@google-cloud/run";
import { serviceName } from "./clients.js";
import { useFakeCloudRun } from "./lifecycle.js";

type IService = protos.google.cloud.run.v2.IService;
const REVISION = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION" as const;
const ID_TOKEN = { authorization: "Bearer id-token-for-probe" };

describe("fake Cloud Run: a health-gated deploy sequence", () => {
  const h = useFakeCloudRun();

  async function stageCandidate(): Promise<IService> {
    h.fake.seedService({ id: "api", revisions: [{ name: "api-v1", image: "img:1" }], traffic: [{ type: REVISION, revision: "api-v1", percent: 100 }] });
    const [live] = await h.run.services.getService({ name: serviceName("api") });
    const [op] = await h.run.services.updateService({
      service: {
        ...live,
        template: { ...live.template, revision: "api-v2", containers: [{ image: "img:2" }] },
        traffic: [
          { type: REVISION, revision: "api-v1", percent: 100 },
          { type: REVISION, revision: "api-v2", percent: 0, tag: "candidate" },
        ],
      },
    });
    await op.promise();
    return (await h.run.services.getService({ name: serviceName("api") }))[0];
  }

  const candidateUri = (s: IService) => s.trafficStatuses?.find((t) => t.tag === "candidate")?.uri ?? "";

  it("promotes the candidate after its tag URL answers healthy", async () => {
    const staged = await stageCandidate();
    const health = await fetch(`${candidateUri(staged)}/health`, { headers: ID_TOKEN });
    expect(health.status).toBe(200);
    const [op] = await h.run.services.updateService({
      service: { ...staged, traffic: [{ type: REVISION, revision: "api-v2", percent: 100 }] },
    });
    await op.promise();
    const res = await fetch(`${staged.uri}/health`, { headers: ID_TOKEN });
    expect(res.headers.get("x-fake-cloud-run-revision")).toBe("api-v2");
    expect(h.fake.mutatingCalls().map((c) => c.method)).toEqual(["UpdateService", "UpdateService"]);
    expect(h.fake.probeRequests.map((r) => [r.revision, r.authorization])).toEqual([
      ["api-v2", ID_TOKEN.authorization],
      ["api-v2", ID_TOKEN.authorization],
    ]);
  });

  it("keeps serving the old revision when the candidate's health check fails", async () => {
    h.fake.faults.probe({ image: "img:2" }, { status: 500 });
    const staged = await stageCandidate();
    const health = await fetch(`${candidateUri(staged)}/health`, { headers: ID_TOKEN });
    expect(health.status).toBe(500);
    const res = await fetch(`${staged.uri}/health`, { headers: ID_TOKEN });
    expect(res.headers.get("x-fake-cloud-run-revision")).toBe("api-v1");
  });
});
