/**
 * What preflight asks for monitoring: the Cloud Monitoring API and the deployer's monitoring
 * permissions, only when the catalog has monitoring settings and the scope is the whole catalog.
 */
import { describe, expect, it } from "vitest";
import { resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import { MONITORING_PERMISSIONS, releaseNeeds, wholeCatalog } from "../../ci/src/preflight/needs.js";
import { catalogOf, project, service } from "./support.js";

const needsOf = (catalog: ReturnType<typeof catalogOf>, scope = wholeCatalog(catalog)) => releaseNeeds(catalog, resolveEnvironment(catalog, "prod"), scope);

describe("preflight needs for monitoring", () => {
  it("needs neither the API nor the permissions when no layer declares monitoring", () => {
    const needs = needsOf(catalogOf(project(), service("alie")));
    expect(needs.apis.map((a) => a.api)).not.toContain("monitoring.googleapis.com");
    expect(needs.permissions.filter((p) => p.startsWith("monitoring."))).toEqual([]);
  });

  it("needs monitoring.googleapis.com and the list/create/update permissions when a target declares monitoring", () => {
    const needs = needsOf(catalogOf(project(), service("alie", { monitoring: {} })));
    expect(needs.apis).toContainEqual({ api: "monitoring.googleapis.com", why: "uptime checks and alert policies" });
    expect(needs.permissions.filter((p) => p.startsWith("monitoring."))).toEqual([...MONITORING_PERMISSIONS]);
  });

  it("leaves monitoring out of deploy --service --preflight, which does not sync it", () => {
    const catalog = catalogOf(project({ monitoring: {} }), service("alie"));
    const needs = needsOf(catalog, { services: catalog.services, jobs: [], sites: [], schedules: false });
    expect(needs.apis.map((a) => a.api)).not.toContain("monitoring.googleapis.com");
  });
});
