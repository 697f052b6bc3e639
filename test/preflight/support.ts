/**
 * Preflight against the Google REST fake: a deployer whose token the fake knows, the pipeline's
 * real GoogleRestClient pointed at the fake's roots, and the dataface project set up the way the
 * real catalog (pipelines/) needs it in one environment.
 */
import { OAuth2Client } from "google-auth-library";
import { GoogleRestClient, type GoogleRestOptions } from "../../ci/src/gcp/google-rest.js";
import type { PreflightAuth } from "../../ci/src/preflight/credentials.js";
import { checkContext, type CheckContext } from "../../ci/src/preflight/reads.js";
import { monitoringAgent } from "../../ci/src/preflight/uptime-invoker.js";
import { type FakeGoogleRest, type FakeGoogleRestOptions, type FakeGoogleState, startFakeGoogleRest } from "../fakes/google-rest/index.js";

export const DEPLOYER_EMAIL = "deployer@dataface-ci.iam.gserviceaccount.com";
export const DEPLOYER = `serviceAccount:${DEPLOYER_EMAIL}`;
export const TOKEN = "ya29.preflight-deployer";

/** A service-account key's auth as preflight sees it, with a fixed token (no network). */
export function fixedAuth(overrides: Partial<PreflightAuth> = {}): PreflightAuth & { authClient: OAuth2Client } {
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: TOKEN, expiry_date: Date.now() + 3_600_000 });
  return {
    description: `service-account key for ${DEPLOYER_EMAIL}`,
    kind: "service_account",
    serviceAccount: DEPLOYER_EMAIL,
    authClient,
    accessToken: async () => TOKEN,
    idToken: async () => "eyJ.id.token",
    idTokenUnavailable: undefined,
    ...overrides,
  };
}

export interface World {
  fake: FakeGoogleRest;
  auth: ReturnType<typeof fixedAuth>;
  apis: GoogleRestClient;
  ctx: CheckContext;
  close(): Promise<void>;
}

/** Fast retries for tests (transient answers are retried by the client). */
export const FAST: GoogleRestOptions = { retry: { baseDelayMs: 1, maxDelayMs: 2, attempts: 3 }, timeoutMs: 2000 };

export async function startWorld(options: FakeGoogleRestOptions = {}, rest: GoogleRestOptions = FAST): Promise<World> {
  const fake = await startFakeGoogleRest(options);
  fake.addCaller(TOKEN, DEPLOYER);
  const auth = fixedAuth();
  const apis = new GoogleRestClient(auth, { ...rest, roots: fake.roots });
  return { fake, auth, apis, ctx: checkContext(apis, DEPLOYER), close: () => fake.close() };
}

/**
 * What the deployer holds on the project to release AND to run every preflight read; push, bucket
 * and act-as rights are granted on each resource instead (seedDataface), as least privilege does.
 */
export const DEPLOYER_ROLES = [
  "roles/run.admin",
  "roles/cloudscheduler.admin",
  "roles/monitoring.editor",
  "roles/secretmanager.viewer",
  "roles/cloudsql.viewer",
  "roles/serviceusage.serviceUsageViewer",
  "roles/iam.securityReviewer",
] as const;

export const DATAFACE_APIS = ["run.googleapis.com", "artifactregistry.googleapis.com", "secretmanager.googleapis.com", "cloudscheduler.googleapis.com", "sqladmin.googleapis.com", "monitoring.googleapis.com", "iamcredentials.googleapis.com"];

export const projectOf = (env: string): string => `dataface-${env}`;
export const accountOf = (env: string, id: string): string => `${id}@${projectOf(env)}.iam.gserviceaccount.com`;
export const bucketOf = (env: string, site: string): string => `dataface-${site}${env === "prod" ? "" : `-${env}`}`;

/** Everything pipelines/ needs in `env` (dev, staging, prod), written out by hand from the catalog files. */
export function seedDataface(state: FakeGoogleState, env: "dev" | "staging" | "prod", deployer = DEPLOYER): void {
  const p = projectOf(env);
  state.enableServices(p, ...DATAFACE_APIS);
  for (const role of DEPLOYER_ROLES) state.grant(`projects/${p}`, role, deployer);
  state.grant(state.addRepository({ project: p, location: "europe-west1", id: "dataface" }), "roles/artifactregistry.writer", deployer);
  for (const site of ["asql-docs", "docs", "tasks"]) state.grant(state.addBucket({ name: bucketOf(env, site), project: p }), "roles/storage.admin", deployer);
  for (const id of ["alie-runtime", "cloud-runtime", "playground-runtime", "ingestion-runtime", "scheduler-invoker"]) state.grant(state.addServiceAccount(accountOf(env, id)), "roles/iam.serviceAccountUser", deployer);
  const secrets: Array<[string, string]> = [["openai-api-key", "alie-runtime"], ["cloud-secret-key", "cloud-runtime"], ["cloud-database-url", "cloud-runtime"]];
  for (const [secret, runtime] of secrets) {
    const name = state.addSecret({ project: p, id: secret, versions: ["DISABLED", "ENABLED"] });
    state.grant(name, "roles/secretmanager.secretAccessor", `serviceAccount:${accountOf(env, runtime)}`);
  }
  state.addSqlInstance({ project: p, region: "europe-west1", id: "dataface" });
  state.grant(`projects/${p}`, "roles/cloudsql.client", `serviceAccount:${accountOf(env, "cloud-runtime")}`);
  // The private services are deployed, and their uptime checks' caller (the Monitoring service agent) may invoke them.
  for (const id of ["alie", "cloud"]) state.grant(state.addRunService({ project: p, location: "europe-west1", id }), "roles/run.invoker", monitoringAgent(state.project(p).number));
}
