// Google-style ID tokens (JWTs) for the probe server: minting unsigned ones for tests, and the
// audience check Cloud Run makes on a private service (aud = the service's URL or a custom audience).

/** Claims of a fake ID token; `aud` is what Cloud Run checks. */
export interface IdTokenClaims {
  aud?: string;
  iss?: string;
  sub?: string;
  email?: string;
  /** Seconds since the epoch. */
  iat?: number;
  exp?: number;
  [claim: string]: unknown;
}

const base64url = (value: object | string) =>
  Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

/**
 * An unsigned JWT shaped like a Google ID token for `audience` (the fake does not check signatures).
 * `claims` add to or replace the defaults (iss, sub, email, iat, exp one hour ahead).
 */
export function fakeIdToken(audience: string, claims: IdTokenClaims = {}): string {
  const iat = Math.floor(Date.now() / 1000);
  const payload: IdTokenClaims = {
    iss: "https://accounts.google.com",
    sub: "100000000000000000001",
    email: "deployer@test-project.iam.gserviceaccount.com",
    aud: audience,
    iat,
    exp: iat + 3600,
    ...claims,
  };
  return `${base64url({ alg: "RS256", kid: "fake-key", typ: "JWT" })}.${base64url(payload)}.${base64url("fake-signature")}`;
}

/** The payload of a JWT, or undefined when `token` is not one (e.g. an OAuth access token). */
export function idTokenClaims(token: string): IdTokenClaims | undefined {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    return payload && typeof payload === "object" && !Array.isArray(payload) ? (payload as IdTokenClaims) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why Cloud Run would reject `token` for a service accepting `audiences`, or undefined when the
 * token is a JWT, unexpired, whose `aud` equals one of them exactly.
 */
export function idTokenProblem(token: string, audiences: readonly string[], nowSeconds = Date.now() / 1000): string | undefined {
  const claims = idTokenClaims(token);
  const expected = `expected one of: ${audiences.map((a) => `'${a}'`).join(", ")}`;
  if (!claims) return `the bearer token is not an ID token (JWT), so it has no audience; ${expected}.`;
  if (typeof claims.aud !== "string" || claims.aud === "") return `the ID token has no 'aud' (audience) claim; ${expected}.`;
  if (!audiences.includes(claims.aud)) return `the ID token's audience '${claims.aud}' is wrong for this service; ${expected}.`;
  if (typeof claims.exp === "number" && claims.exp <= nowSeconds) return `the ID token expired at ${new Date(claims.exp * 1000).toISOString()}.`;
  return undefined;
}
