/**
 * Google's Security Token Service (sts.googleapis.com/v1/token) for one workload identity pool
 * provider: RFC 8693 token exchange of an OIDC subject token for a federated access token.
 * Validates the form body like the real service and answers RFC 6749 error JSON otherwise.
 */
import type { KeyObject } from "node:crypto";
import type { GoogleAuthority } from "./authority.js";
import { decodeJwt, verifyRs256 } from "./jwt.js";
import { sendJson, sendOAuthError, startLocalServer, type LocalServer } from "./http.js";

export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
const SUBJECT_TOKEN_TYPES = new Set([
  "urn:ietf:params:oauth:token-type:jwt",
  "urn:ietf:params:oauth:token-type:id_token",
  "urn:ietf:params:aws:token-type:aws4_request",
  "urn:ietf:params:oauth:token-type:saml2",
]);
const KNOWN_SCOPES = new Set(["https://www.googleapis.com/auth/cloud-platform", "https://www.googleapis.com/auth/iam"]);

export interface WorkloadIdentityProvider {
  projectNumber: string;
  pool: string;
  provider: string;
  /** The OIDC issuer the provider trusts and its signing key. */
  issuer: string;
  issuerKey: KeyObject;
  /** Optional CEL-like condition on the subject token claims. */
  attributeCondition?: (claims: Record<string, unknown>) => boolean;
}

export interface StsServer extends LocalServer {
  /** `//iam.googleapis.com/projects/NUM/locations/global/workloadIdentityPools/POOL/providers/PROV` */
  audience: string;
  /** The default allowed `aud` of subject tokens: the audience with an https: scheme. */
  subjectAudience: string;
  /** principalSet prefix of all identities in the pool. */
  poolPrincipalPrefix: string;
  /** Decoded form bodies of every request, for assertions. */
  requests: Record<string, string>[];
}

export async function startStsServer(authority: GoogleAuthority, wip: WorkloadIdentityProvider, lifetimeSeconds = 3600): Promise<StsServer> {
  const poolName = `projects/${wip.projectNumber}/locations/global/workloadIdentityPools/${wip.pool}`;
  const audience = `//iam.googleapis.com/${poolName}/providers/${wip.provider}`;
  const subjectAudience = `https:${audience}`;
  const requests: Record<string, string>[] = [];

  const server = await startLocalServer((req, body, res) => {
    if (req.method !== "POST" || new URL(req.url ?? "/", "http://x").pathname !== "/v1/token") {
      sendJson(res, 404, { error: { code: 404, message: "Not Found", status: "NOT_FOUND" } });
      return;
    }
    if (!String(req.headers["content-type"]).startsWith("application/x-www-form-urlencoded")) {
      sendOAuthError(res, 400, "invalid_request", "Invalid Content-Type. Only application/x-www-form-urlencoded is supported.");
      return;
    }
    const form = Object.fromEntries(new URLSearchParams(body));
    requests.push(form);
    const missing = ["grant_type", "audience", "subject_token", "subject_token_type", "requested_token_type", "scope"]
      .find((p) => !form[p]);
    if (missing) return sendOAuthError(res, 400, "invalid_request", `Missing required parameter: ${missing}.`);
    if (form["grant_type"] !== TOKEN_EXCHANGE_GRANT) {
      return sendOAuthError(res, 400, "unsupported_grant_type", "The grant_type is not supported. Only urn:ietf:params:oauth:grant-type:token-exchange is.");
    }
    if (form["requested_token_type"] !== ACCESS_TOKEN_TYPE) {
      return sendOAuthError(res, 400, "invalid_request", "Invalid value for \"requested_token_type\".");
    }
    if (!SUBJECT_TOKEN_TYPES.has(form["subject_token_type"]!)) {
      return sendOAuthError(res, 400, "invalid_request", "Invalid value for \"subject_token_type\".");
    }
    const scopes = form["scope"]!.split(" ");
    if (!scopes.every((s) => KNOWN_SCOPES.has(s))) {
      return sendOAuthError(res, 400, "invalid_scope", "The scope is invalid or not supported.");
    }
    if (form["audience"] !== audience) {
      return sendOAuthError(res, 400, "invalid_target",
        "The target service indicated by the \"audience\" parameters is invalid. This might either be because the pool or provider is disabled or deleted or because it doesn't exist.");
    }
    const jwt = decodeJwt(form["subject_token"]!);
    if (!jwt || !verifyRs256(jwt, wip.issuerKey)) {
      return sendOAuthError(res, 400, "invalid_grant", "Invalid JWT signature or format.");
    }
    const claims = jwt.payload;
    if (claims["iss"] !== wip.issuer) {
      return sendOAuthError(res, 400, "invalid_grant", "The issuer in ID Token does not match the expected ones.");
    }
    const aud = Array.isArray(claims["aud"]) ? claims["aud"] : [claims["aud"]];
    if (!aud.includes(subjectAudience)) {
      return sendOAuthError(res, 400, "invalid_grant", "The audience in ID Token does not match the expected audience.");
    }
    if (typeof claims["exp"] !== "number" || claims["exp"] * 1000 <= Date.now()) {
      return sendOAuthError(res, 400, "invalid_grant", "ID Token has expired.");
    }
    if (wip.attributeCondition && !wip.attributeCondition(claims)) {
      return sendOAuthError(res, 400, "unauthorized_client", "The given credential is rejected by the attribute condition.");
    }
    const principal = `principal://iam.googleapis.com/${poolName}/subject/${String(claims["sub"])}`;
    const token = authority.issueAccessToken(principal, "federated", scopes, lifetimeSeconds);
    sendJson(res, 200, { access_token: token, issued_token_type: ACCESS_TOKEN_TYPE, token_type: "Bearer", expires_in: lifetimeSeconds });
  });
  return { ...server, audience, subjectAudience, poolPrincipalPrefix: `principal://iam.googleapis.com/${poolName}/`, requests };
}
