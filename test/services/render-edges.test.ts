/**
 * What renderService leaves out and what it records (issue 12, mutation testing): a catalog that
 * sets no service-level field sends none, not even as an empty key, and the optional fields it
 * does render are listed in the template's rendered-fields annotation next to the config hash.
 */
import { describe, expect, it } from "vitest";
import { RENDERED_FIELDS_ANNOTATION } from "../../ci/src/gcp/run-resource.js";
import { CONFIG_HASH_ANNOTATION } from "../../ci/src/gcp/run-template.js";
import { serviceLevelFields } from "../../ci/src/services/render.js";
import { render, serviceSpec } from "./support/specs.js";

describe("renderService: service-level fields and annotations", () => {
  it("sends no service-level key at all for a catalog that sets none (each keeps its live value)", () => {
    const plain = render(serviceSpec("api"));
    expect(Object.keys(plain.resource).sort()).toEqual(["ingress", "labels", "template"]);
    expect(Object.keys(serviceLevelFields(plain.run))).toEqual([]);
  });

  it("sends iapEnabled only when the catalog sets iap", () => {
    expect(Object.keys(render(serviceSpec("api", { iap: false })).resource)).toContain("iapEnabled");
    expect(render(serviceSpec("api", { iap: false })).resource.iapEnabled).toBe(false);
  });

  it("lists the optional fields it rendered in the rendered-fields annotation, next to the config hash", () => {
    const rendered = render(serviceSpec("api", { command: ["python", "-m", "app"] }));
    const annotations = rendered.resource.template!.annotations!;
    expect(annotations[CONFIG_HASH_ANNOTATION]).toBe(rendered.configHash);
    expect(annotations[RENDERED_FIELDS_ANNOTATION]!.split(",")).toContain("template.containers[api].command[0]");
  });
});
