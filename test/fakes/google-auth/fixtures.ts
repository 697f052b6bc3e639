/** Credential files as users hold them, pointing at the local fakes. */
import { generateRsaKeyPair, type RsaKeyPair } from "./jwt.js";

export interface ServiceAccountKeyFile {
  json: Record<string, string>;
  text: string;
  key: RsaKeyPair;
}

/** A service-account key JSON with a fresh RSA key, in the shape `gcloud iam service-accounts keys create` writes. */
export function serviceAccountKeyFile(tokenUri = "https://oauth2.googleapis.com/token", email = "ci-deployer@acme-prod.iam.gserviceaccount.com"): ServiceAccountKeyFile {
  const key = generateRsaKeyPair();
  const json = {
    type: "service_account",
    project_id: "acme-prod",
    private_key_id: "0123456789abcdef0123456789abcdef01234567",
    private_key: key.privateKeyPem,
    client_email: email,
    client_id: "112233445566778899000",
    auth_uri: "https://accounts.google.com/o/oauth2/auth",
    token_uri: tokenUri,
    auth_provider_x509_cert_url: "https://www.googleapis.com/oauth2/v1/certs",
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(email)}`,
    universe_domain: "googleapis.com",
  };
  return { json, key, text: JSON.stringify(json, null, 2) };
}

export interface ExternalAccountFileOptions {
  audience: string;
  subjectTokenUrl: string;
  requestToken: string;
  tokenUrl: string;
  impersonationUrl?: string;
}

/** An external_account file in the shape google-github-actions/auth writes for GitHub OIDC. */
export function externalAccountFile(o: ExternalAccountFileOptions): Record<string, unknown> {
  return {
    type: "external_account",
    audience: o.audience,
    subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
    token_url: o.tokenUrl,
    credential_source: {
      url: o.subjectTokenUrl,
      headers: { Authorization: `Bearer ${o.requestToken}` },
      format: { type: "json", subject_token_field_name: "value" },
    },
    ...(o.impersonationUrl ? { service_account_impersonation_url: o.impersonationUrl } : {}),
  };
}

export const GITHUB_WIF_AUDIENCE =
  "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/github/providers/monorepo";
