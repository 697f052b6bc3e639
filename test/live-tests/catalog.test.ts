/**
 * The live end-to-end run's catalog (test/live/src/overlay.ts), read by the pipeline's own catalog
 * parser: the rewritten example must be a valid catalog, point only at the scratch project, and
 * name every resource exactly as the pipeline will create it (catalog/naming.ts), since cleanup
 * deletes by those names. Checked on the example and on fixture repositories of other layouts.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import { resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import { cloudRunNameOf, schedulerJobNameOf, siteTargetOf } from "../../ci/src/catalog/naming.js";
import { LIVE_ENVIRONMENTS, liveCatalog, markRelease } from "../live/src/overlay.js";
import { REPO_ROOT } from "../module/harness.js";

const OPTIONS = { project: "scratch-e2e-1234", region: "europe-west1", runId: "4711" };

/** The catalog files of a folder, by path relative to it, as the live module reads them (project.yaml and services|jobs|sites/*.yaml). */
function catalogFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = { "project.yaml": readFileSync(join(dir, "project.yaml"), "utf8") };
  for (const folder of ["services", "jobs", "sites"]) {
    let names: string[] = [];
    try {
      names = readdirSync(join(dir, folder));
    } catch {
      continue;
    }
    for (const name of names.filter((n) => n.endsWith(".yaml"))) files[`${folder}/${name}`] = readFileSync(join(dir, folder, name), "utf8");
  }
  return files;
}

const parsed = (files: Record<string, string>, dir: string) => parseCatalog(Object.entries(files).map(([path, text]) => ({ path: `${dir}/${path}`, text })), dir);

const LAYOUTS = [
  { name: "the bundled example", dir: "pipelines", root: REPO_ROOT },
  { name: "uv-workspace (a service with a database and a site)", dir: "pipelines", root: join(REPO_ROOT, "test/fixtures/repos/uv-workspace") },
  { name: "dlt-pipelines (a job with a schedule)", dir: "pipelines", root: join(REPO_ROOT, "test/fixtures/repos/dlt-pipelines") },
  { name: "pdm-service (catalog in deploy/catalog)", dir: "deploy/catalog", root: join(REPO_ROOT, "test/fixtures/repos/pdm-service") },
];

