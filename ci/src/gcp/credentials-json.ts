/**
 * Validation of the two JSON credential files: service-account keys and external_account
 * (Workload Identity Federation) files. Checks exactly what google-auth-library and the pipeline
 * need, and names missing or wrong fields without quoting their values.
 */
import { createPrivateKey } from "node:crypto";
import { credentialsError } from "./credentials-error.js";
import { SealedSecret } from "./credentials-secret.js";
import type {
  ExternalAccountCredentials,
  ServiceAccountCredentials,
  SubjectTokenUrlSource,
} from "./credentials.js";

const SA_KEY = "a service-account key JSON";
const WIF_FILE = "an external_account (Workload Identity Federation) JSON";
const GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";
const WIF_AUDIENCE =
  /^\/\/iam\.googleapis\.com\/projects\/([^/]+)\/locations\/global\/workloadIdentityPools\/([^/]+)\/providers\/([^/]+)$/;
const IMPERSONATION_URL = /\/serviceAccounts\/([^/:]+@[^/:]+):generateAccessToken$/;

type Json = Record<string, unknown>;

function optionalString(json: Json, field: string, received: string): string | undefined {
  const value = json[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || value.trim() === "") {
    throw credentialsError(received, `field "${field}" must be a non-empty string`);
  }
  return value;
}

function requiredString(json: Json, field: string, received: string, hint: string): string {
  const value = optionalString(json, field, received);
  if (value === undefined) throw credentialsError(received, `field "${field}" is missing (${hint})`);
  return value;
}

function httpUrl(value: string, field: string, received: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw credentialsError(received, `field "${field}" is not an absolute URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw credentialsError(received, `field "${field}" must be an https:// URL`);
  }
  return value;
}

