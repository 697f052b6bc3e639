import { describe, expect, it } from "vitest";
import { formatReleaseAll, releaseAll, type ReleaseAllPlan } from "../../ci/src/commands/release-all.js";
import { jobReport, schedulesReport, serviceReport, siteReport } from "./support.js";

/** Counts tasks in flight per group; each task yields to the event loop once while "working". */
class Recorder {
  readonly events: string[] = [];
  private inFlight = new Map<string, number>();
  readonly maxInFlight = new Map<string, number>();

  async task<T>(group: string, name: string, work: () => T): Promise<T> {
    this.events.push(`start ${group} ${name}`);
    const now = (this.inFlight.get(group) ?? 0) + 1;
    this.inFlight.set(group, now);
    this.maxInFlight.set(group, Math.max(this.maxInFlight.get(group) ?? 0, now));
    try {
      await new Promise((done) => setImmediate(done));
      await new Promise((done) => setImmediate(done));
      return work();
    } finally {
      this.inFlight.set(group, this.inFlight.get(group)! - 1);
      this.events.push(`end ${group} ${name}`);
    }
  }
}

const SERVICES = ["alie", "cloud", "playground", "api", "web", "admin", "auth"];
const JOBS = ["ingestion", "reindex", "cleanup", "export", "backfill"];
const SITES = ["docs", "asql-docs", "tasks", "blog", "handbook"];

function plan(recorder: Recorder, failing: { service?: string; job?: string; site?: string; schedules?: boolean } = {}, concurrency = 2): ReleaseAllPlan {
  return {
    environment: "staging",
    concurrency,
    services: SERVICES,
    jobs: JOBS,
    sites: SITES,
    releaseService: (name) =>
      recorder.task("service", name, () => {
        if (name === failing.service) throw new Error(`deploy of ${name} stopped before anything was pushed: the pre-release checks failed.`);
        return serviceReport(name);
      }),
    releaseJob: (name) =>
      recorder.task("job", name, () => {
        if (name === failing.job) throw new Error(`publishing ${name} failed: denied: Permission "artifactregistry.repositories.uploadArtifacts" denied`);
        return jobReport(name);
      }),
    releaseSite: (name) =>
      recorder.task("site", name, () => {
        if (name === failing.site) throw new Error(`Cloud Storage bucket "dataface-${name}-staging" does not exist.`);
        return siteReport(`dataface-${name}-staging`);
      }),
    releaseSchedules: () =>
      recorder.task("schedules", "all", () => {
        if (failing.schedules) throw new Error("service alie has schedules but is not deployed in staging");
        return schedulesReport();
      }),
  };
}

