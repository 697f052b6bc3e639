/**
 * The throwaway catalog of a live end-to-end run: the example's catalog rewritten for a scratch
 * Google Cloud project. Pure (files in, files out, no Dagger, no Google), so the development
 * machines test it against the pipeline's own catalog parser (test/live-tests).
 *
 * What changes, and why:
 * - project.yaml: the scratch project and region, an Artifact Registry repository of this run,
 *   and exactly two environments, `e2e-a` and `e2e-b` (release, then promote a -> b), each with a
 *   nameSuffix carrying the run id, so two runs in one project never touch each other.
 * - every service and job: the run's own runtime service account, secrets of this run, and no
 *   `environments:` overrides (the example's point at the dataface projects).
 * - schedules: the run's service account calls the job.
 * - sites: one bucket of this run per site (the environments' nameSuffix gives each its prefix).
 * - services left out (`exclude`): the example's `cloud` needs a Cloud SQL instance, which takes
 *   about ten minutes to create and is billed by the hour.
 */
import { parse, stringify } from "yaml";

export interface LiveOptions {
  /** The scratch project (repository variable GCP_SCRATCH_PROJECT). */
  project: string;
  region: string;
  /** Short, unique per run: lowercase letters and digits, 1-8 characters (e.g. the run number). */
  runId: string;
  /** Catalog services not released (default: ["cloud"]). */
  exclude?: string[];
}

export interface LiveTarget {
  name: string;
  /** The Cloud Run id in each environment. */
  cloudRunNames: Record<string, string>;
}

export interface LiveService extends LiveTarget {
  /** Its catalog file, relative to the catalog folder. */
  file: string;
  public: boolean;
  healthPath: string;
}

export interface LiveSite {
  name: string;
  bucket: string;
  /** The object prefix in each environment. */
  prefixes: Record<string, string>;
}

/** Everything a run creates: what it checks, and what cleanup deletes. */
export interface LivePlan {
  project: string;
  region: string;
  runId: string;
  environments: [string, string];
  /** Artifact Registry repository id. */
  repository: string;
  /** Runtime and Scheduler service account id (the email is ID@PROJECT.iam.gserviceaccount.com). */
  serviceAccount: string;
  /** Secret Manager secret ids, created with a throwaway value. */
  secrets: string[];
  services: LiveService[];
  jobs: LiveTarget[];
  /** Cloud Scheduler job ids in each environment. */
  schedules: Array<{ name: string; ids: Record<string, string> }>;
  sites: LiveSite[];
}

export const LIVE_ENVIRONMENTS: [string, string] = ["e2e-a", "e2e-b"];

type Doc = Record<string, unknown>;
const isDoc = (v: unknown): v is Doc => typeof v === "object" && v !== null && !Array.isArray(v);

function check(options: LiveOptions): void {
  if (!/^[a-z0-9]{1,8}$/.test(options.runId)) {
    throw new Error(`--run-id must be 1-8 lowercase letters or digits (it goes into every name of the run), got "${options.runId}"`);
  }
  if (!/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(options.project)) throw new Error(`--project must be a Google Cloud project id, got "${options.project}"`);
  if (!/^[a-z]+-[a-z]+\d$/.test(options.region)) throw new Error(`--region must be a Cloud Run region such as europe-west1, got "${options.region}"`);
}

const suffixOf = (runId: string, env: string): string => `-e2e${runId}${env.slice(-1)}`;

