/** Errors for a wrong credentials value, worded so they never quote the value itself. */

/** A user mistake in the credentials value. Its message never contains any part of the value. */
export class CredentialsError extends Error {
  override readonly name = "CredentialsError";
}

/** The sentence every credentials error ends with. */
export const CREDENTIALS_HELP =
  "Pass --credentials=env://GCP_CREDENTIALS (or file://PATH) holding a service-account key JSON, " +
  "a Workload Identity Federation credential file from google-github-actions/auth, " +
  "or an access token from `gcloud auth print-access-token` (e.g. --credentials=cmd://\"gcloud auth print-access-token\").";

export function credentialsError(received: string, problem: string): CredentialsError {
  return new CredentialsError(`The credentials secret is ${received}: ${problem}. ${CREDENTIALS_HELP}`);
}
