/**
 * IAM Service Account Credentials API v1 (iamcredentials.googleapis.com):
 * `POST /v1/projects/-/serviceAccounts/EMAIL:generateAccessToken` and `:generateIdToken`,
 * authorised by a live bearer token whose principal is allowed to act as EMAIL
 * (roles/iam.workloadIdentityUser / serviceAccountTokenCreator). Errors are google.rpc.Status JSON.
 */
import type { GoogleAuthority } from "./authority.js";
import { bearerToken, sendGoogleError, sendJson, startLocalServer, type LocalServer } from "./http.js";

export interface IamCredentialsOptions {
  /** Service account email -> principal prefixes allowed to impersonate it. */
  serviceAccounts: Record<string, string[]>;
  /** Lifetime the server grants regardless of the request (a test knob for near-expiry tokens). */
  grantedLifetimeSeconds?: number;
}

export interface IamCredentialsServer extends LocalServer {
  calls: { method: "generateAccessToken" | "generateIdToken"; email: string; caller: string; body: Record<string, unknown> }[];
}

const PATH = /^\/v1\/projects\/-\/serviceAccounts\/([^/:]+):(generateAccessToken|generateIdToken)$/;

export async function startIamCredentialsServer(authority: GoogleAuthority, opts: IamCredentialsOptions): Promise<IamCredentialsServer> {
  const calls: IamCredentialsServer["calls"] = [];
  const server = await startLocalServer((req, body, res) => {
    const match = PATH.exec(new URL(req.url ?? "/", "http://x").pathname);
    if (req.method !== "POST" || !match) {
      return sendGoogleError(res, 404, "NOT_FOUND", "The requested URL was not found on this server.");
    }
    const email = decodeURIComponent(match[1]!);
    const method = match[2] as "generateAccessToken" | "generateIdToken";
    const caller = authority.lookup(bearerToken(req));
    if (!caller) {
      return sendGoogleError(res, 401, "UNAUTHENTICATED",
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.");
    }
    if (!caller.scopes.some((s) => s.endsWith("/auth/cloud-platform") || s.endsWith("/auth/iam"))) {
      return sendGoogleError(res, 403, "PERMISSION_DENIED", "Request had insufficient authentication scopes.");
    }
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(body || "{}") as Record<string, unknown>;
    } catch {
      return sendGoogleError(res, 400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
    }
    calls.push({ method, email, caller: caller.principal, body: request });
    const permission = method === "generateAccessToken" ? "iam.serviceAccounts.getAccessToken" : "iam.serviceAccounts.getOpenIdToken";
    const allowed = opts.serviceAccounts[email]?.some((p) => caller.principal.startsWith(p) || caller.principal === p);
    if (!allowed) {
      return sendGoogleError(res, 403, "PERMISSION_DENIED", `Permission '${permission}' denied on resource (or it may not exist).`);
    }
    if (method === "generateAccessToken") {
      const scope = request["scope"];
      if (!Array.isArray(scope) || scope.length === 0) {
        return sendGoogleError(res, 400, "INVALID_ARGUMENT", "Scope required.");
      }
      const lifetime = typeof request["lifetime"] === "string" ? /^(\d+)(\.\d+)?s$/.exec(request["lifetime"]) : null;
      if (request["lifetime"] !== undefined && (!lifetime || Number(lifetime[1]) > 3600)) {
        return sendGoogleError(res, 400, "INVALID_ARGUMENT", "The lifetime must be a duration of at most 3600s.");
      }
      const seconds = opts.grantedLifetimeSeconds ?? (lifetime ? Number(lifetime[1]) : 3600);
      const accessToken = authority.issueAccessToken(email, "service_account", scope.map(String), seconds);
      return sendJson(res, 200, { accessToken, expireTime: new Date(Date.now() + seconds * 1000).toISOString() });
    }
    const audience = request["audience"];
    if (typeof audience !== "string" || audience === "") {
      return sendGoogleError(res, 400, "INVALID_ARGUMENT", "Invalid audience.");
    }
    sendJson(res, 200, { token: authority.issueIdToken(email, audience, request["includeEmail"] === true) });
  });
  return { ...server, calls };
}
