/**
 * Everything a test needs to authenticate against local Google auth fakes, in one call:
 *
 *   const google = await startGoogleAuthFakes();
 *   const auth = createGoogleAuth(parseCredentials(google.workloadIdentityFile()), { projectId: "p" });
 *   ... api servers check tokens with google.authority.lookup(bearer) ...
 *   await google.close();
 */
import { GoogleAuthority } from "./authority.js";
import { externalAccountFile, serviceAccountKeyFile } from "./fixtures.js";
import { startIamCredentialsServer, type IamCredentialsServer } from "./iam-credentials-server.js";
import { startOAuthTokenServer, type OAuthTokenServer } from "./oauth-token-server.js";
import { startStsServer, type StsServer } from "./sts-server.js";
import { startSubjectTokenServer, type SubjectTokenServer } from "./subject-token-server.js";

export { GoogleAuthority } from "./authority.js";
export { startApiServer, type ApiServer } from "./api-server.js";

export const DEPLOYER_SERVICE_ACCOUNT = "deployer@acme-prod.iam.gserviceaccount.com";

export interface GoogleAuthFakes {
  authority: GoogleAuthority;
  github: SubjectTokenServer;
  sts: StsServer;
  iam: IamCredentialsServer;
  oauth: OAuthTokenServer;
  /** An external_account file (google-github-actions/auth shape); impersonates DEPLOYER unless `impersonate: false`. */
  workloadIdentityFile(opts?: { impersonate?: boolean; serviceAccount?: string }): string;
  /** A service-account key JSON registered with the OAuth token fake. */
  serviceAccountKey(email?: string): string;
  close(): Promise<void>;
}

export async function startGoogleAuthFakes(opts: { serviceAccounts?: string[] } = {}): Promise<GoogleAuthFakes> {
  const authority = new GoogleAuthority();
  const github = await startSubjectTokenServer({ repository: "acme/monorepo" });
  const sts = await startStsServer(authority, {
    projectNumber: "123456789012",
    pool: "github",
    provider: "monorepo",
    issuer: github.issuer,
    issuerKey: github.issuerKey.publicKey,
    attributeCondition: (claims) => claims["repository"] === "acme/monorepo",
  });
  const accounts = opts.serviceAccounts ?? [DEPLOYER_SERVICE_ACCOUNT];
  const iam = await startIamCredentialsServer(authority, {
    serviceAccounts: Object.fromEntries(accounts.map((a) => [a, [sts.poolPrincipalPrefix]])),
  });
  const oauth = await startOAuthTokenServer(authority);
  return {
    authority,
    github,
    sts,
    iam,
    oauth,
    workloadIdentityFile: ({ impersonate = true, serviceAccount = DEPLOYER_SERVICE_ACCOUNT } = {}) =>
      JSON.stringify(externalAccountFile({
        audience: sts.audience,
        subjectTokenUrl: github.tokenUrl(sts.subjectAudience),
        requestToken: github.requestToken,
        tokenUrl: `${sts.url}/v1/token`,
        ...(impersonate ? { impersonationUrl: `${iam.url}/v1/projects/-/serviceAccounts/${serviceAccount}:generateAccessToken` } : {}),
      })),
    serviceAccountKey: (email = DEPLOYER_SERVICE_ACCOUNT) => {
      const key = serviceAccountKeyFile(oauth.tokenUri, email);
      oauth.addKey(email, key.key.publicKey);
      return key.text;
    },
    close: async () => {
      await Promise.all([github.close(), sts.close(), iam.close(), oauth.close()]);
    },
  };
}
