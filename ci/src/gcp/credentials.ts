/**
 * The pipeline's one credentials argument, recognised and validated.
 *
 * The `--credentials` Secret carries whatever the user has:
 *   1. a service-account key JSON (`"type": "service_account"`),
 *   2. an `external_account` JSON (Workload Identity Federation, e.g. the file written by
 *      google-github-actions/auth), or
 *   3. a bare OAuth2 access token (`gcloud auth print-access-token`).
 * `parseCredentials` tells which, checks the fields the pipeline needs and returns a
 * CredentialSource: non-secret metadata for reports plus the secret material in a SealedSecret.
 * Errors say what kind of value was received, in general terms only, and how to fix it; they never
 * contain any part of the value.
 *
 * Pure logic: no Dagger and no Google client imports (createGoogleAuth lives in credentials-auth.ts).
 */
import { parseExternalAccount, parseServiceAccountKey } from "./credentials-json.js";
import { credentialsError } from "./credentials-error.js";
import { SealedSecret } from "./credentials-secret.js";

export { CREDENTIALS_HELP, CredentialsError } from "./credentials-error.js";
export { SealedSecret } from "./credentials-secret.js";

/** Validated fields of a service-account key; `privateKey` is the PEM text. */
export interface ServiceAccountKeyMaterial {
  clientEmail: string;
  privateKey: string;
  privateKeyId?: string;
  tokenUri: string;
  projectId?: string;
  quotaProjectId?: string;
}

export interface ServiceAccountCredentials {
  kind: "service_account";
  /** The service account the pipeline acts as. */
  clientEmail: string;
  /** The project the key was created in (may differ from the deploy project). */
  keyProjectId?: string;
  /** OAuth token endpoint from the key (`token_uri`), normally https://oauth2.googleapis.com/token. */
  tokenUri: string;
  secret: SealedSecret<ServiceAccountKeyMaterial>;
}

/** Where the external (e.g. GitHub OIDC) token comes from: an HTTP GET on `url` with `headers`. */
export interface SubjectTokenUrlSource {
  url: string;
  headers: Record<string, string>;
  format: { type: "text" } | { type: "json"; subjectTokenFieldName: string };
}

/** Validated fields of an external_account file. The header values (runner tokens) are secret. */
export interface ExternalAccountMaterial {
  audience: string;
  subjectTokenType: string;
  tokenUrl: string;
  credentialSource: SubjectTokenUrlSource;
  serviceAccountImpersonationUrl?: string;
  tokenLifetimeSeconds?: number;
  quotaProjectId?: string;
  clientId?: string;
  clientSecret?: string;
}

export interface ExternalAccountCredentials {
  kind: "external_account";
  /** `//iam.googleapis.com/projects/NUM/locations/global/workloadIdentityPools/POOL/providers/PROV` */
  audience: string;
  poolProjectNumber?: string;
  pool?: string;
  provider?: string;
  /** The service account impersonated after the STS exchange; absent for direct WIF. */
  impersonatedServiceAccount?: string;
  /** STS token endpoint (`token_url`). */
  tokenUrl: string;
  /** Host serving the subject token (e.g. pipelines.actions.githubusercontent.com). */
  subjectTokenHost: string;
  secret: SealedSecret<ExternalAccountMaterial>;
}

export interface AccessTokenCredentials {
  kind: "access_token";
  secret: SealedSecret<string>;
}

export type CredentialSource =
  | ServiceAccountCredentials
  | ExternalAccountCredentials
  | AccessTokenCredentials;

export type CredentialKind = CredentialSource["kind"];

/** Recognise and validate the plaintext of the credentials Secret. Throws CredentialsError. */
export function parseCredentials(plaintext: string): CredentialSource {
  const text = plaintext.replace(/^\uFEFF/, "").trim();
  if (text === "") {
    throw credentialsError("empty", "it holds no characters, or only whitespace (is the variable or file set?)");
  }
  if (text.startsWith("{") || text.startsWith("[")) return parseCredentialJson(text);
  return parseAccessToken(text);
}

