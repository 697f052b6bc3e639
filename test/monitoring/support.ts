/**
 * Shared helpers of the monitoring tests: catalogs built from YAML documents (through the real
 * parser, so they are valid catalogs), and the Cloud Monitoring fake with the pipeline's gateway
 * (the official clients) pointed at it.
 */
import { afterEach, beforeEach } from "vitest";
import { stringify } from "yaml";
import { resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import { type Catalog, parseCatalog } from "../../ci/src/catalog/parse.js";
import { GoogleMonitoringGateway } from "../../ci/src/gcp/monitoring.js";
import { renderMonitoring } from "../../ci/src/monitoring/render.js";
import { catalogMonitoring } from "../../ci/src/monitoring/settings.js";
import { syncMonitoring } from "../../ci/src/monitoring/sync.js";
import type { ClientOptions } from "../../ci/src/gcp/cloud-run.js";
import { startFakeMonitoring, type FakeMonitoring } from "../fakes/monitoring/index.js";

export const PROJECT = "test-project";

type Doc = Record<string, unknown>;

export function project(extra: Doc = {}): Doc {
  return {
    kind: "project", project: PROJECT, region: "europe-west1", artifactRegistry: { repository: "apps" },
    environments: { dev: { project: PROJECT, nameSuffix: "-dev" }, prod: { project: PROJECT } },
    defaultEnvironment: "dev",
    ...extra,
  };
}

export function service(name: string, extra: Doc = {}, run: Doc = {}): Doc {
  return { kind: "service", name, build: { context: `services/${name}` }, run: { public: false, ...run }, ...extra };
}

export function job(name: string, extra: Doc = {}): Doc {
  return { kind: "job", name, build: { context: `jobs/${name}` }, ...extra };
}

/** A catalog of the project document and the targets (files named after their kind and name). */
export function catalogOf(projectDoc: Doc, ...targets: Doc[]): Catalog {
  const files = [{ path: "pipelines/project.yaml", text: stringify(projectDoc) }];
  for (const t of targets) files.push({ path: `pipelines/${t.kind}s/${t.name}.yaml`, text: stringify(t) });
  return parseCatalog(files);
}

export function desiredOf(catalog: Catalog, envName: string) {
  const env = resolveEnvironment(catalog, envName);
  return renderMonitoring(env.name, catalogMonitoring(catalog, env));
}

export interface MonitoringHarness {
  fake: FakeMonitoring;
  gateway: GoogleMonitoringGateway;
  /** Runs the sync of `catalog` in `env` against the fake. */
  sync(catalog: Catalog, env: string, flags?: { prune?: boolean; dryRun?: boolean }): ReturnType<typeof syncMonitoring>;
}

const noWait = { sleep: async () => {}, baseDelayMs: 1 };

export function useMonitoring(): MonitoringHarness {
  const h = {} as MonitoringHarness;
  beforeEach(async () => {
    h.fake = await startFakeMonitoring();
    h.gateway = new GoogleMonitoringGateway(h.fake.clientOptions() as ClientOptions, noWait);
    h.sync = (catalog, env, flags = {}) =>
      syncMonitoring(h.gateway, { project: PROJECT, env, desired: desiredOf(catalog, env), prune: flags.prune ?? false, dryRun: flags.dryRun ?? false });
  });
  afterEach(async () => {
    await h.gateway.close();
    await h.fake.close();
  });
  return h;
}

/** Methods of the mutating calls the fake received, in order. */
export const mutations = (fake: FakeMonitoring): string[] => fake.mutatingCalls().map((c) => c.method);

export const actions = (report: { outcomes: Array<{ key: string; action: string; resource: string }> }): Record<string, string> =>
  Object.fromEntries(report.outcomes.map((o) => [`${o.resource} ${o.key}`, o.action]));
