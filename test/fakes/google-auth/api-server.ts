/**
 * A stand-in for any Google API: answers 200 with the caller's principal when the request carries
 * a live bearer token issued by the authority (or a valid self-signed service-account JWT, which
 * Google APIs accept too), 401 otherwise; records every request's Authorization header and caller.
 */
import type { GoogleAuthority } from "./authority.js";
import { bearerToken, sendGoogleError, sendJson, startLocalServer, type LocalServer } from "./http.js";

export interface ApiCall {
  path: string;
  authorization: string | undefined;
  /** The authenticated principal, undefined when the request was rejected. */
  principal: string | undefined;
}

export interface ApiServer extends LocalServer {
  calls: ApiCall[];
  /** Authorization headers of every call, oldest first. */
  readonly authorizations: (string | undefined)[];
}

export async function startApiServer(authority: GoogleAuthority): Promise<ApiServer> {
  const calls: ApiCall[] = [];
  const server = await startLocalServer((req, _body, res) => {
    const bearer = bearerToken(req);
    const token = authority.lookup(bearer) ?? authority.lookupSelfSignedJwt(bearer);
    calls.push({ path: new URL(req.url ?? "/", "http://x").pathname, authorization: req.headers.authorization, principal: token?.principal });
    if (!token) {
      return sendGoogleError(res, 401, "UNAUTHENTICATED", "Request is missing required authentication credential.");
    }
    sendJson(res, 200, { principal: token.principal, path: req.url });
  });
  return {
    ...server,
    calls,
    get authorizations() { return calls.map((c) => c.authorization); },
  };
}
