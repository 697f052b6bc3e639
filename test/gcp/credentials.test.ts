import { describe, expect, it } from "vitest";
import { inspect } from "node:util";
import { CredentialsError, describeCredentials, parseCredentials } from "../../ci/src/gcp/credentials.js";
import { externalAccountFile, GITHUB_WIF_AUDIENCE, serviceAccountKeyFile } from "../fakes/google-auth/fixtures.js";

const ACCESS_TOKEN = "ya29.a0AfB_byC1x2y3z4-Q5w6e7r8t9y0u_i1o2p3a4s5d6f7g8h9j0k1l2z3x4c5v6b7n8m9";
const wif = (extra: Record<string, unknown> = {}) => ({
  ...externalAccountFile({
    audience: GITHUB_WIF_AUDIENCE,
    subjectTokenUrl: "https://pipelines.actions.githubusercontent.com/abc/_apis/actions/idtoken?api-version=2.0&audience=https%3A%2F%2Fiam.googleapis.com",
    requestToken: "RUNNER-REQUEST-TOKEN-SECRET-123",
    tokenUrl: "https://sts.googleapis.com/v1/token",
    impersonationUrl:
      "https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/deployer@acme-prod.iam.gserviceaccount.com:generateAccessToken",
  }),
  ...extra,
});

function errorOf(input: string): CredentialsError {
  try {
    parseCredentials(input);
  } catch (err) {
    expect(err).toBeInstanceOf(CredentialsError);
    return err as CredentialsError;
  }
  throw new Error("parseCredentials accepted the input");
}

describe("parseCredentials detects the kind of credentials", () => {
  it("recognises a service-account key JSON and keeps its email", () => {
    const key = serviceAccountKeyFile();
    const src = parseCredentials(key.text);
    expect(src.kind).toBe("service_account");
    expect(src.kind === "service_account" && src.clientEmail).toBe("ci-deployer@acme-prod.iam.gserviceaccount.com");
  });

  it("recognises a service-account key surrounded by whitespace and newlines", () => {
    const src = parseCredentials(`\n\n  ${serviceAccountKeyFile().text}  \r\n`);
    expect(src.kind).toBe("service_account");
  });

  it("recognises a google-github-actions/auth external_account file with impersonation", () => {
    const src = parseCredentials(JSON.stringify(wif()));
    expect(src).toMatchObject({
      kind: "external_account",
      audience: GITHUB_WIF_AUDIENCE,
      poolProjectNumber: "123456789012",
      pool: "github",
      provider: "monorepo",
      impersonatedServiceAccount: "deployer@acme-prod.iam.gserviceaccount.com",
      tokenUrl: "https://sts.googleapis.com/v1/token",
      subjectTokenHost: "pipelines.actions.githubusercontent.com",
    });
  });

  it("recognises direct Workload Identity Federation without impersonation", () => {
    const { service_account_impersonation_url: _, ...direct } = wif();
    const src = parseCredentials(JSON.stringify(direct));
    expect(src.kind).toBe("external_account");
    expect(src.kind === "external_account" && src.impersonatedServiceAccount).toBeUndefined();
  });

  it("recognises a bare access token", () => {
    expect(parseCredentials(ACCESS_TOKEN).kind).toBe("access_token");
  });

  it("trims the trailing newline gcloud auth print-access-token leaves", () => {
    const src = parseCredentials(`  ${ACCESS_TOKEN}\n`);
    expect(src.kind === "access_token" && src.secret.reveal()).toBe(ACCESS_TOKEN);
  });

  it("accepts an access token with a Bearer prefix", () => {
    const src = parseCredentials(`Bearer ${ACCESS_TOKEN}`);
    expect(src.kind === "access_token" && src.secret.reveal()).toBe(ACCESS_TOKEN);
  });
});

