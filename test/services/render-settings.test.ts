/**
 * renderService's service-level settings, ports, CPU allocation and config hash: what a catalog
 * setting turns into in the Service sent to Cloud Run, and that a setting left out is left out
 * (kept as it is live). Written from Stryker's survivors in services/render.ts (issue 12).
 */
import { describe, expect, it } from "vitest";
import { renderService, serviceLevelFields } from "../../ci/src/services/render.js";
import { digestRef, FAKE_ENV, serviceSpec } from "./support/specs.js";

const IMAGE = digestRef("api");
const render = (run: Record<string, unknown> = {}, image = IMAGE) => renderService(serviceSpec("api", run), FAKE_ENV, image, "abc1234");
const fieldsOf = (run: Record<string, unknown>) => serviceLevelFields(serviceSpec("api", run).run);

describe("serviceLevelFields", () => {
  it("is empty when the catalog sets none of them, so live values are kept", () => {
    expect(fieldsOf({})).toEqual({});
    expect(Object.keys(render().resource)).not.toContain("scaling");
  });

  it("renders manual scaling with its instance count, and automatic scaling with its bounds", () => {
    expect(fieldsOf({ serviceScaling: { manualInstances: 3 } })).toEqual({ scaling: { scalingMode: "MANUAL", manualInstanceCount: 3 } });
    expect(fieldsOf({ serviceScaling: { manualInstances: 0 } })).toEqual({ scaling: { scalingMode: "MANUAL", manualInstanceCount: 0 } });
    expect(fieldsOf({ serviceScaling: { minInstances: 1, maxInstances: 5 } })).toEqual({ scaling: { scalingMode: "AUTOMATIC", minInstanceCount: 1, maxInstanceCount: 5 } });
  });

  it("sends iap as set, and the inverse of invokerIamCheck and defaultUrl (Cloud Run names them as disabling)", () => {
    expect(fieldsOf({ iap: true })).toEqual({ iapEnabled: true });
    expect(fieldsOf({ iap: false })).toEqual({ iapEnabled: false });
    expect(fieldsOf({ invokerIamCheck: false })).toEqual({ invokerIamDisabled: true });
    expect(fieldsOf({ invokerIamCheck: true })).toEqual({ invokerIamDisabled: false });
    expect(fieldsOf({ defaultUrl: false })).toEqual({ defaultUriDisabled: true });
    expect(fieldsOf({ defaultUrl: true })).toEqual({ defaultUriDisabled: false });
  });

  it("copies customAudiences, including an empty list (which clears them)", () => {
    const audiences = ["https://api.example.com"];
    const fields = fieldsOf({ customAudiences: audiences });
    expect(fields).toEqual({ customAudiences: ["https://api.example.com"] });
    expect(fieldsOf({ customAudiences: [] })).toEqual({ customAudiences: [] });
  });

  it("puts the service-level settings on the rendered resource", () => {
    expect(render({ iap: true, defaultUrl: false }).resource).toMatchObject({ iapEnabled: true, defaultUriDisabled: true });
  });
});

describe("renderService: container settings", () => {
  it("names the port http1, or h2c for end-to-end HTTP/2, on the catalog's port", () => {
    expect(render({ port: 9000 }).resource.template!.containers![0]!.ports).toEqual([{ name: "http1", containerPort: 9000 }]);
    expect(render({ http2: true, port: 9000 }).resource.template!.containers![0]!.ports).toEqual([{ name: "h2c", containerPort: 9000 }]);
  });

  it("lets the CPU idle between requests unless cpuAlwaysAllocated", () => {
    expect(render().resource.template!.containers![0]!.resources!.cpuIdle).toBe(true);
    expect(render({ cpuAlwaysAllocated: true }).resource.template!.containers![0]!.resources!.cpuIdle).toBe(false);
  });
});

describe("renderService: config hash", () => {
  it("does not change with the main image (a rebuild of the same config)", () => {
    expect(render({}, digestRef("api", 2)).configHash).toBe(render({}, digestRef("api", 1)).configHash);
  });

  it("changes with a sidecar's image", () => {
    const withSidecar = (image: string) => render({ sidecars: [{ name: "proxy", image }] }).configHash;
    expect(withSidecar(`nginx:1.27@sha256:${"1".repeat(64)}`)).not.toBe(withSidecar(`nginx:1.27@sha256:${"2".repeat(64)}`));
  });

  it("changes with a service-level setting", () => {
    expect(render({ iap: true }).configHash).not.toBe(render().configHash);
    expect(render({ iap: true }).configHash).not.toBe(render({ iap: false }).configHash);
  });

  it("is written on the template as its annotation", () => {
    const r = render();
    expect(Object.values(r.resource.template!.annotations ?? {})).toContain(r.configHash);
  });
});
