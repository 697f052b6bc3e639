/**
 * Edges of schedules/render.ts: the deadline warning of an endpoint schedule without retries, and
 * the locations scheduleParents looks in (sorted, without targets that schedule nothing). Written
 * from Stryker's surviving mutants in schedules/render.ts (issue 12).
 */
import { describe, expect, it } from "vitest";
import type { Catalog } from "../../ci/src/catalog/parse.js";
import { scheduleParents, serviceSchedules } from "../../ci/src/schedules/render.js";
import { ENV, jobWithSchedules, PARENT, SERVICE_URL, serviceWithSchedules } from "./support/specs.js";

const DAILY = { name: "daily", schedule: "0 3 * * *" };
const catalogOf = (jobs: Catalog["jobs"], services: Catalog["services"]) => ({ jobs, services }) as unknown as Catalog;
const location = (region: string) => `projects/test-project/locations/${region}`;

describe("serviceSchedules: deadline warning", () => {
  it("says the call is retried, without a count, when the schedule sets no retry", () => {
    const spec = serviceWithSchedules("reports", [{ ...DAILY, path: "/build", attemptDeadline: "600s" }], { run: { public: false, timeout: "900s" } });
    expect(serviceSchedules(spec, ENV, SERVICE_URL)[0]!.warning).toBe(
      "POST /build may run up to the service's request timeout (900s) but Scheduler gives each attempt 600s: a longer call is marked DEADLINE_EXCEEDED and retried while the first one still runs. Set attemptDeadline (at most 1800s), make the endpoint return at once and work asynchronously, or move the work to a Cloud Run job.",
    );
  });
});

describe("scheduleParents: locations", () => {
  it("sorts the locations, also when a target's region sorts after the environment's", () => {
    const east = jobWithSchedules("etl", [DAILY], { run: { region: "us-east1" } });
    expect(scheduleParents(catalogOf([east], []), ENV)).toEqual([PARENT, location("us-east1")]);
  });

  it("leaves out the region of a service that schedules nothing", () => {
    const idle = serviceWithSchedules("api", [], { run: { public: false, region: "europe-west1" } });
    expect(scheduleParents(catalogOf([], [idle]), ENV)).toEqual([PARENT]);
  });
});
