/**
 * Google's OAuth 2.0 token endpoint (oauth2.googleapis.com/token) for service-account keys:
 * the JWT-bearer grant (RFC 7523). The assertion's RS256 signature is verified with the public key
 * of the registered key; a `scope` claim yields an access token, a `target_audience` claim a
 * Google-signed ID token (and nothing else), as the real endpoint does.
 */
import type { KeyObject } from "node:crypto";
import type { GoogleAuthority } from "./authority.js";
import { decodeJwt, verifyRs256 } from "./jwt.js";
import { sendJson, sendOAuthError, startLocalServer, type LocalServer } from "./http.js";

export const JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const AUDIENCES = new Set(["https://oauth2.googleapis.com/token", "https://www.googleapis.com/oauth2/v4/token"]);

export interface OAuthTokenServer extends LocalServer {
  tokenUri: string;
  /** Register a service account key: its email and public key. */
  addKey(email: string, publicKey: KeyObject): void;
  /** Lifetime of issued access tokens (a test knob for near-expiry tokens). */
  lifetimeSeconds: number;
  /** Decoded assertion claims of every accepted request. */
  assertions: Record<string, unknown>[];
}

export async function startOAuthTokenServer(authority: GoogleAuthority): Promise<OAuthTokenServer> {
  const keys = authority.serviceAccountKeys;
  const assertions: Record<string, unknown>[] = [];
  const state = { lifetimeSeconds: 3600 };
  const server = await startLocalServer((req, body, res) => {
    if (req.method !== "POST" || new URL(req.url ?? "/", "http://x").pathname !== "/token") {
      sendJson(res, 404, { error: "not_found" });
      return;
    }
    const form = new URLSearchParams(body);
    if (form.get("grant_type") !== JWT_BEARER_GRANT) {
      return sendOAuthError(res, 400, "unsupported_grant_type", "Invalid grant_type: " + (form.get("grant_type") ?? ""));
    }
    const assertion = form.get("assertion");
    const jwt = assertion ? decodeJwt(assertion) : undefined;
    if (!jwt) return sendOAuthError(res, 400, "invalid_request", "Missing or malformed assertion.");
    const claims = jwt.payload;
    const publicKey = keys.get(String(claims["iss"]));
    if (!publicKey) return sendOAuthError(res, 400, "invalid_grant", "Invalid grant: account not found");
    if (!verifyRs256(jwt, publicKey)) return sendOAuthError(res, 400, "invalid_grant", "Invalid JWT Signature.");
    const now = Date.now() / 1000;
    const iat = Number(claims["iat"]);
    const exp = Number(claims["exp"]);
    if (!(exp > now && iat <= now + 60 && exp - iat <= 3600)) {
      return sendOAuthError(res, 400, "invalid_grant",
        "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.");
    }
    if (!AUDIENCES.has(String(claims["aud"]))) {
      return sendOAuthError(res, 400, "invalid_grant", "Invalid JWT: the aud claim must be https://oauth2.googleapis.com/token.");
    }
    assertions.push(claims);
    const email = String(claims["iss"]);
    if (typeof claims["target_audience"] === "string") {
      return sendJson(res, 200, { id_token: authority.issueIdToken(email, claims["target_audience"], true) });
    }
    if (typeof claims["scope"] !== "string" || claims["scope"] === "") {
      return sendOAuthError(res, 400, "invalid_scope", "Invalid OAuth scope or ID token audience provided.");
    }
    const scopes = claims["scope"].split(" ");
    const token = authority.issueAccessToken(email, "service_account", scopes, state.lifetimeSeconds);
    sendJson(res, 200, { access_token: token, expires_in: state.lifetimeSeconds, token_type: "Bearer" });
  });
  return {
    ...server,
    tokenUri: `${server.url}/token`,
    addKey: (email, publicKey) => void keys.set(email, publicKey),
    get lifetimeSeconds() { return state.lifetimeSeconds; },
    set lifetimeSeconds(v: number) { state.lifetimeSeconds = v; },
    assertions,
  };
}
