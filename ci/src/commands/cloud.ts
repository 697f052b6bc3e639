/**
 * Opens Google Cloud for one environment from the credentials Secret: one auth client shared by
 * the Cloud Run (services, jobs), Cloud Scheduler and Cloud Storage clients and the REST calls of
 * preflight. Secret values stay
 * inside; errors say what to fix.
 */
import type { Secret } from "@dagger.io/dagger";
import { Storage } from "@google-cloud/storage";
import type { ResolvedEnvironment } from "../catalog/lookup.js";
import { GoogleJobsGateway } from "../gcp/cloud-run-jobs.js";
import { type ClientOptions, GoogleCloudRunGateway } from "../gcp/cloud-run.js";
import { type CloudAuth, createGoogleAuth } from "../gcp/credentials-auth.js";
import { type GoogleApis, GoogleRestClient } from "../gcp/google-rest.js";
import { parseCredentials } from "../gcp/credentials.js";
import { type CanaryMetrics, GoogleCanaryMetrics } from "../gcp/monitoring-metrics.js";
import { GoogleSchedulerGateway } from "../gcp/scheduler.js";

export interface GoogleCloud {
  auth: CloudAuth;
  cloudRun: GoogleCloudRunGateway;
  jobs: GoogleJobsGateway;
  scheduler: GoogleSchedulerGateway;
  storage: Storage;
  /** Read-only REST calls (Service Usage, Artifact Registry, IAM, Secret Manager, Cloud SQL Admin, Resource Manager, Storage) for preflight. */
  googleApis: GoogleApis;
  /** Cloud Run request metrics for deploy.canary (its Monitoring client loads on first use). */
  canaryMetrics: CanaryMetrics;
  close(): Promise<void>;
}

export async function openGoogleCloud(credentials: Secret, env: ResolvedEnvironment): Promise<GoogleCloud> {
  const auth = createGoogleAuth(parseCredentials(await credentials.plaintext()), { projectId: env.project });
  const options = { authClient: auth.authClient, projectId: env.project } as ClientOptions;
  const cloudRun = new GoogleCloudRunGateway(options);
  const jobs = new GoogleJobsGateway(options);
  const scheduler = new GoogleSchedulerGateway(options);
  const storage = new Storage({ authClient: auth.authClient as never, projectId: env.project });
  const canaryMetrics = new GoogleCanaryMetrics(options);
  return {
    auth,
    cloudRun,
    jobs,
    scheduler,
    storage,
    googleApis: new GoogleRestClient(auth),
    canaryMetrics,
    close: async () => {
      await Promise.all([cloudRun.close(), jobs.close(), scheduler.close(), canaryMetrics.close()]);
    },
  };
}
