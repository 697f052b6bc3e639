/**
 * The schedules the catalog declares (scheduleNames), the locations to look for orphans in
 * (scheduleParents), the environment recorded in a description, and the target text. Written from
 * Stryker's uncovered and surviving mutants in schedules/render.ts (issue 12).
 */
import { describe, expect, it } from "vitest";
import type { Catalog } from "../../ci/src/catalog/parse.js";
import { environmentOfDescription, managedDescription, scheduleNames, scheduleParents, scheduleTargetOf, serviceSchedules } from "../../ci/src/schedules/render.js";
import { ENV, jobWithSchedules, PARENT, SERVICE_URL, serviceWithSchedules } from "./support/specs.js";

const DAILY = { name: "daily", schedule: "0 3 * * *", serviceAccount: "scheduler-invoker" };
const catalogOf = (jobs: Catalog["jobs"], services: Catalog["services"]) => ({ jobs, services }) as unknown as Catalog;

describe("scheduleNames and scheduleParents", () => {
  it("names every schedule of jobs and services, skipping targets without any", () => {
    const catalog = catalogOf([jobWithSchedules("etl", [DAILY]), jobWithSchedules("idle", [])], [serviceWithSchedules("api", [{ ...DAILY, name: "ping", path: "/ping" }])]);
    const names = scheduleNames(catalog, ENV);
    expect(names).toHaveLength(2);
    expect(names.every((n) => n.startsWith(`${PARENT}/jobs/`))).toBe(true);
    expect(names[0]).toContain("daily");
    expect(names[1]).toContain("ping");
    expect(scheduleNames(catalogOf([jobWithSchedules("idle", [])], []), ENV)).toEqual([]);
  });

  it("lists the environment's own location once, sorted with the locations of scheduled targets", () => {
    expect(scheduleParents(catalogOf([], []), ENV)).toEqual([PARENT]);
    const elsewhere = serviceWithSchedules("api", [{ ...DAILY, path: "/ping" }], { run: { public: false, region: "europe-west1" } });
    const idleElsewhere = jobWithSchedules("idle", [], { run: { region: "asia-east1" } });
    expect(scheduleParents(catalogOf([idleElsewhere], [elsewhere]), ENV)).toEqual(["projects/test-project/locations/europe-west1", PARENT]);
  });
});

describe("descriptions and targets", () => {
  it("reads back the environment a managed description names, and nothing from other descriptions", () => {
    expect(environmentOfDescription(managedDescription({ name: "prod" }, "calls POST /run"))).toBe("prod");
    expect(environmentOfDescription("managed by cloud-run-pipeline: calls POST /run")).toBeUndefined();
    expect(environmentOfDescription("made by hand")).toBeUndefined();
    expect(environmentOfDescription(undefined)).toBeUndefined();
    expect(environmentOfDescription(null)).toBeUndefined();
  });

  it("names the Cloud Run id only when it differs from the catalog name", () => {
    expect(scheduleTargetOf("job", "etl", "etl")).toBe("job etl");
    expect(scheduleTargetOf("service", "api", "api-dev")).toBe("service api (Cloud Run service api-dev)");
  });

  it("drops every trailing slash of the service URL before the path", () => {
    const [s] = serviceSchedules(serviceWithSchedules("api", [{ ...DAILY, path: "/ping" }]), ENV, `${SERVICE_URL}//`);
    expect(s!.resource.httpTarget!.uri).toBe(`${SERVICE_URL}/ping`);
  });
});
