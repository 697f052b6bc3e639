/**
 * diffService on labels, annotations, service-level settings and server-filled subtrees. Written
 * from Stryker's survivors in services/diff.ts (issue 12).
 */
import { describe, expect, it } from "vitest";
import { CONFIG_HASH_ANNOTATION } from "../../ci/src/gcp/run-template.js";
import { diffService, managedView } from "../../ci/src/services/diff.js";
import { renderService } from "../../ci/src/services/render.js";
import { digestRef, FAKE_ENV, serviceSpec } from "./support/specs.js";

const rendered = (run: Record<string, unknown> = {}) => renderService(serviceSpec("api", run), FAKE_ENV, digestRef("api", 1), "abc1234").resource;
const fieldsOf = (changes: Array<{ field: string }>) => changes.map((c) => c.field);

describe("diffService: labels, annotations and service-level settings", () => {
  it("reports a label added live by someone else, and one the catalog changed", () => {
    const desired = rendered({ labels: { team: "data" } });
    expect(fieldsOf(diffService({ ...desired, labels: { ...desired.labels, owner: "ops" } }, desired))).toEqual(["labels.owner"]);
    expect(fieldsOf(diffService(rendered({ labels: { team: "web" } }), desired))).toEqual(["labels.team", "template.labels.team"]);
  });

  it("reports a template annotation that differs, but not the config hash", () => {
    const desired = rendered();
    const annotations = { ...desired.template!.annotations, "example.com/note": "x" };
    expect(fieldsOf(diffService({ ...desired, template: { ...desired.template, annotations } }, desired))).toEqual(["template.annotations.example.com/note"]);
    const rehashed = { ...desired.template!.annotations, [CONFIG_HASH_ANNOTATION]: "other" };
    expect(diffService({ ...desired, template: { ...desired.template, annotations: rehashed } }, desired)).toEqual([]);
  });

  it("compares a service-level setting the catalog sets, and ignores one it leaves out", () => {
    const desired = rendered({ iap: true });
    expect(diffService({ ...desired, iapEnabled: false }, desired)).toEqual([{ field: "iapEnabled", live: "false", desired: "true" }]);
    const unset = rendered();
    expect(diffService({ ...unset, iapEnabled: true, defaultUriDisabled: true }, unset)).toEqual([]);
  });

  it("includes in the managed view only the service-level fields it is asked for", () => {
    const service = { ...rendered(), iapEnabled: true, defaultUriDisabled: true };
    expect(managedView(service, ["iapEnabled"])).toMatchObject({ iapEnabled: "true" });
    expect(Object.keys(managedView(service, ["iapEnabled"]))).not.toContain("defaultUriDisabled");
    expect(Object.keys(managedView(service))).not.toContain("iapEnabled");
  });

  it("reads a service without labels or template", () => {
    expect(managedView({})).toEqual({});
  });
});

describe("diffService: server-filled subtrees", () => {
  it("reports every field of a startup probe the catalog sets, even one only the server filled", () => {
    const desired = rendered({ startupProbe: { path: "/ready" } });
    const container = desired.template!.containers![0]!;
    const live = { ...desired, template: { ...desired.template, containers: [{ ...container, startupProbe: { ...container.startupProbe, tcpSocket: { port: 8080 } } }] } };
    expect(fieldsOf(diffService(live as never, desired))).toEqual(["template.containers[api].startupProbe.tcpSocket.port"]);
  });

  it("keeps ignoring a server-filled probe when the catalog sets another container field", () => {
    const desired = rendered({ env: { MODE: "a" } });
    const container = desired.template!.containers![0]!;
    const live = { ...desired, template: { ...desired.template, containers: [{ ...container, startupProbe: { tcpSocket: { port: 8080 } } }] } };
    expect(diffService(live as never, desired)).toEqual([]);
  });
});