export function parseServiceAccountKey(json: Json): ServiceAccountCredentials {
  const hint = "download a new key with `gcloud iam service-accounts keys create key.json --iam-account=SA_EMAIL`";
  const clientEmail = requiredString(json, "client_email", SA_KEY, hint);
  if (!clientEmail.includes("@")) {
    throw credentialsError(SA_KEY, `field "client_email" is not an email address (${hint})`);
  }
  const privateKey = requiredString(json, "private_key", SA_KEY, hint);
  try {
    createPrivateKey(privateKey);
  } catch {
    throw credentialsError(
      SA_KEY,
      `field "private_key" is not a readable PEM private key (were its "\\n" line breaks altered when it was stored?); ${hint}`,
    );
  }
  const tokenUri = httpUrl(optionalString(json, "token_uri", SA_KEY) ?? GOOGLE_TOKEN_URI, "token_uri", SA_KEY);
  const projectId = optionalString(json, "project_id", SA_KEY);
  const privateKeyId = optionalString(json, "private_key_id", SA_KEY);
  const quotaProjectId = optionalString(json, "quota_project_id", SA_KEY);
  return {
    kind: "service_account",
    clientEmail,
    ...(projectId ? { keyProjectId: projectId } : {}),
    tokenUri,
    secret: new SealedSecret({
      clientEmail,
      privateKey,
      tokenUri,
      ...(privateKeyId ? { privateKeyId } : {}),
      ...(projectId ? { projectId } : {}),
      ...(quotaProjectId ? { quotaProjectId } : {}),
    }),
  };
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const GHA_HINT = "create it with google-github-actions/auth (`workload_identity_provider:`) or `gcloud iam workload-identity-pools create-cred-config`";

function parseCredentialSource(value: unknown): SubjectTokenUrlSource {
  if (!isObject(value)) {
    throw credentialsError(WIF_FILE, `field "credential_source" is missing or not an object (${GHA_HINT})`);
  }
  if (value["url"] === undefined) {
    const kind = value["file"] !== undefined ? "file"
      : value["environment_id"] !== undefined ? "environment_id (AWS)"
      : value["executable"] !== undefined ? "executable"
      : value["certificate"] !== undefined ? "certificate" : undefined;
    const problem = kind
      ? `its credential_source uses "${kind}", which cannot be read from inside the pipeline's containers; only URL-sourced credentials (credential_source.url, as written by google-github-actions/auth) work, or pass an access token instead`
      : `field "credential_source.url" is missing (${GHA_HINT})`;
    throw credentialsError(WIF_FILE, problem);
  }
  const url = httpUrl(requiredString(value, "url", WIF_FILE, GHA_HINT), "credential_source.url", WIF_FILE);
  const headersValue = value["headers"] ?? {};
  if (!isObject(headersValue) || !Object.values(headersValue).every((h) => typeof h === "string")) {
    throw credentialsError(WIF_FILE, `field "credential_source.headers" must be an object of strings`);
  }
  const format = value["format"];
  if (format === undefined) return { url, headers: headersValue as Record<string, string>, format: { type: "text" } };
  if (!isObject(format) || (format["type"] !== "json" && format["type"] !== "text")) {
    throw credentialsError(WIF_FILE, `field "credential_source.format.type" must be "json" or "text"`);
  }
  if (format["type"] === "text") return { url, headers: headersValue as Record<string, string>, format: { type: "text" } };
  const subjectTokenFieldName = requiredString(format, "subject_token_field_name", WIF_FILE, "for GitHub Actions it is \"value\"");
  return { url, headers: headersValue as Record<string, string>, format: { type: "json", subjectTokenFieldName } };
}

export function parseExternalAccount(json: Json): ExternalAccountCredentials {
  const audience = requiredString(json, "audience", WIF_FILE, GHA_HINT);
  if (!audience.startsWith("//iam.googleapis.com/")) {
    throw credentialsError(
      WIF_FILE,
      `field "audience" must look like //iam.googleapis.com/projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER`,
    );
  }
  const subjectTokenType = requiredString(json, "subject_token_type", WIF_FILE, "for GitHub Actions it is urn:ietf:params:oauth:token-type:jwt");
  const tokenUrl = httpUrl(requiredString(json, "token_url", WIF_FILE, "normally https://sts.googleapis.com/v1/token"), "token_url", WIF_FILE);
  const credentialSource = parseCredentialSource(json["credential_source"]);

  const impersonationUrl = optionalString(json, "service_account_impersonation_url", WIF_FILE);
  let impersonated: string | undefined;
  if (impersonationUrl !== undefined) {
    httpUrl(impersonationUrl, "service_account_impersonation_url", WIF_FILE);
    impersonated = IMPERSONATION_URL.exec(impersonationUrl)?.[1];
    if (!impersonated) {
      throw credentialsError(
        WIF_FILE,
        `field "service_account_impersonation_url" must end in /serviceAccounts/SA_EMAIL:generateAccessToken`,
      );
    }
  }
  const impersonation = json["service_account_impersonation"];
  const lifetime = isObject(impersonation) ? impersonation["token_lifetime_seconds"] : undefined;
  if (lifetime !== undefined && (typeof lifetime !== "number" || !Number.isInteger(lifetime) || lifetime < 600 || lifetime > 43200)) {
    throw credentialsError(WIF_FILE, `field "service_account_impersonation.token_lifetime_seconds" must be a whole number from 600 to 43200`);
  }
  const quotaProjectId = optionalString(json, "quota_project_id", WIF_FILE);
  const clientId = optionalString(json, "client_id", WIF_FILE);
  const clientSecret = optionalString(json, "client_secret", WIF_FILE);

  const parts = WIF_AUDIENCE.exec(audience);
  return {
    kind: "external_account",
    audience,
    ...(parts ? { poolProjectNumber: parts[1], pool: parts[2], provider: parts[3] } : {}),
    ...(impersonated ? { impersonatedServiceAccount: impersonated } : {}),
    tokenUrl,
    subjectTokenHost: new URL(credentialSource.url).host,
    secret: new SealedSecret({
      audience,
      subjectTokenType,
      tokenUrl,
      credentialSource,
      ...(impersonationUrl ? { serviceAccountImpersonationUrl: impersonationUrl } : {}),
      ...(typeof lifetime === "number" ? { tokenLifetimeSeconds: lifetime } : {}),
      ...(quotaProjectId ? { quotaProjectId } : {}),
      ...(clientId ? { clientId } : {}),
      ...(clientSecret ? { clientSecret } : {}),
    }),
  };
}