/** The catalog files (path -> text, paths relative to the catalog folder) rewritten for the run, and what the run creates. */
export function liveCatalog(files: Record<string, string>, options: LiveOptions): { files: Record<string, string>; plan: LivePlan } {
  check(options);
  const { project, region, runId } = options;
  const exclude = new Set(options.exclude ?? ["cloud"]);
  const serviceAccount = `e2e-${runId}-runtime`;
  const saEmail = `${serviceAccount}@${project}.iam.gserviceaccount.com`;
  const plan: LivePlan = {
    project, region, runId, environments: LIVE_ENVIRONMENTS, repository: `e2e-${runId}`, serviceAccount,
    secrets: [], services: [], jobs: [], schedules: [], sites: [],
  };
  const names = (base: string): Record<string, string> => Object.fromEntries(LIVE_ENVIRONMENTS.map((env) => [env, `${base}${suffixOf(runId, env)}`]));
  const out: Record<string, string> = {};

  const projectPath = Object.keys(files).find((p) => /^project\.ya?ml$/.test(p));
  if (!projectPath) throw new Error("the catalog has no project.yaml");
  const projectDoc = parse(files[projectPath]!) as Doc;
  const deploy = isDoc(projectDoc["deploy"]) ? projectDoc["deploy"] : {};
  out[projectPath] = stringify({
    kind: "project", project, region,
    artifactRegistry: { repository: plan.repository },
    environments: Object.fromEntries(LIVE_ENVIRONMENTS.map((env) => [env, { project, nameSuffix: suffixOf(runId, env) }])),
    defaultEnvironment: LIVE_ENVIRONMENTS[0],
    ...(projectDoc["scan"] !== undefined ? { scan: projectDoc["scan"] } : {}),
    deploy,
  });

  for (const [path, text] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    if (path === projectPath) continue;
    const doc = parse(text) as Doc;
    if (!isDoc(doc) || typeof doc["name"] !== "string") throw new Error(`${path}: not a catalog document with a name`);
    const name = doc["name"];
    if (doc["kind"] === "service" && exclude.has(name)) continue;
    if (doc["kind"] === "service" || doc["kind"] === "job") {
      doc["environments"] = {};
      const run = isDoc(doc["run"]) ? doc["run"] : {};
      doc["run"] = run;
      run["serviceAccount"] = saEmail;
      if (isDoc(run["secrets"])) {
        for (const [envName, ref] of Object.entries(run["secrets"])) {
          const id = `e2e-${runId}-${name}-${envName.toLowerCase().replace(/_/g, "-")}`;
          run["secrets"][envName] = { ...(isDoc(ref) ? ref : {}), secret: id, version: "latest" };
          plan.secrets.push(id);
        }
      }
      const base = typeof doc["cloudRunName"] === "string" ? doc["cloudRunName"] : name;
      if (doc["kind"] === "service") {
        plan.services.push({ name, file: path, cloudRunNames: names(base), public: run["public"] === true, healthPath: typeof run["healthPath"] === "string" ? run["healthPath"] : "/" });
      } else {
        plan.jobs.push({ name, cloudRunNames: names(base) });
      }
      if (Array.isArray(doc["schedules"])) {
        for (const schedule of doc["schedules"]) {
          if (!isDoc(schedule) || typeof schedule["name"] !== "string") continue;
          schedule["serviceAccount"] = saEmail;
          plan.schedules.push({ name: schedule["name"], ids: names(schedule["name"]) });
        }
      }
    } else if (doc["kind"] === "site") {
      const bucket = `${project}-e2e${runId}-${name}`.slice(0, 63).replace(/-+$/, "");
      doc["bucket"] = bucket;
      doc["environments"] = {};
      const prefix = typeof doc["prefix"] === "string" ? doc["prefix"] : "";
      plan.sites.push({ name, bucket, prefixes: Object.fromEntries(LIVE_ENVIRONMENTS.map((env) => [env, `${prefix}${suffixOf(runId, env).slice(1)}/`])) });
    }
    out[path] = stringify(doc);
  }
  return { files: out, plan };
}

/**
 * A service's catalog file with the environment variable E2E_RELEASE=N added to its run.env: a
 * second release whose configuration differs, so it makes a new revision even when the image
 * digest is the same (a deploy of an unchanged service changes nothing).
 */
export function markRelease(text: string, release: number): string {
  const doc = parse(text) as Doc;
  const run = isDoc(doc["run"]) ? doc["run"] : {};
  doc["run"] = run;
  run["env"] = { ...(isDoc(run["env"]) ? run["env"] : {}), E2E_RELEASE: String(release) };
  return stringify(doc);
}
