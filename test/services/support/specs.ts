/**
 * Service specs for release tests: the real catalog in pipelines/, and small specs parsed through
 * the catalog schema (so defaults are the ones the pipeline really applies).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ResolvedEnvironment } from "../../../ci/src/catalog/lookup.js";
import { type Catalog, parseCatalog } from "../../../ci/src/catalog/parse.js";
import { ServiceDoc, type ServiceSpec } from "../../../ci/src/catalog/schema.js";
import type { DeployServiceOptions } from "../../../ci/src/services/deploy-service.js";
import { type RenderedService, renderService } from "../../../ci/src/services/render.js";
import { PROJECT, REGION } from "./fake-cloud.js";
import { testCall } from "../../support/suggested-call.js";

const repoRoot = resolve(import.meta.dirname, "..", "..", "..");

export function realCatalog(): Catalog {
  const files = readdirSync(join(repoRoot, "pipelines"), { recursive: true, encoding: "utf8" })
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => {
      const path = `pipelines/${name.split("\\").join("/")}`;
      return { path, text: readFileSync(join(repoRoot, path), "utf8") };
    });
  return parseCatalog(files);
}

export function realService(name: string): ServiceSpec {
  const spec = realCatalog().services.find((s) => s.name === name);
  if (!spec) throw new Error(`no service ${name} in pipelines/`);
  return spec;
}

/** The environment the fake serves (its default project and region). */
export const FAKE_ENV: ResolvedEnvironment = { name: "dev", project: PROJECT, region: REGION, nameSuffix: "" };

/** A minimal service document parsed through the schema; `run` fields override the defaults. */
export function serviceSpec(name: string, run: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): ServiceSpec {
  return ServiceDoc.parse({
    kind: "service",
    name,
    build: { context: `services/${name}` },
    run: { public: true, ...run },
    ...extra,
  });
}

/** A digest reference; `n` picks a distinct digest (a different build). */
export function digestRef(name: string, n = 1): string {
  return `${REGION}-docker.pkg.dev/${PROJECT}/dataface/${name}@sha256:${n.toString(16).padStart(64, "0")}`;
}

export function render(spec: ServiceSpec, build = 1, commit = "abc1234"): RenderedService {
  return renderService(spec, FAKE_ENV, digestRef(spec.name, build), commit);
}

/** Deploy options with short timeouts for tests. */
export function deployOptions(overrides: Partial<DeployServiceOptions> = {}): DeployServiceOptions {
  return {
    strategy: "blue-green",
    environment: FAKE_ENV.name,
    project: PROJECT,
    region: REGION,
    commit: "abc1234",
    healthTimeoutMs: 3000,
    probeIntervalMs: 50,
    idToken: async (audience) => `id-token-for-${new URL(audience).host}`,
    call: testCall,
    ...overrides,
  };
}
