/**
 * The gcloud commands of the live run (test/live/src/gcloud.ts): everything setup creates has a
 * delete in cleanup, every command is explicit about its project and never prompts, and the
 * leftover report names each leftover with the command that deletes it.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanupCommands, leftoverQueries, leftoverReport, setupCommands, shellLine } from "../live/src/gcloud.js";
import { liveCatalog } from "../live/src/overlay.js";
import { REPO_ROOT } from "../module/harness.js";

function examplePlan() {
  const dir = join(REPO_ROOT, "pipelines");
  const files: Record<string, string> = { "project.yaml": readFileSync(join(dir, "project.yaml"), "utf8") };
  for (const folder of ["services", "jobs", "sites"]) for (const n of readdirSync(join(dir, folder))) files[`${folder}/${n}`] = readFileSync(join(dir, folder, n), "utf8");
  return liveCatalog(files, { project: "scratch-e2e-1234", region: "europe-west1", runId: "4711" }).plan;
}

const plan = examplePlan();

describe("the live run's gcloud commands", () => {
  it("name the project and never prompt, every one of them", () => {
    for (const c of [...setupCommands(plan), ...cleanupCommands(plan), ...leftoverQueries(plan).map((q) => q.command)]) {
      expect({ c: shellLine(c), project: c.includes(`--project=${plan.project}`), quiet: c.includes("--quiet") }).toEqual({ c: shellLine(c), project: true, quiet: true });
    }
  });

  it("delete everything setup creates and everything the release creates", () => {
    const cleanup = cleanupCommands(plan).map(shellLine).join("\n");
    const created = [
      plan.repository, `${plan.serviceAccount}@${plan.project}.iam.gserviceaccount.com`, ...plan.secrets, ...plan.sites.map((s) => `gs://${s.bucket}`),
      ...[...plan.services, ...plan.jobs].flatMap((t) => Object.values(t.cloudRunNames)), ...plan.schedules.flatMap((s) => Object.values(s.ids)),
    ];
    expect(created.length).toBe(1 + 1 + 1 + 3 + 6 + 2);
    for (const name of created) expect(cleanup).toMatch(new RegExp(` ${name.replace(/[.@]/g, "\\$&")}( |$)`, "m"));
  });

  it("delete the Scheduler jobs before the jobs they call, and services before the account they run as", () => {
    const lines = cleanupCommands(plan).map(shellLine);
    const first = (re: RegExp) => lines.findIndex((l) => re.test(l));
    expect(first(/scheduler jobs delete/)).toBeLessThan(first(/run jobs delete/));
    expect(first(/run services delete/)).toBeLessThan(first(/service-accounts delete/));
    expect(first(/secrets delete/)).toBeLessThan(first(/service-accounts delete/));
  });

  it("grant the runtime account each secret it reads, and read secret values from stdin, never the command line", () => {
    const setup = setupCommands(plan).map(shellLine);
    for (const secret of plan.secrets) {
      expect(setup).toContain(`gcloud secrets create ${secret} --replication-policy=automatic --data-file=- --project=${plan.project} --quiet`);
      expect(setup).toContain(`gcloud secrets add-iam-policy-binding ${secret} --member=serviceAccount:${plan.serviceAccount}@${plan.project}.iam.gserviceaccount.com --role=roles/secretmanager.secretAccessor --project=${plan.project} --quiet`);
    }
  });

  it("report nothing left when every query prints nothing", () => {
    expect(leftoverReport(plan, leftoverQueries(plan).map((q) => ({ kind: q.kind, names: [""] })))).toBe("cleanup: nothing left in scratch-e2e-1234 for run 4711");
  });

  it("report each leftover with the command that deletes it", () => {
    const report = leftoverReport(plan, [
      { kind: "Cloud Run service", names: ["playground-e2e4711b", ""] },
      { kind: "bucket", names: ["scratch-e2e-1234-e2e4711-docs"] },
      { kind: "Artifact Registry repository", names: ["projects/scratch-e2e-1234/locations/europe-west1/repositories/e2e-4711"] },
    ]);
    expect(report.split("\n")).toEqual([
      "cleanup: LEFT 3 resource(s) in scratch-e2e-1234 for run 4711; delete them by hand:",
      "  - Cloud Run service playground-e2e4711b: gcloud run services delete playground-e2e4711b --region=europe-west1 --project=scratch-e2e-1234 --quiet",
      "  - bucket scratch-e2e-1234-e2e4711-docs: gcloud storage rm --recursive gs://scratch-e2e-1234-e2e4711-docs --project=scratch-e2e-1234 --quiet",
      "  - Artifact Registry repository projects/scratch-e2e-1234/locations/europe-west1/repositories/e2e-4711: gcloud artifacts repositories delete e2e-4711 --location=europe-west1 --project=scratch-e2e-1234 --quiet",
    ]);
  });

  it("quote what a shell would split", () => {
    expect(shellLine(["gcloud", "x", "--description=live e2e 1", "it's"])).toBe(`gcloud x '--description=live e2e 1' 'it'\\''s'`);
  });
});
