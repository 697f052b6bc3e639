import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGoogleAuth, IdTokenUnavailableError } from "../../ci/src/gcp/credentials-auth.js";
import { CredentialsError, parseCredentials } from "../../ci/src/gcp/credentials.js";
import { startApiServer, type ApiServer } from "../fakes/google-auth/api-server.js";
import { GoogleAuthority } from "../fakes/google-auth/authority.js";
import { externalAccountFile } from "../fakes/google-auth/fixtures.js";
import { startIamCredentialsServer, type IamCredentialsServer } from "../fakes/google-auth/iam-credentials-server.js";
import { decodeJwt, verifyRs256 } from "../fakes/google-auth/jwt.js";
import { ACCESS_TOKEN_TYPE, startStsServer, TOKEN_EXCHANGE_GRANT, type StsServer } from "../fakes/google-auth/sts-server.js";
import { startSubjectTokenServer, type SubjectTokenServer } from "../fakes/google-auth/subject-token-server.js";

const DEPLOYER = "deployer@acme-prod.iam.gserviceaccount.com";
const SERVICE_URL = "https://alie-abc123-ew.a.run.app";

let authority: GoogleAuthority;
let github: SubjectTokenServer;
let sts: StsServer;
let iam: IamCredentialsServer;
let shortIam: IamCredentialsServer;
let api: ApiServer;

beforeAll(async () => {
  authority = new GoogleAuthority();
  github = await startSubjectTokenServer({ repository: "acme/monorepo" });
  sts = await startStsServer(authority, {
    projectNumber: "123456789012",
    pool: "github",
    provider: "monorepo",
    issuer: github.issuer,
    issuerKey: github.issuerKey.publicKey,
    attributeCondition: (claims) => claims["repository"] === "acme/monorepo",
  });
  iam = await startIamCredentialsServer(authority, { serviceAccounts: { [DEPLOYER]: [sts.poolPrincipalPrefix] } });
  shortIam = await startIamCredentialsServer(authority, {
    serviceAccounts: { [DEPLOYER]: [sts.poolPrincipalPrefix] },
    grantedLifetimeSeconds: 200,
  });
  api = await startApiServer(authority);
});

afterAll(async () => {
  await Promise.all([github.close(), sts.close(), iam.close(), shortIam.close(), api.close()]);
});

interface FileOptions {
  impersonate?: boolean;
  iamUrl?: string;
  audience?: string;
  requestToken?: string;
}

function credentialFile(o: FileOptions = {}): string {
  return JSON.stringify(externalAccountFile({
    audience: o.audience ?? sts.audience,
    subjectTokenUrl: github.tokenUrl(sts.subjectAudience),
    requestToken: o.requestToken ?? github.requestToken,
    tokenUrl: `${sts.url}/v1/token`,
    ...(o.impersonate === false
      ? {}
      : { impersonationUrl: `${o.iamUrl ?? iam.url}/v1/projects/-/serviceAccounts/${DEPLOYER}:generateAccessToken` }),
  }));
}

const authFor = (o: FileOptions = {}) => createGoogleAuth(parseCredentials(credentialFile(o)), { projectId: "acme-prod" });