describe("parseCredentials rejects what it cannot use, saying what and how to fix", () => {
  const cases: [string, string, RegExp][] = [
    ["empty", "", /is empty/],
    ["only whitespace", "  \n\t ", /is empty/],
    ["truncated JSON", '{"type": "service_account", "client_email": ', /not valid JSON.*cut off/],
    ["JSON with a syntax error", '{\n  "type": "service_account"\n  "client_email": "a@b"\n}', /not valid JSON.*line 3, column 3/],
    ["a JSON array", "[1, 2]", /JSON array/],
    ["JSON without type", '{"client_email": "a@b.c"}', /without a "type" field/],
    ["an unknown type", '{"type": "service_acount"}', /unsupported "type".*"service_account" and "external_account"/],
    ["authorized_user", '{"type": "authorized_user", "client_id": "x", "client_secret": "y", "refresh_token": "z"}', /authorized_user.*gcloud auth print-access-token/s],
    ["a key without private_key", JSON.stringify({ type: "service_account", client_email: "a@p.iam.gserviceaccount.com" }), /"private_key" is missing/],
    ["a key without client_email", JSON.stringify({ ...serviceAccountKeyFile().json, client_email: undefined }), /"client_email" is missing/],
    ["a key with a mangled private_key", JSON.stringify({ ...serviceAccountKeyFile().json, private_key: "-----BEGIN PRIVATE KEY-----\\nMIIEv\\n-----END PRIVATE KEY-----" }), /"private_key" is not a readable PEM/],
    ["WIF without audience", JSON.stringify({ ...wif(), audience: undefined }), /"audience" is missing/],
    ["WIF with a wrong audience", JSON.stringify(wif({ audience: "projects/1/locations/global/workloadIdentityPools/p/providers/q" })), /"audience" must look like \/\/iam.googleapis.com/],
    ["WIF without token_url", JSON.stringify({ ...wif(), token_url: undefined }), /"token_url" is missing/],
    ["WIF without credential_source", JSON.stringify({ ...wif(), credential_source: undefined }), /"credential_source" is missing/],
    ["WIF with a file credential_source", JSON.stringify(wif({ credential_source: { file: "/var/run/token" } })), /uses "file".*cannot be read/],
    ["WIF with a bad impersonation URL", JSON.stringify(wif({ service_account_impersonation_url: "https://iamcredentials.googleapis.com/v1/x" })), /:generateAccessToken/],
    ["a PEM private key alone", serviceAccountKeyFile().key.privateKeyPem, /PEM block/],
    ["a JWT", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmFjbWUifQ.c2lnbmF0dXJl", /JWT/],
    ["a short word", "undefined", /short word/],
    ["text with spaces", "my gcp credentials", /spaces or several lines/],
    ["a quoted token", `"${ACCESS_TOKEN}"`, /quoted/],
  ];

  for (const [what, input, message] of cases) {
    it(`rejects ${what}`, () => {
      const err = errorOf(input);
      expect(err.message).toMatch(message);
      expect(err.message).toContain("--credentials=env://GCP_CREDENTIALS");
    });
  }
});

describe("credentials never leak into errors or logs", () => {
  it("errors for malformed inputs contain no part of their secret values", () => {
    const key = serviceAccountKeyFile();
    const pemBody = key.key.privateKeyPem.split("\n").slice(1, -2);
    const secretParts = [ACCESS_TOKEN.slice(5, 40), "RUNNER-REQUEST-TOKEN-SECRET-123", ...pemBody, "s3cr3t-refresh-token-value"];
    const inputs = [
      JSON.stringify({ ...key.json, client_email: "not-an-email" }),
      JSON.stringify({ ...key.json, token_uri: "not a url" }),
      key.text.slice(0, key.text.length - 40),
      key.key.privateKeyPem,
      `${ACCESS_TOKEN} ${ACCESS_TOKEN}`,
      `'${ACCESS_TOKEN}'`,
      JSON.stringify(wif({ token_url: undefined })),
      JSON.stringify(wif({ credential_source: { ...(wif()["credential_source"] as object), format: { type: "xml" } } })),
      '{"type": "authorized_user", "refresh_token": "s3cr3t-refresh-token-value"}',
      '{"type": "s3cr3t-refresh-token-value"}',
      '{"refresh_token": "s3cr3t-refresh-token-value", ',
    ];
    for (const input of inputs) {
      const message = errorOf(input).message;
      for (const part of secretParts) expect(message).not.toContain(part);
    }
  });

  it("a parsed source prints no secret through JSON, String or util.inspect", () => {
    const key = serviceAccountKeyFile();
    const src = parseCredentials(key.text);
    const pemLine = key.key.privateKeyPem.split("\n")[1]!;
    for (const printed of [JSON.stringify(src), inspect(src, { depth: 10, showHidden: true }), `${String(src.secret)}`]) {
      expect(printed).not.toContain(pemLine);
    }
  });
});

describe("describeCredentials", () => {
  it("names the service account of a key", () => {
    expect(describeCredentials(parseCredentials(serviceAccountKeyFile().text))).toBe(
      "service-account key for ci-deployer@acme-prod.iam.gserviceaccount.com",
    );
  });

  it("names the pool, provider and impersonated account of a WIF file", () => {
    const line = describeCredentials(parseCredentials(JSON.stringify(wif())));
    expect(line).toBe(
      "Workload Identity Federation (pool github, provider monorepo in project 123456789012; subject token from pipelines.actions.githubusercontent.com), impersonating deployer@acme-prod.iam.gserviceaccount.com",
    );
  });

  it("says a bare access token cannot be refreshed, without showing it", () => {
    const line = describeCredentials(parseCredentials(ACCESS_TOKEN));
    expect(line).toMatch(/access token \(cannot be refreshed/);
    expect(line).not.toContain("ya29");
  });
});
