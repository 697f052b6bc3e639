/**
 * renderJob's config hash and rendered-fields annotation: the hash ignores the main image (a
 * rebuild) but not a sidecar's, and the annotation lists the optional fields the catalog set.
 * Written from Stryker's survivors in jobs/render.ts (issue 12).
 */
import { describe, expect, it } from "vitest";
import { RENDERED_FIELDS_ANNOTATION } from "../../ci/src/gcp/run-resource.js";
import { jobSpec, render } from "./support/specs.js";

const SIDECAR = (n: string) => ({ name: "proxy", image: `nginx:1.27@sha256:${n.repeat(64)}` });

describe("renderJob: config hash and rendered fields", () => {
  it("keeps the hash across a rebuild of the main image", () => {
    expect(render(jobSpec("etl"), 2).configHash).toBe(render(jobSpec("etl"), 1).configHash);
  });

  it("changes the hash with a sidecar's image", () => {
    expect(render(jobSpec("etl", { sidecars: [SIDECAR("1")] })).configHash).not.toBe(render(jobSpec("etl", { sidecars: [SIDECAR("2")] })).configHash);
  });

  it("lists a sidecar the catalog set in the rendered-fields annotation", () => {
    const plain = render(jobSpec("etl")).resource.annotations![RENDERED_FIELDS_ANNOTATION] ?? "";
    const more = render(jobSpec("etl", { sidecars: [SIDECAR("1")] })).resource.annotations![RENDERED_FIELDS_ANNOTATION] ?? "";
    expect(plain).not.toContain("containers[proxy]");
    expect(more.split(",")).toContain("template.template.containers[proxy]");
  });
});
