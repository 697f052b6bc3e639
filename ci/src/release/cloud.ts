/**
 * Opens Google Cloud for one environment from the credentials Secret: auth clients and the
 * Cloud Run gateway. Secret values stay inside; errors say what to fix.
 */
import type { Secret } from "@dagger.io/dagger";
import type { ResolvedEnvironment } from "../catalog/lookup.js";
import { createGoogleAuth, type CloudAuth } from "../gcp/credentials-auth.js";
import { parseCredentials } from "../gcp/credentials.js";
import { GoogleCloudRunGateway } from "../gcp/cloud-run.js";

export interface GoogleCloud {
  auth: CloudAuth;
  cloudRun: GoogleCloudRunGateway;
  close(): Promise<void>;
}

export async function openGoogleCloud(credentials: Secret, env: ResolvedEnvironment): Promise<GoogleCloud> {
  const auth = createGoogleAuth(parseCredentials(await credentials.plaintext()), { projectId: env.project });
  const cloudRun = new GoogleCloudRunGateway({ authClient: auth.authClient as never, projectId: env.project });
  return { auth, cloudRun, close: () => cloudRun.close() };
}
