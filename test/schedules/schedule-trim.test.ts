/**
 * A schedule written with spaces around it is validated trimmed (catalog/fields.ts), and Scheduler
 * is sent exactly that trimmed text, so the job it stores (and returns) compares equal to the
 * catalog's and a redeploy finds nothing to update.
 */
import { describe, expect, it } from "vitest";
import { resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import { jobSchedules } from "../../ci/src/schedules/render.js";
import { catalogFiles } from "../catalog/fixtures.js";

describe("schedule text", () => {
  it("reaches Scheduler without the spaces around it", () => {
    const catalog = parseCatalog(catalogFiles((d) => {
      d.job.schedules[0].schedule = "  0 3 * * 1-5  ";
    }));
    expect(catalog.jobs[0]!.schedules[0]!.schedule).toBe("0 3 * * 1-5");
    expect(jobSchedules(catalog.jobs[0]!, resolveEnvironment(catalog, "dev"))[0]!.resource.schedule).toBe("0 3 * * 1-5");
  });
});
