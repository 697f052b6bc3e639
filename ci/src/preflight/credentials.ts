/**
 * The credentials themselves, before anything depends on them: an access token can be minted
 * through the same path every client uses (for Workload Identity Federation: the subject token,
 * the STS exchange and the service-account impersonation; a failure names the step that failed),
 * and, when a service is private, an ID token can be minted for its health check.
 */
import type { CloudAuth } from "../gcp/credentials-auth.js";
import { fail, ok, type PreflightCheck, warn } from "./result.js";

export type PreflightAuth = Pick<CloudAuth, "description" | "kind" | "accessToken" | "idToken" | "idTokenUnavailable" | "serviceAccount">;

/** Any audience will do to prove an ID token can be minted; the health checks use the service URL. */
export const PREFLIGHT_AUDIENCE = "https://preflight.cloud-run-pipeline.example";

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function credentialsFix(auth: PreflightAuth, error: string): string {
  if (auth.kind === "external_account" && /impersonating|minting an ID token/.test(error) && auth.serviceAccount) {
    return `gcloud iam service-accounts add-iam-policy-binding ${auth.serviceAccount} --role=roles/iam.workloadIdentityUser --member="principalSet://iam.googleapis.com/projects/POOL_PROJECT_NUMBER/locations/global/workloadIdentityPools/POOL/attribute.repository/OWNER/REPO"  (and: gcloud services enable iamcredentials.googleapis.com)`;
  }
  if (auth.kind === "access_token") return "mint a fresh token: gcloud auth print-access-token (valid for at most 1 hour)";
  return "fix the credentials as the message says, then run preflight again";
}

export function credentialsCheck(auth: PreflightAuth): PreflightCheck {
  return {
    check: "credentials",
    target: auth.kind,
    run: async () => {
      try {
        await auth.accessToken();
      } catch (err) {
        return fail(message(err), credentialsFix(auth, message(err)));
      }
      if (auth.kind === "access_token") {
        return warn(`${auth.description}: it is not verified here and cannot be refreshed, so a release that outlives it fails`, "use a service-account key or Workload Identity Federation (google-github-actions/auth) for releases");
      }
      return ok(`${auth.description}: an access token was minted${auth.kind === "external_account" ? " (subject token, STS exchange" + (auth.serviceAccount ? ", impersonation)" : ")") : ""}`);
    },
  };
}

export function idTokenCheck(auth: PreflightAuth, privateServices: readonly string[]): PreflightCheck {
  const which = `private service${privateServices.length > 1 ? "s" : ""} ${privateServices.join(", ")}`;
  return {
    check: "id-tokens",
    target: which,
    run: async () => {
      const fix = "use a service-account key, or Workload Identity Federation with service-account impersonation (google-github-actions/auth with `service_account:`)";
      if (auth.idTokenUnavailable) return fail(`the health checks of ${which} need ID tokens: ${auth.idTokenUnavailable.message}`, fix);
      try {
        await auth.idToken(PREFLIGHT_AUDIENCE);
      } catch (err) {
        return fail(`the health checks of ${which} need ID tokens: ${message(err)}`, credentialsFix(auth, message(err)));
      }
      return ok(`an ID token was minted (the health checks of ${which} need them)`);
    },
  };
}