describe("Workload Identity Federation credentials", () => {
  it("exchange the GitHub OIDC token at STS with an RFC 8693 form body", async () => {
    await authFor({ impersonate: false }).accessToken();
    const form = sts.requests.at(-1)!;
    expect(form).toMatchObject({
      grant_type: TOKEN_EXCHANGE_GRANT,
      audience: sts.audience,
      requested_token_type: ACCESS_TOKEN_TYPE,
      subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
      scope: "https://www.googleapis.com/auth/cloud-platform",
    });
    expect(form["subject_token"]).toBe(github.served.at(-1));
  });

  it("give direct WIF the federated token of the pool principal", async () => {
    const token = await authFor({ impersonate: false }).accessToken();
    expect(authority.lookup(token)).toMatchObject({
      kind: "federated",
      principal: `${sts.poolPrincipalPrefix}subject/repo:acme/monorepo:ref:refs/heads/main`,
    });
  });

  it("impersonate the service account with the federated token", async () => {
    const token = await authFor().accessToken();
    expect(authority.lookup(token)).toMatchObject({ kind: "service_account", principal: DEPLOYER });
    const call = iam.calls.at(-1)!;
    expect(call).toMatchObject({ method: "generateAccessToken", email: DEPLOYER, caller: expect.stringMatching(/^principal:\/\//) });
    expect(call.body).toMatchObject({ scope: ["https://www.googleapis.com/auth/cloud-platform"], lifetime: "3600s" });
  });

  it("reuse the impersonated token while it is valid for more than 5 minutes", async () => {
    const auth = authFor();
    const first = await auth.accessToken();
    expect(await auth.accessToken()).toBe(first);
  });

  it("mint a new token on every call when the cached one expires within 5 minutes", async () => {
    const auth = authFor({ iamUrl: shortIam.url });
    const tokens = [await auth.accessToken(), await auth.accessToken()];
    expect(tokens[0]).not.toBe(tokens[1]);
    expect(tokens.map((t) => authority.lookup(t)?.principal)).toEqual([DEPLOYER, DEPLOYER]);
  });

  it("send the bearer token when the authClient makes a request", async () => {
    const auth = authFor();
    const res = await auth.authClient.request<{ principal: string }>({ url: `${api.url}/storage/v1/b/acme-docs` });
    expect(res.data.principal).toBe(DEPLOYER);
    expect(api.authorizations.at(-1)).toBe(`Bearer ${await auth.accessToken()}`);
  });

  it("mint an ID token for the service URL through IAM Credentials generateIdToken", async () => {
    const idToken = await authFor().idToken(SERVICE_URL);
    const jwt = decodeJwt(idToken)!;
    expect(verifyRs256(jwt, authority.signingKey.publicKey)).toBe(true);
    expect(jwt.payload).toMatchObject({ aud: SERVICE_URL, email: DEPLOYER });
    expect(iam.calls.at(-1)).toMatchObject({
      method: "generateIdToken",
      email: DEPLOYER,
      caller: expect.stringMatching(/^principal:\/\//),
      body: { audience: SERVICE_URL, includeEmail: true },
    });
  });

  it("take the IAM Credentials endpoint for ID tokens from the endpoints option", async () => {
    const auth = createGoogleAuth(parseCredentials(credentialFile({ iamUrl: "https://iamcredentials.googleapis.com" })), {
      projectId: "acme-prod",
      endpoints: { iamCredentials: iam.url },
    });
    const before = iam.calls.length;
    expect(decodeJwt(await auth.idToken(SERVICE_URL))!.payload["aud"]).toBe(SERVICE_URL);
    expect(iam.calls.length).toBe(before + 1);
  });

  it("refuse ID tokens for direct WIF and explain what to do instead", async () => {
    const err = await authFor({ impersonate: false }).idToken(SERVICE_URL).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IdTokenUnavailableError);
    expect((err as Error).message).toMatch(/without service-account impersonation.*`service_account:`.*allUsers/s);
  });

  it("report a rejected runner token as a subject-token failure without the token", async () => {
    const err = await authFor({ requestToken: "wrong-runner-token-0123456789" }).accessToken().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    const message = (err as Error).message;
    expect(message).toMatch(/while fetching the subject token from 127\.0\.0\.1:\d+: HTTP 401/);
    expect(message).toContain("id-token: write");
    expect(message).not.toContain("wrong-runner-token-0123456789");
  });

  it("report an unknown provider with STS's invalid_target answer", async () => {
    const audience = sts.audience.replace("/providers/monorepo", "/providers/deleted");
    const err = await authFor({ audience }).accessToken().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect((err as Error).message).toMatch(/while exchanging the subject token at the Security Token Service: HTTP 400 invalid_target/);
    expect((err as Error).message).not.toMatch(/eyJ/);
  });

  it("report a missing workloadIdentityUser binding as an impersonation failure", async () => {
    const other = "other@acme-prod.iam.gserviceaccount.com";
    const file = JSON.parse(credentialFile()) as Record<string, unknown>;
    file["service_account_impersonation_url"] = `${iam.url}/v1/projects/-/serviceAccounts/${other}:generateAccessToken`;
    const err = await createGoogleAuth(parseCredentials(JSON.stringify(file)), { projectId: "acme-prod" })
      .accessToken().catch((e: unknown) => e);
    expect((err as Error).message).toMatch(
      new RegExp(`while impersonating ${other}: HTTP 403 PERMISSION_DENIED: Permission 'iam.serviceAccounts.getAccessToken' denied.*roles/iam.workloadIdentityUser`, "s"),
    );
  });

  it("report a refused generateIdToken as an ID-token failure for that account", async () => {
    const other = "other@acme-prod.iam.gserviceaccount.com";
    const file = JSON.parse(credentialFile()) as Record<string, unknown>;
    file["service_account_impersonation_url"] = `${iam.url}/v1/projects/-/serviceAccounts/${other}:generateAccessToken`;
    const err = await createGoogleAuth(parseCredentials(JSON.stringify(file)), { projectId: "acme-prod" })
      .idToken(SERVICE_URL).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect((err as Error).message).toMatch(
      new RegExp(`ID token for ${SERVICE_URL}.*while minting an ID token as ${other}: HTTP 403 PERMISSION_DENIED: Permission 'iam.serviceAccounts.getOpenIdToken' denied`, "s"),
    );
  });
});

describe("the fake STS rejects malformed exchanges like the real one", () => {
  const exchange = async (overrides: Record<string, string | undefined>) => {
    const subject = await (await fetch(github.tokenUrl(sts.subjectAudience), { headers: { authorization: `Bearer ${github.requestToken}` } })).json() as { value: string };
    const form: Record<string, string | undefined> = {
      grant_type: TOKEN_EXCHANGE_GRANT,
      audience: sts.audience,
      scope: "https://www.googleapis.com/auth/cloud-platform",
      requested_token_type: ACCESS_TOKEN_TYPE,
      subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
      subject_token: subject.value,
      ...overrides,
    };
    const body = new URLSearchParams(Object.entries(form).filter((e): e is [string, string] => e[1] !== undefined));
    const res = await fetch(`${sts.url}/v1/token`, { method: "POST", body });
    return { status: res.status, body: await res.json() as Record<string, unknown> };
  };

  it("accepts a well-formed exchange", async () => {
    expect((await exchange({})).status).toBe(200);
  });

  it("answers invalid_request when subject_token is missing", async () => {
    expect(await exchange({ subject_token: undefined })).toMatchObject({ status: 400, body: { error: "invalid_request" } });
  });

  it("answers unsupported_grant_type for another grant", async () => {
    expect(await exchange({ grant_type: "client_credentials" })).toMatchObject({ status: 400, body: { error: "unsupported_grant_type" } });
  });

  it("answers invalid_request for an unknown requested_token_type", async () => {
    expect(await exchange({ requested_token_type: "urn:ietf:params:oauth:token-type:id_token" })).toMatchObject({ status: 400, body: { error: "invalid_request" } });
  });

  it("answers invalid_grant for a subject token signed by another issuer", async () => {
    const forged = (await startSubjectTokenServer()); // a different issuer key
    const res = await fetch(forged.tokenUrl(sts.subjectAudience), { headers: { authorization: `Bearer ${forged.requestToken}` } });
    const { value } = await res.json() as { value: string };
    await forged.close();
    expect(await exchange({ subject_token: value })).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });
});
