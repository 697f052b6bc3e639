/**
 * deployAllServices: every service released under a concurrency limit, one report.
 */
import { describe, expect, it } from "vitest";
import { deployAllServices, formatDeployAll } from "../../ci/src/commands/deploy-all.js";
import { deployService } from "../../ci/src/services/deploy-service.js";
import { renderService } from "../../ci/src/services/render.js";
import { serviceName, servingView } from "../services/support/fake-cloud.js";
import { useFakeCloud } from "../services/support/harness.js";
import { deployOptions, digestRef, FAKE_ENV, realService } from "../services/support/specs.js";

const cloud = useFakeCloud();
const NAMES = ["alie", "cloud", "playground"];
const release = (name: string) => deployService(cloud.gateway, renderService(realService(name), FAKE_ENV, digestRef(name), "aaa1111"), deployOptions({ commit: "aaa1111" }));

describe("deployAllServices", () => {
  it("deploys every service of the real catalog", async () => {
    const report = await deployAllServices(NAMES, 2, "dev", release);
    expect(report.ok).toBe(true);
    expect(report.services.map((s) => [s.service, s.status])).toEqual([["alie", "created"], ["cloud", "created"], ["playground", "created"]]);
  });

  it("still deploys the others when one fails, and reports all in one report", async () => {
    cloud.fake.faults.nextRevisionNeverReady("cloud");
    const report = await deployAllServices(NAMES, 3, "dev", release);
    expect(report.ok).toBe(false);
    expect(report.services.map((s) => [s.service, s.status])).toEqual([["alie", "created"], ["cloud", "failed"], ["playground", "created"]]);
    expect(servingView(cloud.fake, "alie")).toHaveLength(1);
    expect(servingView(cloud.fake, "playground")).toHaveLength(1);
    expect(formatDeployAll(report)).toMatch(/2 succeeded, 1 failed/);
  });

  it("reports a service that failed before its release as an error without stopping the others", async () => {
    const report = await deployAllServices(NAMES, 2, "dev", async (name) => {
      if (name === "alie") throw new Error("the pre-release checks failed");
      return release(name);
    });
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([{ service: "alie", error: "the pre-release checks failed" }]);
    expect(report.services.map((s) => s.service)).toEqual(["cloud", "playground"]);
    expect(cloud.fake.services.has(serviceName("alie"))).toBe(false);
  });
});
