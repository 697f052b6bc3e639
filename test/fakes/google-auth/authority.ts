/**
 * The state Google's auth servers share: which access tokens were issued to whom and until when,
 * and the key Google signs ID tokens with. The STS, IAM Credentials and OAuth token fakes issue
 * and check tokens here, so a token is only accepted where the real service would accept it.
 */
import { randomBytes, type KeyObject } from "node:crypto";
import { decodeJwt, generateRsaKeyPair, signJwt, verifyRs256, type RsaKeyPair } from "./jwt.js";

export interface IssuedToken {
  /** `principal://iam.googleapis.com/...` for federated tokens, the email for service accounts. */
  principal: string;
  kind: "federated" | "service_account";
  scopes: string[];
  expiresAt: number;
}

export class GoogleAuthority {
  readonly signingKey: RsaKeyPair = generateRsaKeyPair();
  readonly issuer = "https://accounts.google.com";
  readonly tokens = new Map<string, IssuedToken>();
  /** Every ID token issued, newest last. */
  readonly idTokens: string[] = [];
  /** Public keys of service-account keys, by service account email. */
  readonly serviceAccountKeys = new Map<string, KeyObject>();

  issueAccessToken(principal: string, kind: IssuedToken["kind"], scopes: string[], lifetimeSeconds: number): string {
    // Google access tokens start with "ya29."; the rest is opaque.
    const token = `ya29.${kind === "federated" ? "d." : "c."}${randomBytes(48).toString("base64url")}`;
    this.tokens.set(token, { principal, kind, scopes, expiresAt: Date.now() + lifetimeSeconds * 1000 });
    return token;
  }

  /** The live token record, or undefined for unknown or expired tokens. */
  lookup(token: string | undefined): IssuedToken | undefined {
    if (!token) return undefined;
    const issued = this.tokens.get(token);
    return issued && issued.expiresAt > Date.now() ? issued : undefined;
  }

  /**
   * A self-signed JWT used directly as a bearer token (what google-gax sends for service-account
   * keys): signed by a registered key, `iss` = `sub` = the email, a `scope` or an `aud`, not expired.
   */
  lookupSelfSignedJwt(token: string | undefined): IssuedToken | undefined {
    const jwt = token ? decodeJwt(token) : undefined;
    if (!jwt) return undefined;
    const email = String(jwt.payload["iss"]);
    const key = this.serviceAccountKeys.get(email);
    const exp = Number(jwt.payload["exp"]);
    if (!key || !verifyRs256(jwt, key) || jwt.payload["sub"] !== email || !(exp * 1000 > Date.now())) return undefined;
    if (exp - Number(jwt.payload["iat"]) > 3600) return undefined;
    const scope = jwt.payload["scope"];
    if (typeof scope !== "string" && typeof jwt.payload["aud"] !== "string") return undefined;
    return { principal: email, kind: "service_account", scopes: typeof scope === "string" ? scope.split(" ") : [], expiresAt: exp * 1000 };
  }

  /** A Google-signed OIDC ID token for a service account, like those Cloud Run accepts. */
  issueIdToken(email: string, audience: string, includeEmail: boolean, lifetimeSeconds = 3600): string {
    const iat = Math.floor(Date.now() / 1000);
    const token = signJwt(this.signingKey.privateKeyPem, {
      iss: this.issuer,
      aud: audience,
      azp: email,
      sub: `1${Buffer.from(email).toString("hex").slice(0, 20)}`,
      ...(includeEmail ? { email, email_verified: true } : {}),
      iat,
      exp: iat + lifetimeSeconds,
    }, "fake-google-key");
    this.idTokens.push(token);
    return token;
  }
}
