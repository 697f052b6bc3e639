/**
 * The gcloud commands of a live run, as argument lists (pure, tested in test/live-tests): what the
 * run creates before the release (the repository, buckets, runtime account, secrets), what it
 * deletes afterwards, and how it lists what is left. Every command names the project explicitly
 * and asks no questions (--quiet), so nothing depends on a gcloud configuration.
 */
import type { LivePlan } from "./overlay.js";

export type Command = string[];

/** The APIs a release of the example uses (enabling an enabled API is a no-op). */
export const LIVE_APIS = [
  "run.googleapis.com",
  "artifactregistry.googleapis.com",
  "cloudscheduler.googleapis.com",
  "secretmanager.googleapis.com",
  "iam.googleapis.com",
  "storage.googleapis.com",
];

const email = (plan: LivePlan): string => `${plan.serviceAccount}@${plan.project}.iam.gserviceaccount.com`;
const at = (plan: LivePlan): string[] => [`--project=${plan.project}`, "--quiet"];

/** Creates what the catalog of the run refers to. Each command is safe to repeat after a failure (a rerun of setup). */
export function setupCommands(plan: LivePlan): Command[] {
  const sa = email(plan);
  return [
    ["gcloud", "services", "enable", ...LIVE_APIS, ...at(plan)],
    ["gcloud", "artifacts", "repositories", "create", plan.repository, "--repository-format=docker", `--location=${plan.region}`, `--description=cloud-run-pipeline live e2e ${plan.runId}`, ...at(plan)],
    ["gcloud", "iam", "service-accounts", "create", plan.serviceAccount, `--display-name=cloud-run-pipeline live e2e ${plan.runId}`, ...at(plan)],
    ...plan.sites.map((site) => ["gcloud", "storage", "buckets", "create", `gs://${site.bucket}`, `--location=${plan.region}`, "--uniform-bucket-level-access", ...at(plan)]),
    ...plan.secrets.flatMap((secret) => [
      // The value is read from stdin (--data-file=-): a throwaway string, never a real secret.
      ["gcloud", "secrets", "create", secret, "--replication-policy=automatic", "--data-file=-", ...at(plan)],
      ["gcloud", "secrets", "add-iam-policy-binding", secret, `--member=serviceAccount:${sa}`, "--role=roles/secretmanager.secretAccessor", ...at(plan)],
    ]),
  ];
}

/**
 * Deletes everything the run created, in an order that never leaves a dangling reference: the
 * Scheduler jobs that call the jobs, then services and jobs, then what they used.
 */
export function cleanupCommands(plan: LivePlan): Command[] {
  const region = `--region=${plan.region}`;
  return [
    ...plan.schedules.flatMap((s) => Object.values(s.ids).map((id) => ["gcloud", "scheduler", "jobs", "delete", id, `--location=${plan.region}`, ...at(plan)])),
    ...plan.services.flatMap((s) => Object.values(s.cloudRunNames).map((name) => ["gcloud", "run", "services", "delete", name, region, ...at(plan)])),
    ...plan.jobs.flatMap((j) => Object.values(j.cloudRunNames).map((name) => ["gcloud", "run", "jobs", "delete", name, region, ...at(plan)])),
    ...plan.sites.map((site) => ["gcloud", "storage", "rm", "--recursive", `gs://${site.bucket}`, ...at(plan)]),
    ...plan.secrets.map((secret) => ["gcloud", "secrets", "delete", secret, ...at(plan)]),
    ["gcloud", "artifacts", "repositories", "delete", plan.repository, `--location=${plan.region}`, ...at(plan)],
    ["gcloud", "iam", "service-accounts", "delete", email(plan), ...at(plan)],
  ];
}

/** One kind of resource the run may leave behind: the command listing them (names only, one per line). */
export interface LeftoverQuery {
  kind: string;
  command: Command;
}

/** Lists what carries the run's id, after cleanup: anything printed is a leftover. */
export function leftoverQueries(plan: LivePlan): LeftoverQuery[] {
  const id = `e2e${plan.runId}`;
  const names = ["--format=value(name)", ...at(plan)];
  return [
    { kind: "Cloud Run service", command: ["gcloud", "run", "services", "list", `--region=${plan.region}`, `--filter=metadata.name~${id}`, "--format=value(metadata.name)", ...at(plan)] },
    { kind: "Cloud Run job", command: ["gcloud", "run", "jobs", "list", `--region=${plan.region}`, `--filter=metadata.name~${id}`, "--format=value(metadata.name)", ...at(plan)] },
    { kind: "Cloud Scheduler job", command: ["gcloud", "scheduler", "jobs", "list", `--location=${plan.region}`, `--filter=name~${id}`, ...names] },
    { kind: "bucket", command: ["gcloud", "storage", "buckets", "list", `--filter=name~${id}`, ...names] },
    { kind: "secret", command: ["gcloud", "secrets", "list", `--filter=name~e2e-${plan.runId}-`, ...names] },
    { kind: "Artifact Registry repository", command: ["gcloud", "artifacts", "repositories", "list", `--location=${plan.region}`, `--filter=name~/repositories/${plan.repository}$`, ...names] },
    { kind: "service account", command: ["gcloud", "iam", "service-accounts", "list", `--filter=email~^${plan.serviceAccount}@`, "--format=value(email)", ...at(plan)] },
  ];
}

/** A command as a person pastes it into a shell (each argument single-quoted when it needs it). */
export function shellLine(command: Command): string {
  return command.map((a) => (/^[A-Za-z0-9_./:=@,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");
}

/**
 * What the run left, from the leftover queries' output: one line per resource with the command
 * that deletes it (from cleanupCommands), or "nothing left".
 */
export function leftoverReport(plan: LivePlan, found: Array<{ kind: string; names: string[] }>): string {
  const rows = found.flatMap((f) => f.names.filter((n) => n.trim() !== "").map((n) => ({ kind: f.kind, name: n.trim() })));
  if (!rows.length) return `cleanup: nothing left in ${plan.project} for run ${plan.runId}`;
  const cleanup = cleanupCommands(plan);
  const lines = rows.map(({ kind, name }) => {
    const short = name.split("/").pop() ?? name;
    const del = cleanup.find((c) => c.some((a) => a === short || a === name || a === `gs://${short}`));
    return `  - ${kind} ${name}${del ? `: ${shellLine(del)}` : ""}`;
  });
  return [`cleanup: LEFT ${rows.length} resource(s) in ${plan.project} for run ${plan.runId}; delete them by hand:`, ...lines].join("\n");
}
