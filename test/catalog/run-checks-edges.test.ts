/**
 * The checks of a target's `run` settings taken together (catalog/run-checks.ts) at their edges:
 * limits at their bounds, the pipeline's own labels counted once, sidecar variables, service-level
 * scaling, and where an environment's problem is shown (the field its override sets, via alsoAt).
 */
import { describe, expect, it } from "vitest";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import { runProblems } from "../../ci/src/catalog/run-checks.js";
import type { ServiceRunSettings } from "../../ci/src/catalog/schema.js";
import { type Doc, type DocKind, catalogErrorOf, catalogFiles, paths } from "./fixtures.js";

const IMAGE = `otel/opentelemetry-collector:0.111.0@sha256:${"a".repeat(64)}`;
const run = (d: Record<DocKind, Doc>, fields: Doc) => void Object.assign(d.service.run, fields);
const problemsOf = (edit: (d: Record<DocKind, Doc>) => void) => catalogErrorOf(catalogFiles(edit)).problems;
const parses = (edit: (d: Record<DocKind, Doc>) => void) => expect(() => parseCatalog(catalogFiles(edit))).not.toThrow();

/** The baseline service's run settings as parsed (every default filled in), with `fields` over them. */
const serviceRun = (fields: Partial<ServiceRunSettings>): ServiceRunSettings => ({ ...parseCatalog(catalogFiles()).services[0]!.run, ...fields });

describe("runProblems: limits at their bounds", () => {
  it("accepts minInstances equal to maxInstances", () => {
    parses((d) => run(d, { minInstances: 3, maxInstances: 3 }));
  });

  it("accepts a job running all its tasks at once (parallelism equal to tasks)", () => {
    parses((d) => void (d.job.run = { tasks: 4, parallelism: 4 }));
  });

  it("accepts service-level minInstances equal to maxInstances", () => {
    parses((d) => run(d, { serviceScaling: { minInstances: 2, maxInstances: 2 } }));
  });
});

describe("runProblems: labels", () => {
  it("counts a pipeline label key written by the user once: 62 own labels plus commit is only the commit problem", () => {
    const labels: Record<string, string> = Object.fromEntries(Array.from({ length: 62 }, (_, i) => [`team-${i}`, "x"]));
    expect(problemsOf((d) => run(d, { labels: { ...labels, commit: "abc" } }))).toEqual([
      { file: paths.service, field: "run.labels.commit", message: '"commit" is a label the pipeline sets itself (the deployed commit); choose another key' },
    ]);
  });
});

describe("runProblems: sidecar variables", () => {
  it("reports a sidecar variable set both in env and secrets at the sidecar's secret", () => {
    const sidecar = { name: "otel", image: IMAGE, env: { TOKEN: "x" }, secrets: { TOKEN: { secret: "otel-token" } } };
    expect(problemsOf((d) => run(d, { sidecars: [sidecar] }))).toEqual([
      {
        file: paths.service,
        field: "run.sidecars[0].secrets.TOKEN",
        message: "TOKEN is also set in run.env; Cloud Run gives a container one variable per name, so set it either as a plain value (env) or from Secret Manager (secrets), not both",
      },
    ]);
  });

  it("names the sidecar's own env field as the other field of that problem", () => {
    const base = parseCatalog(catalogFiles((d) => run(d, { sidecars: [{ name: "otel", image: IMAGE }] }))).services[0]!.run;
    const sidecars = [{ ...base.sidecars[0]!, env: { TOKEN: "x" }, secrets: { TOKEN: { secret: "otel-token", version: "latest" } } }];
    expect(runProblems({ kind: "service", run: { ...base, sidecars } })).toEqual([
      {
        field: "sidecars[0].secrets.TOKEN",
        alsoAt: ["sidecars[0].env.TOKEN"],
        message: "TOKEN is also set in run.env; Cloud Run gives a container one variable per name, so set it either as a plain value (env) or from Secret Manager (secrets), not both",
      },
    ]);
  });
});

describe("runProblems: service-level scaling", () => {
  it("refuses manual scaling with only a maximum", () => {
    expect(problemsOf((d) => run(d, { serviceScaling: { manualInstances: 2, maxInstances: 4 } }))).toEqual([
      {
        file: paths.service,
        field: "run.serviceScaling.manualInstances",
        message: "manual scaling runs exactly manualInstances instances; remove serviceScaling.minInstances/maxInstances, or remove manualInstances to scale automatically",
      },
    ]);
  });

  it("reports a minimum above the maximum at minInstances and at maxInstances", () => {
    expect(runProblems({ kind: "service", run: serviceRun({ serviceScaling: { minInstances: 5, maxInstances: 2 } }) })).toEqual([
      {
        field: "serviceScaling.minInstances",
        alsoAt: ["serviceScaling.maxInstances"],
        message: "5 is above serviceScaling.maxInstances (2); lower minInstances or raise maxInstances",
      },
    ]);
  });
});

describe("runProblems: an environment's problem is shown at the field it sets", () => {
  it("reports too many variables at the environment's secrets when only its secrets push the count over 1000", () => {
    const env = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`VAR_${i}`, "x"]));
    const secrets = Object.fromEntries(Array.from({ length: 401 }, (_, i) => [`SECRET_${i}`, { secret: "shared" }]));
    expect(
      problemsOf((d) => {
        run(d, { env });
        d.service.environments = { dev: { run: { secrets } } };
      }),
    ).toEqual([
      {
        file: paths.service,
        field: "environments.dev.run.secrets",
        message: "in dev: 1001 environment variables (env and secrets together); Cloud Run allows at most 1000 per container",
      },
    ]);
  });

  it("reports CPU always allocated at the environment's cpu when that environment goes below 1 vCPU", () => {
    expect(
      problemsOf((d) => {
        run(d, { cpuAlwaysAllocated: true, concurrency: 1 });
        d.service.environments = { dev: { run: { cpu: "0.5" } } };
      }),
    ).toEqual([
      {
        file: paths.service,
        field: "environments.dev.run.cpu",
        message: 'in dev: cpu 0.5 is below 1 vCPU, where Cloud Run requires request-based billing; set cpuAlwaysAllocated: false or cpu: "1"',
      },
    ]);
  });
});
