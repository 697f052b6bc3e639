// Public entry point of the Google REST fake (tests import only from here). See README.md.
export { startFakeGoogleRest, MISSING_CREDENTIALS, INVALID_CREDENTIALS } from "./server.js";
export type { FakeGoogleRest, FakeGoogleRestOptions, RestRequest, RestApiName } from "./server.js";
export { FakeGoogleState } from "./state.js";
export type { VersionState } from "./state.js";
export { KNOWN_PERMISSIONS } from "./iam.js";
export type { Binding } from "./iam.js";
export { RestFaultPlan } from "./faults.js";

import type { GoogleAuthority } from "../google-auth/authority.js";

/** Callers identified by the Google auth fakes' tokens: service accounts as serviceAccount:EMAIL, federated principals as they are. */
export const identifyWith = (authority: GoogleAuthority) => (token: string): string | undefined => {
  const issued = authority.lookup(token) ?? authority.lookupSelfSignedJwt(token);
  if (!issued) return undefined;
  return issued.kind === "service_account" ? `serviceAccount:${issued.principal}` : issued.principal;
};