function parseCredentialJson(text: string): CredentialSource {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw credentialsError(
      "not valid JSON",
      `it starts like a JSON document but cannot be parsed${jsonSyntaxLocation(text, err)}; pass the key or credential file unmodified`,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw credentialsError("a JSON array", "a credential file is a JSON object with a \"type\" field");
  }
  const json = value as Record<string, unknown>;
  const type = json["type"];
  switch (type) {
    case "service_account":
      return parseServiceAccountKey(json);
    case "external_account":
      return parseExternalAccount(json);
    case "authorized_user":
      throw credentialsError(
        "a gcloud user credential (\"type\": \"authorized_user\", from `gcloud auth application-default login`)",
        "long-lived user refresh tokens are not accepted by this pipeline; on a laptop pass a short-lived token instead",
      );
    case "impersonated_service_account":
      throw credentialsError(
        "a gcloud impersonation credential (\"type\": \"impersonated_service_account\")",
        "it wraps a user refresh token, which this pipeline does not accept; use `gcloud auth print-access-token --impersonate-service-account=SA_EMAIL`",
      );
    case "external_account_authorized_user":
      throw credentialsError(
        "a workforce identity user credential (\"type\": \"external_account_authorized_user\")",
        "user credentials are not accepted; use a Workload Identity Federation credential file or an access token",
      );
    case undefined:
      throw credentialsError("a JSON object without a \"type\" field", "expected \"type\": \"service_account\" or \"external_account\"");
    default:
      throw credentialsError(
        "a JSON object with an unsupported \"type\"",
        "supported types are \"service_account\" and \"external_account\"",
      );
  }
}

/** Where JSON.parse stopped, as a line and column; its own messages may quote the input, so never use them. */
function jsonSyntaxLocation(text: string, err: unknown): string {
  const message = err instanceof Error ? err.message : "";
  if (/end of JSON input/i.test(message)) return " (the text ends before the JSON is complete: was it cut off?)";
  const position = /at position (\d+)/.exec(message);
  if (!position) return "";
  const before = text.slice(0, Number(position[1]));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return ` (syntax error at line ${line}, column ${column})`;
}

const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;
const JWT_SHAPE = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

function parseAccessToken(text: string): AccessTokenCredentials {
  const token = text.replace(/^Bearer\s+/i, "");
  if (token.startsWith("-----BEGIN")) {
    throw credentialsError(
      "a PEM block (e.g. a private key on its own)",
      "pass the whole service-account key JSON file, not only its private_key",
    );
  }
  if (/^["']/.test(token)) {
    throw credentialsError("a quoted string", "remove the surrounding quotes");
  }
  if (/\s/.test(token)) {
    throw credentialsError(
      "text with spaces or several lines, not JSON",
      "an access token is a single word; a credential file must be JSON starting with \"{\"",
    );
  }
  if (JWT_SHAPE.test(token)) {
    throw credentialsError(
      "a JWT (for example an OIDC or ID token)",
      "Google APIs need an OAuth2 access token, a service-account key or a Workload Identity Federation credential file",
    );
  }
  if (!TOKEN68.test(token)) {
    throw credentialsError("a single word with characters that never occur in an access token", "check what was stored in the secret");
  }
  if (token.length < 20) {
    throw credentialsError(`a short word (${token.length} characters)`, "Google access tokens are much longer (usually over 100 characters)");
  }
  return { kind: "access_token", secret: new SealedSecret(token) };
}

/** A one-line, secret-free description of the credentials for logs and reports. */
export function describeCredentials(src: CredentialSource): string {
  switch (src.kind) {
    case "service_account":
      return `service-account key for ${src.clientEmail}`;
    case "external_account": {
      const pool = src.pool && src.provider
        ? `pool ${src.pool}, provider ${src.provider}${src.poolProjectNumber ? ` in project ${src.poolProjectNumber}` : ""}`
        : `audience ${src.audience}`;
      const who = src.impersonatedServiceAccount
        ? `impersonating ${src.impersonatedServiceAccount}`
        : "direct access without service-account impersonation";
      return `Workload Identity Federation (${pool}; subject token from ${src.subjectTokenHost}), ${who}`;
    }
    case "access_token":
      return "OAuth2 access token (cannot be refreshed; valid until it expires, at most 1 hour after it was issued)";
  }
}
