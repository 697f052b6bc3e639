/**
 * GitHub Actions' OIDC token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL): a GET with
 * `Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN` and `?audience=...` answers
 * `{"value": "<jwt>"}`, the JWT signed by the issuer key (token.actions.githubusercontent.com).
 */
import { generateRsaKeyPair, signJwt, type RsaKeyPair } from "./jwt.js";
import { bearerToken, sendJson, startLocalServer, type LocalServer } from "./http.js";

export interface SubjectTokenServer extends LocalServer {
  /** The URL to put in credential_source.url (audience query included, as GitHub's is). */
  tokenUrl(audience: string): string;
  readonly requestToken: string;
  readonly issuer: string;
  readonly issuerKey: RsaKeyPair;
  /** Subject tokens served so far. */
  readonly served: string[];
}

export async function startSubjectTokenServer(opts: { subject?: string; repository?: string } = {}): Promise<SubjectTokenServer> {
  const issuerKey = generateRsaKeyPair();
  const issuer = "https://token.actions.githubusercontent.com";
  const requestToken = `runner-request-token-${Math.random().toString(36).slice(2)}`;
  const served: string[] = [];
  const server = await startLocalServer((req, _body, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.method !== "GET" || url.pathname !== "/_apis/actions/idtoken") {
      sendJson(res, 404, { message: "Not Found" });
      return;
    }
    if (bearerToken(req) !== requestToken) {
      sendJson(res, 401, { message: "Unauthorized: missing or invalid runtime token" });
      return;
    }
    const iat = Math.floor(Date.now() / 1000);
    const value = signJwt(issuerKey.privateKeyPem, {
      iss: issuer,
      aud: url.searchParams.get("audience") ?? `https://github.com/${opts.repository ?? "acme"}`,
      sub: opts.subject ?? "repo:acme/monorepo:ref:refs/heads/main",
      repository: opts.repository ?? "acme/monorepo",
      iat,
      nbf: iat - 5,
      exp: iat + 300,
    }, "github-key");
    served.push(value);
    sendJson(res, 200, { count: 1, value });
  });
  return {
    ...server,
    requestToken,
    issuer,
    issuerKey,
    served,
    tokenUrl: (audience) => `${server.url}/_apis/actions/idtoken?api-version=2.0&audience=${encodeURIComponent(audience)}`,
  };
}
