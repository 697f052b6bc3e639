/**
 * The order of the changes diffService reports (issue 12, mutation testing): plan and the deploy
 * report print them as they come, so they are sorted by field whichever side has the field.
 */
import { describe, expect, it } from "vitest";
import { diffService } from "../../ci/src/services/diff.js";
import { render, serviceSpec } from "./support/specs.js";

describe("diffService: order of the changes", () => {
  it("sorts labels only the catalog has among the template fields both sides have", () => {
    const live = render(serviceSpec("api", { memory: "512Mi" })).resource;
    const desired = render(serviceSpec("api", { memory: "1Gi", labels: { team: "data" } })).resource;
    expect(diffService(live, desired)).toEqual([
      { field: "labels.team", live: undefined, desired: "data" },
      { field: "template.containers[api].resources.limits.memory", live: "512Mi", desired: "1Gi" },
      { field: "template.labels.team", live: undefined, desired: "data" },
    ]);
  });
});