describe("the live run's catalog", () => {
  for (const layout of LAYOUTS) {
    describe(layout.name, () => {
      const original = catalogFiles(join(layout.root, layout.dir));
      const { files, plan } = liveCatalog(original, OPTIONS);
      const catalog = parsed(files, layout.dir);
      const before = parsed(original, layout.dir);

      it("is a valid catalog with exactly the two throwaway environments, in the scratch project", () => {
        expect(Object.keys(catalog.project.environments)).toEqual([...LIVE_ENVIRONMENTS]);
        for (const env of LIVE_ENVIRONMENTS) expect(resolveEnvironment(catalog, env)).toMatchObject({ project: OPTIONS.project, region: OPTIONS.region });
        expect(catalog.project.artifactRegistry.repository).toBe(plan.repository);
      });

      it("releases every target of the original catalog but cloud, and points at no other project", () => {
        expect(catalog.services.map((s) => s.name)).toEqual(before.services.map((s) => s.name).filter((n) => n !== "cloud"));
        expect(catalog.jobs.map((j) => j.name)).toEqual(before.jobs.map((j) => j.name));
        expect(catalog.sites.map((s) => s.name)).toEqual(before.sites.map((s) => s.name));
        const originalProjects = new Set([before.project.project, ...Object.values(before.project.environments).map((e) => e.project)]);
        for (const text of Object.values(files)) for (const p of originalProjects) if (p !== OPTIONS.project) expect(text).not.toContain(p);
      });

      it("names every Cloud Run service and job, schedule and site prefix as the pipeline will create them", () => {
        for (const envName of LIVE_ENVIRONMENTS) {
          const env = resolveEnvironment(catalog, envName);
          for (const s of catalog.services) expect(plan.services.find((p) => p.name === s.name)?.cloudRunNames[envName]).toBe(cloudRunNameOf(s, env));
          for (const j of catalog.jobs) expect(plan.jobs.find((p) => p.name === j.name)?.cloudRunNames[envName]).toBe(cloudRunNameOf(j, env));
          const schedules = [...catalog.services, ...catalog.jobs].flatMap((t) => t.schedules);
          expect(plan.schedules.map((s) => s.ids[envName])).toEqual(schedules.map((s) => schedulerJobNameOf(s, env)));
          for (const site of catalog.sites) {
            const p = plan.sites.find((x) => x.name === site.name);
            expect({ bucket: p?.bucket, prefix: p?.prefixes[envName] }).toEqual(siteTargetOf(site, env));
          }
        }
      });

      it("runs everything as the run's own account, with the run's own secrets", () => {
        const email = `${plan.serviceAccount}@${OPTIONS.project}.iam.gserviceaccount.com`;
        const targets = [...catalog.services, ...catalog.jobs];
        for (const t of targets) expect(t.run.serviceAccount).toBe(email);
        for (const s of targets.flatMap((t) => t.schedules)) expect(s.serviceAccount).toBe(email);
        const referenced = targets.flatMap((t) => Object.values((t.run as { secrets?: Record<string, { secret: string }> }).secrets ?? {}).map((r) => r.secret));
        expect([...referenced].sort()).toEqual([...plan.secrets].sort());
        for (const id of plan.secrets) expect(id).toMatch(/^e2e-4711-[a-z0-9-]+$/);
      });

      it("keeps the original's health paths and visibility, which the run checks", () => {
        for (const s of catalog.services) {
          const p = plan.services.find((x) => x.name === s.name)!;
          expect({ public: p.public, healthPath: p.healthPath }).toEqual({ public: s.run.public ?? false, healthPath: s.run.healthPath ?? "/" });
        }
      });
    });
  }

  it("marks a second release of a service with E2E_RELEASE, keeping the rest of its file and a valid catalog", () => {
    const { files, plan } = liveCatalog(catalogFiles(join(REPO_ROOT, "pipelines")), OPTIONS);
    const playground = plan.services.find((s) => s.name === "playground")!;
    expect(playground.file).toBe("services/playground.yaml");
    const first = parsed(files, "pipelines").services.find((s) => s.name === "playground")!;
    const second = parsed({ ...files, [playground.file]: markRelease(files[playground.file]!, 2) }, "pipelines").services.find((s) => s.name === "playground")!;
    expect(second.run.env).toEqual({ ...first.run.env, E2E_RELEASE: "2" });
    expect({ ...second, run: { ...second.run, env: first.run.env } }).toEqual(first);
  });

  it("two runs in one project share no name", () => {
    const files = catalogFiles(join(REPO_ROOT, "pipelines"));
    const names = (runId: string) => {
      const { plan } = liveCatalog(files, { ...OPTIONS, runId });
      return new Set([
        plan.repository, plan.serviceAccount, ...plan.secrets, ...plan.sites.map((s) => s.bucket),
        ...[...plan.services, ...plan.jobs].flatMap((t) => Object.values(t.cloudRunNames)), ...plan.schedules.flatMap((s) => Object.values(s.ids)),
      ]);
    };
    const a = names("41");
    expect([...names("42")].filter((n) => a.has(n))).toEqual([]);
  });

  it("refuses a run id, project or region that would make invalid names, saying what is allowed", () => {
    const files = catalogFiles(join(REPO_ROOT, "pipelines"));
    expect(() => liveCatalog(files, { ...OPTIONS, runId: "Run_42" })).toThrow('--run-id must be 1-8 lowercase letters or digits (it goes into every name of the run), got "Run_42"');
    expect(() => liveCatalog(files, { ...OPTIONS, runId: "123456789" })).toThrow("--run-id must be 1-8");
    expect(() => liveCatalog(files, { ...OPTIONS, project: "Scratch" })).toThrow('--project must be a Google Cloud project id, got "Scratch"');
    expect(() => liveCatalog(files, { ...OPTIONS, region: "europe" })).toThrow('--region must be a Cloud Run region such as europe-west1, got "europe"');
  });
});