describe("releaseAll", () => {
  it("releases every service, job and site, then the schedules, and is ok when all succeed", async () => {
    const recorder = new Recorder();
    const report = await releaseAll(plan(recorder));
    expect(report.ok).toBe(true);
    expect(report.services.services.map((s) => s.service)).toEqual(SERVICES);
    expect(report.jobs.map((j) => j.job)).toEqual(JOBS);
    expect(report.sites.map((s) => s.site)).toEqual(SITES);
    expect(report.schedules?.ok).toBe(true);
    expect(report.errors).toEqual([]);
    expect(report.environment).toBe("staging");
  });

  it("keeps releasing the rest when one service, one job, one site and the schedules fail", async () => {
    const recorder = new Recorder();
    const report = await releaseAll(plan(recorder, { service: "cloud", job: "reindex", site: "tasks", schedules: true }));
    for (const name of SERVICES) expect(recorder.events).toContain(`end service ${name}`);
    for (const name of JOBS) expect(recorder.events).toContain(`end job ${name}`);
    for (const name of SITES) expect(recorder.events).toContain(`end site ${name}`);
    expect(report.services.services.map((s) => s.service)).toEqual(SERVICES.filter((s) => s !== "cloud"));
    expect(report.jobs.map((j) => j.job)).toEqual(JOBS.filter((j) => j !== "reindex"));
    expect(report.sites.map((s) => s.site)).toEqual(SITES.filter((s) => s !== "tasks"));
  });

  it("is not ok and lists each failure with its target and error", async () => {
    const report = await releaseAll(plan(new Recorder(), { service: "cloud", job: "reindex", site: "tasks", schedules: true }));
    expect(report.ok).toBe(false);
    expect(report.services.ok).toBe(false);
    expect(report.services.errors).toEqual([{ service: "cloud", error: expect.stringContaining("pre-release checks failed") }]);
    expect(report.errors).toEqual([
      { target: "job reindex", error: expect.stringContaining("uploadArtifacts") },
      { target: "site tasks", error: expect.stringContaining("does not exist") },
      { target: "schedules", error: expect.stringContaining("not deployed in staging") },
    ]);
  });

  it("is not ok when only a service failed", async () => {
    const report = await releaseAll(plan(new Recorder(), { service: "web" }));
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([]);
  });

  it("is not ok when a job reports a failed release without throwing", async () => {
    const p = plan(new Recorder());
    p.releaseJob = async (name) => jobReport(name, name === "export" ? "failed" : "deployed");
    const report = await releaseAll(p);
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([]);
  });

  it("is not ok when a service was rolled back", async () => {
    const p = plan(new Recorder());
    p.releaseService = async (name) => serviceReport(name, name === "api" ? "rolled-back" : "deployed");
    const report = await releaseAll(p);
    expect(report.ok).toBe(false);
  });

  it("is not ok when the schedules report a failed schedule", async () => {
    const p = plan(new Recorder());
    p.releaseSchedules = async () => schedulesReport(false);
    const report = await releaseAll(p);
    expect(report.ok).toBe(false);
  });

  it("reports a release that throws before returning a promise like one that rejects", async () => {
    const p = plan(new Recorder());
    p.releaseSite = (name) => {
      if (name === "blog") throw new Error("site blog: no bucket for staging");
      return Promise.resolve(siteReport(`dataface-${name}-staging`));
    };
    p.releaseSchedules = () => {
      throw new Error("scheduler unavailable");
    };
    const report = await releaseAll(p);
    expect(report.sites.map((s) => s.site)).toEqual(SITES.filter((s) => s !== "blog"));
    expect(report.errors).toEqual([
      { target: "site blog", error: "site blog: no bucket for staging" },
      { target: "schedules", error: "scheduler unavailable" },
    ]);
    expect(report.ok).toBe(false);
  });

  it("runs at most `concurrency` releases of each group at once, and uses the whole limit", async () => {
    for (const concurrency of [1, 2, 3]) {
      const recorder = new Recorder();
      await releaseAll(plan(recorder, {}, concurrency));
      expect(Object.fromEntries(recorder.maxInFlight)).toEqual({ service: concurrency, job: concurrency, site: concurrency, schedules: 1 });
    }
  });

  it("runs the groups side by side, not one after the other", async () => {
    const recorder = new Recorder();
    await releaseAll(plan(recorder, {}, 2));
    const firstEnd = recorder.events.findIndex((e) => e.startsWith("end "));
    const startedBeforeAnyEnd = recorder.events.slice(0, firstEnd);
    expect(startedBeforeAnyEnd).toEqual(expect.arrayContaining(["start service alie", "start job ingestion", "start site docs"]));
  });

  it("syncs the schedules only after every service, job and site release finished", async () => {
    const recorder = new Recorder();
    await releaseAll(plan(recorder, { service: "alie", job: "ingestion", site: "docs" }));
    const schedules = recorder.events.indexOf("start schedules all");
    const lastOther = Math.max(...recorder.events.map((e, i) => (e.startsWith("end ") && !e.startsWith("end schedules") ? i : -1)));
    expect(schedules).toBeGreaterThan(lastOther);
    expect(recorder.events.filter((e) => e.startsWith("start schedules"))).toHaveLength(1);
  });
});

describe("formatReleaseAll", () => {
  it("names the environment, the outcome and every group", async () => {
    const text = formatReleaseAll(await releaseAll(plan(new Recorder())));
    expect(text).toMatch(/^deploy-all \(staging\): OK in /);
    for (const section of ["== services", "== jobs", "== sites", "== schedules"]) expect(text).toContain(section);
    for (const name of [...SERVICES, ...JOBS, ...SITES]) expect(text).toContain(name);
    expect(text).toContain("ingestion-nightly");
  });

  it("lists the releases that failed before a report, with their errors", async () => {
    const text = formatReleaseAll(await releaseAll(plan(new Recorder(), { service: "cloud", job: "reindex", site: "tasks", schedules: true })));
    expect(text).toMatch(/^deploy-all \(staging\): FAILED in /);
    expect(text).toContain("cloud: FAILED before release");
    expect(text).toContain("== failed before a report");
    expect(text).toContain("job reindex: publishing reindex failed");
    expect(text).toContain('site tasks: Cloud Storage bucket "dataface-tasks-staging" does not exist.');
    expect(text).toContain("schedules: service alie has schedules but is not deployed in staging");
  });
});
