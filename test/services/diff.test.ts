/**
 * Field-level differences between the live and the rendered service.
 */
import { describe, expect, it } from "vitest";
import { diffService } from "../../ci/src/services/diff.js";
import { renderService } from "../../ci/src/services/render.js";
import { digestRef, FAKE_ENV, serviceSpec } from "./support/specs.js";

const rendered = (run: Record<string, unknown> = {}, build = 1, commit = "abc1234") => renderService(serviceSpec("api", run), FAKE_ENV, digestRef("api", build), commit).resource;

describe("diffService", () => {
  it("reports nothing for the same configuration", () => {
    expect(diffService(rendered(), rendered())).toEqual([]);
  });

  it("names each changed field with its live and desired value", () => {
    const changes = diffService(rendered({ memory: "512Mi", env: { MODE: "a" } }), rendered({ memory: "1Gi", env: { MODE: "b" } }));
    expect(changes).toEqual(
      expect.arrayContaining([
        { field: "template.containers[api].resources.limits.memory", live: "512Mi", desired: "1Gi" },
        { field: "template.containers[api].env[MODE].value", live: "a", desired: "b" },
      ]),
    );
  });

  it("ignores the commit label", () => {
    expect(diffService(rendered({}, 1, "aaa1111"), rendered({}, 1, "bbb2222"))).toEqual([]);
  });

  it("reports the image when it changes", () => {
    expect(diffService(rendered({}, 1), rendered({}, 2)).map((c) => c.field)).toEqual(["template.containers[api].image"]);
  });

  it("treats API defaults (0, false, *_UNSPECIFIED) as unset", () => {
    const live = { ...rendered(), template: { ...rendered().template, executionEnvironment: "EXECUTION_ENVIRONMENT_UNSPECIFIED", maxInstanceRequestConcurrency: 80 } } as never;
    expect(diffService(live, rendered())).toEqual([]);
  });

  it("does not report what Cloud Run fills in for settings the catalog leaves out", () => {
    const desired = rendered();
    const container = desired.template!.containers![0]!;
    expect(container.startupProbe).toBeUndefined();
    const live = {
      ...desired,
      template: {
        ...desired.template,
        serviceAccount: "123456789-compute@developer.gserviceaccount.com",
        executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2",
        containers: [{ ...container, startupProbe: { timeoutSeconds: 240, periodSeconds: 240, failureThreshold: 1, tcpSocket: { port: 8080 } }, resources: { ...container.resources, startupCpuBoost: true } }],
      },
    };
    expect(diffService(live as never, desired)).toEqual([]);
  });

  it("still reports a server-filled setting once the catalog sets it", () => {
    const desired = rendered({ serviceAccount: "api-runtime", startupProbe: { path: "/ready" } });
    const live = { ...rendered(), template: { ...rendered().template, serviceAccount: "123456789-compute@developer.gserviceaccount.com" } };
    const fields = diffService(live as never, desired).map((c) => c.field);
    expect(fields).toContain("template.serviceAccount");
    expect(fields).toContain("template.containers[api].startupProbe.httpGet.path");
  });

  it("still reports a managed setting that was removed from the catalog", () => {
    const changes = diffService(rendered({ env: { MODE: "a" } }), rendered());
    expect(changes).toEqual([{ field: "template.containers[api].env[MODE].value", live: "a", desired: undefined }]);
  });

  it("lists every field of a service that does not exist yet", () => {
    expect(diffService(undefined, rendered()).every((c) => c.live === undefined)).toBe(true);
  });
});
