/**
 * `status --all-envs` (commands/services.ts readDrift, services/drift.ts over services/status.ts):
 * per service, the revision and digest each environment serves, read through the real clients from
 * the Cloud Run fake (one fake, three projects), with DRIFT where the environments running a
 * service differ. Read-only: no mutating call.
 */
import { describe, expect, it } from "vitest";
import { catalogEnvironments } from "../../ci/src/catalog/lookup.js";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import { readDrift } from "../../ci/src/commands/services.js";
import { type DriftReport, environmentRow, formatDriftReport, serviceDrift } from "../../ci/src/services/drift.js";
import { layoutFiles, LAYOUTS } from "../support/catalog-layouts.js";
import { useFakeCloud } from "./support/harness.js";
import { testCall } from "../support/suggested-call.js";

const cloud = useFakeCloud({ readinessDelayMs: 5 });
const catalog = parseCatalog(layoutFiles(LAYOUTS.bundled), LAYOUTS.bundled.dir);
const envs = catalogEnvironments(catalog);
const hex = (n: number) => String(n).repeat(64);
const image = (name: string, n: number) => `europe-west1-docker.pkg.dev/dataface-staging/dataface/${name}@sha256:${hex(n)}`;
const PROJECTS: Record<string, string> = { dev: "dataface-dev", staging: "dataface-staging", prod: "dataface-prod" };

function seed(env: string, id: string, n: number, extra: Partial<Parameters<typeof cloud.fake.seedService>[0]> = {}) {
  cloud.fake.seedService({ project: PROJECTS[env], region: "europe-west1", id, revisions: [{ name: `${id}-${env}${n}`, image: image(id, n) }], ...extra });
}

/** What status --all-envs reads (commands/services.ts readDrift): every environment through the real gateway. */
const readAll = (): Promise<DriftReport> => readDrift(catalog.services, envs.map((env) => ({ env, cloudRun: cloud.gateway })));

describe("status --all-envs", () => {
  it("shows the digest each environment serves and marks DRIFT where they differ", async () => {
    for (const env of ["dev", "staging", "prod"]) seed(env, "alie", 1);
    seed("dev", "cloud", 3);
    seed("staging", "cloud", 3);
    seed("prod", "cloud", 2);
    cloud.fake.seedService({
      project: "dataface-dev",
      region: "europe-west1",
      id: "playground",
      revisions: [{ name: "playground-a", image: image("playground", 4) }, { name: "playground-b", image: image("playground", 5) }],
      traffic: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "playground-a", percent: 80 }, { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "playground-b", percent: 20 }],
    });
    seed("prod", "playground", 4);

    cloud.fake.clearRecords();
    const report = await readAll();

    expect(cloud.fake.mutatingCalls()).toEqual([]);
    expect(report.drift).toBe(true);
    expect(report.services.map((s) => [s.service, s.drift])).toEqual([["alie", false], ["cloud", true], ["playground", true]]);
    expect(report.services[1]!.rows.map((r) => [r.environment, r.revision, r.digest])).toEqual([
      ["dev", "cloud-dev3", `sha256:${hex(3)}`],
      ["staging", "cloud-staging3", `sha256:${hex(3)}`],
      ["prod", "cloud-prod2", `sha256:${hex(2)}`],
    ]);
    const short = (n: number) => `sha256:${hex(n).slice(0, 12)}`;
    expect(formatDriftReport(report, testCall).split("\n")).toEqual([
      "status across dev, staging, prod: DRIFT",
      "",
      "service     env      revision          digest",
      `alie        dev      alie-dev1         ${short(1)}`,
      `alie        staging  alie-staging1     ${short(1)}`,
      `alie        prod     alie-prod1        ${short(1)}`,
      `cloud       dev      cloud-dev3        ${short(3)}                        DRIFT`,
      `cloud       staging  cloud-staging3    ${short(3)}                        DRIFT`,
      `cloud       prod     cloud-prod2       ${short(2)}                        DRIFT`,
      "playground  dev      -                 split: playground-a 80%, playground-b 20%  DRIFT",
      "playground  staging  -                 (not deployed)",
      `playground  prod     playground-prod4  ${short(4)}                        DRIFT`,
      "",
      `DRIFT cloud: ${short(3)} in dev, staging; ${short(2)} in prod. \`dagger call promote --from=ENV --to=ENV --service=cloud --credentials=env://GCP_CREDENTIALS\` ships one environment's digest to another.`,
      `DRIFT playground: a split in dev; ${short(4)} in prod. \`dagger call promote --from=ENV --to=ENV --service=playground --credentials=env://GCP_CREDENTIALS\` ships one environment's digest to another.`,
    ]);
  });

  it("is no drift when every environment that runs the service runs the same digest, the others not deployed", async () => {
    seed("staging", "alie", 1);
    seed("prod", "alie", 1);
    const report = await readAll();
    expect(report.services[0]).toMatchObject({ service: "alie", drift: false });
    expect(report.services[0]!.rows.map((r) => r.state)).toEqual(["not deployed", "serving", "serving"]);
    expect(formatDriftReport(report, testCall).split("\n")[0]).toBe("status across dev, staging, prod: every environment that runs a service runs the same digest");
  });
});

describe("a row", () => {
  it("says an environment could not be read, and does not count it as drift", () => {
    const rows = [environmentRow("dev", new Error("PERMISSION_DENIED: run.services.get\nmore")), environmentRow("prod", { kind: "status", service: "alie", cloudRunName: "alie", exists: false, urls: [], revisions: [] })];
    expect(rows).toEqual([
      { environment: "dev", state: "unreadable", detail: "PERMISSION_DENIED: run.services.get" },
      { environment: "prod", cloudRunName: "alie", state: "not deployed" },
    ]);
    expect(serviceDrift("alie", rows).drift).toBe(false);
  });

  it("compares images not pinned by digest by their names", () => {
    const serving = (env: string, img: string) => environmentRow(env, { kind: "status", service: "alie", cloudRunName: "alie", exists: true, urls: [], revisions: [], serving: { revision: `alie-${env}`, image: img } });
    expect(serviceDrift("alie", [serving("dev", "alie:latest"), serving("prod", "alie:latest")]).drift).toBe(false);
    expect(serviceDrift("alie", [serving("dev", "alie:latest"), serving("prod", "alie:v1")]).drift).toBe(true);
  });
});
