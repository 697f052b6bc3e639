// Caller authentication as Google APIs do it: every call carries `authorization: Bearer <token>`
// with a valid OAuth 2 access token, or it is refused with UNAUTHENTICATED ("Request not
// authenticated due to missing, invalid, or expired OAuth token.",
// https://cloud.google.com/apis/design/errors#handling_errors). The messages are the ones Google
// APIs answer. Off by default: over the fakes' default insecure channel gRPC sends no call
// credentials at all, so only TLS mode (or an explicit `authorization` call header) carries a token.
import { status } from "@grpc/grpc-js";
import type { CallOutcome } from "./serve.js";

export interface AuthOptions {
  /** Refuse calls without a bearer token, or with one `acceptAccessToken` rejects (UNAUTHENTICATED). Default false. */
  requireAuth?: boolean;
  /** Which bearer tokens are valid (default: `looksLikeAccessToken`). Only used with `requireAuth`. */
  acceptAccessToken?: (token: string) => boolean;
}

const SEE = "Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.";

export const MISSING_CREDENTIALS_MESSAGE = `Request is missing required authentication credential. ${SEE}`;
export const INVALID_CREDENTIALS_MESSAGE = `Request had invalid authentication credentials. ${SEE}`;

/** Google OAuth 2 access tokens start with "ya29." followed by an opaque URL-safe string. */
export function looksLikeAccessToken(token: string): boolean {
  return /^ya29\.[A-Za-z0-9._~+/-]+=*$/.test(token);
}

/** The check `bindService` runs on each call's `authorization` header, or undefined when auth is off. */
export function bearerAuth(options: AuthOptions): ((authorization: string | undefined) => CallOutcome | undefined) | undefined {
  if (!options.requireAuth) return undefined;
  const accept = options.acceptAccessToken ?? looksLikeAccessToken;
  return (authorization) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    if (!authorization) return { code: status.UNAUTHENTICATED, message: MISSING_CREDENTIALS_MESSAGE };
    if (!m || !accept(m[1]!)) return { code: status.UNAUTHENTICATED, message: INVALID_CREDENTIALS_MESSAGE };
    return undefined;
  };
}
