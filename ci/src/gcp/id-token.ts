/**
 * ID tokens for calling IAM-gated Cloud Run services (health checks of private services).
 *
 * - service-account key: google-auth-library's JWT client signs a JWT with `target_audience` and
 *   exchanges it at the OAuth token endpoint (credentials-auth.ts passes the JWT client directly).
 * - Workload Identity Federation with impersonation: IAM Credentials `generateIdToken` on the
 *   impersonated service account, authorised with the federated token (this file).
 * - Direct WIF and bare access tokens cannot mint ID tokens: IdTokenUnavailableError, known when
 *   the auth clients are built (CloudAuth.idTokenUnavailable), so a deploy that will need ID tokens
 *   can refuse before it changes anything.
 */
import type { AuthClient } from "google-auth-library";

/** What google-auth-library's IdTokenClient needs from a token source. */
export interface IdTokenProvider {
  fetchIdToken(targetAudience: string): Promise<string>;
}

/** The credentials in use cannot produce ID tokens; the message says what to use instead. */
export class IdTokenUnavailableError extends Error {
  override readonly name = "IdTokenUnavailableError";

  constructor(credentials: string, reason: string) {
    super(
      `Cannot mint an ID token to call a private Cloud Run service with ${credentials}: ${reason}. ` +
        "Use a Workload Identity Federation credential with service-account impersonation " +
        "(google-github-actions/auth with `service_account:`), or a service-account key; " +
        "or, if the service is meant to be public, allow unauthenticated calls " +
        "(`gcloud run services add-iam-policy-binding SERVICE --member=allUsers --role=roles/run.invoker`).",
    );
  }
}

interface GenerateIdTokenResponse {
  token?: string;
}

/** IAM Credentials generateIdToken for `email`, called with `caller`'s access token. */
export function impersonatedIdTokenProvider(
  caller: AuthClient,
  email: string,
  iamCredentialsOrigin: string,
): IdTokenProvider & { url: string } {
  const url = `${iamCredentialsOrigin.replace(/\/+$/, "")}/v1/projects/-/serviceAccounts/${email}:generateIdToken`;
  return {
    url,
    async fetchIdToken(targetAudience: string): Promise<string> {
      const res = await caller.request<GenerateIdTokenResponse>({
        url,
        method: "POST",
        data: { audience: targetAudience, includeEmail: true },
        responseType: "json",
      });
      const token = res.data.token;
      if (!token) throw new Error("IAM Credentials generateIdToken returned no token");
      return token;
    },
  };
}
