/**
 * The spans of a service release, from real deploys against the Cloud Run Admin v2 fake: one
 * "deploy service" span holding the writes, the readiness wait, the health check and its probe
 * attempts, and the restore when the candidate fails.
 */
import { describe, expect, it } from "vitest";
import { deployService } from "../../ci/src/services/deploy-service.js";
import { useFakeCloud } from "../services/support/harness.js";
import { deployOptions, render, serviceSpec } from "../services/support/specs.js";
import { ERROR, UNSET, useSpanRecorder } from "./support/recorder.js";

const cloud = useFakeCloud();
const spans = useSpanRecorder();
const api = serviceSpec("api");

async function firstDeploy() {
  const report = await deployService(cloud.gateway, render(api, 1, "aaa1111"), deployOptions({ commit: "aaa1111" }));
  expect(report.status).toBe("created");
  return report;
}

/** A second deploy after the first, with the spans of the first cleared. */
async function update(options: Parameters<typeof deployOptions>[0] = {}) {
  await firstDeploy();
  spans.reset();
  return deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222", ...options }));
}

describe("spans of a first deploy", () => {
  it("creates the service, waits for its revision, makes it public and probes it, all under one deploy span", async () => {
    const report = await firstDeploy();
    const deploy = spans.named("deploy service api");
    expect(deploy.parentSpanContext).toBeUndefined();
    expect(spans.childrenOf(deploy)).toEqual([`create service api with revision ${report.revision}`, "make api public", `health check ${report.revision}`]);
    expect(spans.childrenOf(spans.named(/^create service api/))).toEqual([`wait for revision ${report.revision} ready`]);
    expect(deploy.attributes).toMatchObject({ "service.name": "api", "release.strategy": "blue-green", "release.status": "created", "release.revision": report.revision });
    expect(deploy.status.code).toBe(UNSET);
  });
});

describe("spans of a blue-green update", () => {
  it("names the candidate, its readiness, each probe attempt and the promotion", async () => {
    const report = await update();
    expect(report.status).toBe("deployed");
    const deploy = spans.named("deploy service api");
    expect(spans.childrenOf(deploy)).toEqual([`create candidate revision ${report.revision}`, `health check ${report.revision}`, `promote ${report.revision} to 100%`]);
    expect(spans.childrenOf(spans.named(`create candidate revision ${report.revision}`))).toEqual([`wait for revision ${report.revision} ready`]);
    expect(spans.childrenOf(spans.named(`promote ${report.revision} to 100%`))).toEqual(["wait for api to apply the change"]);
    const attempt = spans.named(/^probe http:\/\/.*\/health \(attempt 1\)$/);
    expect(spans.isUnder(attempt, deploy)).toBe(true);
    expect(attempt.attributes["http.response.status_code"]).toBe(200);
    expect(attempt.status.code).toBe(UNSET);
  });

  it("fails each probe attempt that got no 2xx, the health check, and the deploy; the restore is its own span under the deploy", async () => {
    cloud.fake.faults.probe({ image: render(api, 2).image }, { status: 503 });
    const report = await update({ healthTimeoutMs: 400, minProbeMs: 400, probeIntervalMs: 50 });
    expect(report.status).toBe("rolled-back");
    const deploy = spans.named("deploy service api");
    const attempts = spans.all(/ \(attempt \d+\)$/);
    expect(attempts.length).toBeGreaterThan(1);
    for (const attempt of attempts) {
      expect(attempt.status).toEqual({ code: ERROR, message: "answered HTTP 503" });
      expect(spans.isUnder(attempt, deploy)).toBe(true);
    }
    expect(attempts.map((a) => a.name.match(/\(attempt (\d+)\)$/)![1])).toEqual(attempts.map((_, i) => String(i + 1)));
    const health = spans.named(`health check ${report.revision}`);
    expect(health.status.code).toBe(ERROR);
    expect(health.status.message).toMatch(/answered HTTP 503 after \d+ attempt\(s\)$/);
    expect(spans.childrenOf(deploy)).toEqual([`create candidate revision ${report.revision}`, `health check ${report.revision}`, "restore previous traffic of api"]);
    expect(spans.named("restore previous traffic of api").status.code).toBe(UNSET);
    expect(deploy.status.code).toBe(ERROR);
    expect(deploy.status.message).toContain("Traffic restored to its state before the deploy");
    expect(deploy.attributes["release.status"]).toBe("rolled-back");
  });

  it("fails the candidate's span when its revision never becomes ready, and restores", async () => {
    await firstDeploy();
    cloud.fake.faults.probe({ image: render(api, 2).image }, { status: 200 });
    cloud.fake.faults.failNextOperation("UpdateService", 9, "Revision 'api-x' is not ready: container failed to start");
    spans.reset();
    const report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({ commit: "bbb2222" }));
    expect(report.status).not.toMatch(/deployed|created/);
    const candidate = spans.named(/^create candidate revision /);
    expect(candidate.status.code).toBe(ERROR);
    expect(candidate.attributes["write.outcome"]).not.toBe("applied");
    expect(spans.named("deploy service api").status.code).toBe(ERROR);
  });
});

describe("spans of a direct deploy", () => {
  it("is one write at 100% and no probe", async () => {
    const report = await update({ strategy: "direct" });
    expect(report.status).toBe("deployed");
    expect(spans.childrenOf(spans.named("deploy service api"))).toEqual([`deploy revision ${report.revision} at 100%`]);
    expect(spans.all(/attempt/)).toEqual([]);
  });
});
