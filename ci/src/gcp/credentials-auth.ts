/**
 * google-auth-library clients for a CredentialSource: one AuthClient for the Cloud Run / Storage /
 * Scheduler clients, fresh access tokens for registry pushes, and ID tokens for probing private
 * Cloud Run services.
 *
 *   const auth = createGoogleAuth(parseCredentials(await credentials.plaintext()), { projectId });
 *   new ServicesClient({ authClient: auth.authClient, projectId });
 *   const password = await auth.accessToken(); // right before each `docker login` / push
 *   const bearer = await auth.idToken("https://alie-abc123-ew.a.run.app");
 *
 * Endpoints come from the credential file itself (`token_uri` of a key, `token_url` and
 * `service_account_impersonation_url` of an external_account file); the IAM Credentials endpoint
 * for ID tokens defaults to the origin of the impersonation URL and can be set in `endpoints`.
 */
import { type AuthClient, IdTokenClient, IdentityPoolClient, JWT, OAuth2Client } from "google-auth-library";
import type { CredentialSource, ExternalAccountMaterial, ServiceAccountKeyMaterial } from "./credentials.js";
import { describeCredentials } from "./credentials.js";
import { CredentialsError } from "./credentials-error.js";
import { type AuthStep, authFailure, isRefusal } from "./credentials-failure.js";
import { type Clock, systemClock } from "../lib/clock.js";
import { IdTokenUnavailableError, type IdTokenProvider, impersonatedIdTokenProvider } from "./id-token.js";

export { IdTokenUnavailableError } from "./id-token.js";

export const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
/** Tokens expiring sooner than this are replaced before use (pushes can outlive short tokens). */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** The token endpoint google-auth-library's JWT client always calls (it ignores `token_uri`). */
const GOOGLE_OAUTH_TOKEN_URL = "https://oauth2.googleapis.com/token";

export interface CloudAuthOptions {
  /** The project the pipeline deploys to; google-auth-library otherwise asks Resource Manager. */
  projectId: string;
  endpoints?: {
    /** IAM Credentials API origin for generateIdToken, e.g. https://iamcredentials.googleapis.com */
    iamCredentials?: string;
  };
  /** The time source of the remembered refusal (REFUSAL_MEMORY_MS); tests move it. */
  clock?: Clock;
}

/**
 * How long a refused token request (HTTP 4xx from the token endpoint or STS, not 408/429) is
 * answered from memory: preflight's twenty checks at once make one exchange, not twenty, while a
 * long release asks again after this (a Workload Identity subject token is fetched anew each time).
 */
export const REFUSAL_MEMORY_MS = 60_000;

export interface CloudAuth {
  /** Secret-free one-liner for reports, e.g. "service-account key for ci@p.iam.gserviceaccount.com". */
  readonly description: string;
  readonly kind: CredentialSource["kind"];
  /** Pass as `authClient` to @google-cloud/run, @google-cloud/storage and @google-cloud/scheduler. */
  readonly authClient: AuthClient;
  /** An OAuth2 access token valid for at least 5 more minutes (refreshed if needed). */
  accessToken(): Promise<string>;
  /** A Google-signed ID token whose `aud` is `audience` (a Cloud Run service URL). */
  idToken(audience: string): Promise<string>;
  /**
   * Why `idToken()` can never succeed with these credentials (a bare access token, or Workload
   * Identity Federation without service-account impersonation), known without any network call;
   * undefined when they can mint ID tokens. A deploy that will need ID tokens (a private service's
   * health checks) checks this before its first mutating call; `idToken()` rejects with this same
   * error.
   */
  readonly idTokenUnavailable: IdTokenUnavailableError | undefined;
  /**
   * The service account the pipeline acts as (the key's client_email, or the account a Workload
   * Identity Federation file impersonates); undefined for a bare access token or direct WIF.
   */
  readonly serviceAccount?: string;
}

interface Built {
  client: AuthClient;
  idTokens: IdTokenProvider | IdTokenUnavailableError;
  steps: AuthStep[];
  /** Redacted from every message; external_account clients add each subject token they fetch. */
  secrets: string[];
}

/** Build the auth clients for parsed credentials. Makes no network call until a token is needed. */
export function createGoogleAuth(source: CredentialSource, options: CloudAuthOptions): CloudAuth {
  if (!options.projectId) throw new Error("createGoogleAuth needs the projectId of the deploy project");
  const built = build(source, options);
  const description = describeCredentials(source);
  const idClients = new Map<string, IdTokenClient>();
  const refusals = rememberRefusals(options.clock ?? systemClock);
  explainHeaderFailures(built, description, refusals);

  return {
    description,
    kind: source.kind,
    authClient: built.client,
    idTokenUnavailable: built.idTokens instanceof IdTokenUnavailableError ? built.idTokens : undefined,
    serviceAccount: source.kind === "service_account" ? source.clientEmail : source.kind === "external_account" ? source.impersonatedServiceAccount : undefined,
    async accessToken() {
      refusals.rethrow();
      let token: string | null | undefined;
      try {
        token = (await built.client.getAccessToken()).token;
      } catch (err) {
        throw refusals.remember(err, authFailure("an access token", description, err, built.steps, built.secrets));
      }
      if (!token) throw authFailure("an access token", description, "the token endpoint returned no access_token", built.steps, built.secrets);
      return token;
    },
    async idToken(audience: string) {
      if (built.idTokens instanceof IdTokenUnavailableError) throw built.idTokens;
      let client = idClients.get(audience);
      if (!client) {
        client = new IdTokenClient({
          targetAudience: audience,
          idTokenProvider: built.idTokens,
          projectId: options.projectId,
          eagerRefreshThresholdMillis: REFRESH_MARGIN_MS,
        });
        idClients.set(audience, client);
      }
      try {
        const headers = await client.getRequestHeaders();
        const bearer = headers.get("authorization") ?? "";
        const token = bearer.replace(/^Bearer\s+/i, "");
        if (!token) throw new Error("the token endpoint returned no ID token");
        return token;
      } catch (err) {
        throw authFailure(`an ID token for ${audience}`, description, err, built.steps, built.secrets);
      }
    },
  };
}

/**
 * The Google Cloud clients never ask the auth client for a token directly: google-gax's gRPC
 * channel calls `getRequestHeaders(url)` from inside grpc-js's metadata plugin (and its REST
 * transport and @google-cloud/storage's `authorizeRequest` call it too). A failure there reaches
 * the caller as a gRPC status "Getting metadata from plugin failed with error: invalid_grant: ...",
 * coded with the token endpoint's HTTP status. Make it fail like `accessToken()` does, with a
 * CredentialsError naming the step, the server's answer and the fix (secrets removed); grpc-js
 * keeps only its message, which `credentialsFailureOf` (retry.ts) turns back into a
 * CredentialsError that is never retried.
 */
function explainHeaderFailures(built: Built, description: string, refusals: Refusals): void {
  const client = built.client;
  const getRequestHeaders = client.getRequestHeaders.bind(client);
  client.getRequestHeaders = async (url?: string | URL): Promise<Headers> => {
    refusals.rethrow();
    try {
      return await getRequestHeaders(url);
    } catch (err) {
      if (err instanceof CredentialsError) throw err;
      throw refusals.remember(err, authFailure("an access token", description, err, built.steps, built.secrets));
    }
  };
}

interface Refusals {
  /** Throws the refusal remembered within REFUSAL_MEMORY_MS, if any. */
  rethrow(): void;
  /** Remembers `failure` when `err` is a refusal; returns `failure` to throw. */
  remember(err: unknown, failure: CredentialsError): CredentialsError;
}

/** The last refused token request, answered again for REFUSAL_MEMORY_MS; server failures and network errors are not remembered. */
function rememberRefusals(clock: Clock): Refusals {
  let last: { failure: CredentialsError; at: number } | undefined;
  return {
    rethrow() {
      if (last && clock().getTime() - last.at < REFUSAL_MEMORY_MS) throw last.failure;
      last = undefined;
    },
    remember(err, failure) {
      if (isRefusal(err)) last = { failure, at: clock().getTime() };
      return failure;
    },
  };
}

/** Subject tokens kept for redaction: the current one and a few it replaced. */
const REMEMBERED_SUBJECT_TOKENS = 4;

/**
 * Adds each subject token (e.g. a GitHub OIDC token) a client fetches to `secrets`, so an STS or
 * IAM answer that quotes it is redacted even when it is not shaped like a JWT.
 */
function redactSubjectTokens(client: IdentityPoolClient, secrets: string[]): void {
  const retrieveSubjectToken = client.retrieveSubjectToken.bind(client);
  const seen: string[] = [];
  client.retrieveSubjectToken = async (): Promise<string> => {
    const token = await retrieveSubjectToken();
    if (!secrets.includes(token)) {
      secrets.push(token);
      seen.push(token);
      if (seen.length > REMEMBERED_SUBJECT_TOKENS) {
        const oldest = seen.shift()!;
        const at = secrets.indexOf(oldest);
        if (at >= 0) secrets.splice(at, 1);
      }
    }
    return token;
  };
}

function build(source: CredentialSource, options: CloudAuthOptions): Built {
  switch (source.kind) {
    case "service_account":
      return serviceAccountClient(source.secret.reveal(), options);
    case "external_account":
      return externalAccountClient(source.secret.reveal(), options);
    case "access_token": {
      const token = source.secret.reveal();
      const client = new OAuth2Client({ projectId: options.projectId });
      client.setCredentials({ access_token: token });
      return {
        client,
        idTokens: new IdTokenUnavailableError(
          "a bare access token",
          "an access token cannot be turned into an ID token",
        ),
        steps: [],
        secrets: [token],
      };
    }
  }
}

function serviceAccountClient(key: ServiceAccountKeyMaterial, options: CloudAuthOptions): Built {
  const jwt = new JWT({
    email: key.clientEmail,
    key: key.privateKey,
    ...(key.privateKeyId ? { keyId: key.privateKeyId } : {}),
    scopes: [CLOUD_PLATFORM_SCOPE],
    projectId: options.projectId,
    ...(key.quotaProjectId ? { quotaProjectId: key.quotaProjectId } : {}),
    eagerRefreshThresholdMillis: REFRESH_MARGIN_MS,
  });
  keepOAuthAccessTokens(jwt);
  routeTokenRequestsTo(jwt, key.tokenUri);
  return {
    client: jwt,
    idTokens: jwt,
    steps: [{
      url: key.tokenUri,
      step: `signing in as ${key.clientEmail} at the OAuth token endpoint`,
      fix: "Check that the key is not deleted or disabled (`gcloud iam service-accounts keys list --iam-account=SA_EMAIL`) and that the machine clock is right.",
    }],
    secrets: [key.privateKey],
  };
}

/**
 * GAPIC clients (@google-cloud/run, @google-cloud/scheduler) set `useJWTAccessWithScope = true` on
 * the auth client they are given (with the REST transport, on our JWT object itself), which makes
 * it send self-signed JWTs instead of OAuth access tokens - to every later caller, Cloud Storage
 * included. Pin it off so every client gets the same OAuth access tokens from token_uri.
 */
function keepOAuthAccessTokens(jwt: JWT): void {
  Object.defineProperty(jwt, "useJWTAccessWithScope", {
    configurable: true,
    enumerable: true,
    get: () => false,
    set: () => undefined,
  });
}

/**
 * google-auth-library 11's JWT client posts to https://oauth2.googleapis.com/token whatever the
 * key's `token_uri` says; other Google libraries (Python, Go) honour `token_uri`. Redirect that one
 * URL so the key file decides, as it does elsewhere. Real keys name the same URL, so this is a no-op
 * for them.
 */
function routeTokenRequestsTo(client: AuthClient, tokenUri: string): void {
  if (tokenUri === GOOGLE_OAUTH_TOKEN_URL) return;
  client.transporter.interceptors.request.add({
    resolved: async (request) => {
      if (request.url.href === GOOGLE_OAUTH_TOKEN_URL) request.url = new URL(tokenUri);
      return request;
    },
  });
}

function externalAccountOptions(m: ExternalAccountMaterial, projectId: string, impersonate: boolean) {
  const source = m.credentialSource;
  return {
    type: "external_account" as const,
    audience: m.audience,
    subject_token_type: m.subjectTokenType,
    token_url: m.tokenUrl,
    credential_source: {
      url: source.url,
      headers: source.headers,
      format: source.format.type === "json"
        ? { type: "json" as const, subject_token_field_name: source.format.subjectTokenFieldName }
        : { type: "text" as const },
    },
    ...(impersonate && m.serviceAccountImpersonationUrl
      ? { service_account_impersonation_url: m.serviceAccountImpersonationUrl }
      : {}),
    ...(m.tokenLifetimeSeconds ? { service_account_impersonation: { token_lifetime_seconds: m.tokenLifetimeSeconds } } : {}),
    ...(m.quotaProjectId ? { quota_project_id: m.quotaProjectId } : {}),
    ...(m.clientId ? { client_id: m.clientId } : {}),
    ...(m.clientSecret ? { client_secret: m.clientSecret } : {}),
    scopes: [CLOUD_PLATFORM_SCOPE],
    projectId,
    eagerRefreshThresholdMillis: REFRESH_MARGIN_MS,
  };
}

function externalAccountClient(m: ExternalAccountMaterial, options: CloudAuthOptions): Built {
  const client = new IdentityPoolClient(externalAccountOptions(m, options.projectId, true));
  const email = client.getServiceAccountEmail();
  const secrets = [
    ...Object.values(m.credentialSource.headers),
    ...(m.clientSecret ? [m.clientSecret] : []),
    // STS receives client_id:client_secret as HTTP Basic credentials.
    ...(m.clientId && m.clientSecret ? [Buffer.from(`${m.clientId}:${m.clientSecret}`).toString("base64")] : []),
  ];
  redactSubjectTokens(client, secrets);
  const steps: AuthStep[] = [
    {
      url: m.credentialSource.url,
      step: `fetching the subject token from ${new URL(m.credentialSource.url).host}`,
      fix: "On GitHub Actions the job needs `permissions: id-token: write`, and the credential file must be created in the same job (its runner token expires with the job).",
    },
    {
      url: m.tokenUrl,
      step: "exchanging the subject token at the Security Token Service",
      fix: "Check the workload identity provider in the audience exists and is enabled, and that its attribute condition accepts this repository and workflow.",
    },
  ];
  if (m.serviceAccountImpersonationUrl && email) {
    steps.push({
      url: m.serviceAccountImpersonationUrl,
      step: `impersonating ${email}`,
      fix: `Grant the workload identity pool principal roles/iam.workloadIdentityUser on ${email}, and enable iamcredentials.googleapis.com.`,
    });
  }
  if (!m.serviceAccountImpersonationUrl || !email) {
    return {
      client,
      idTokens: new IdTokenUnavailableError(
        "Workload Identity Federation without service-account impersonation",
        "a federated identity has no ID tokens of its own",
      ),
      steps,
      secrets,
    };
  }
  // generateIdToken is called with the federated (STS) token, as google-github-actions/auth does:
  // roles/iam.workloadIdentityUser on the service account grants iam.serviceAccounts.getOpenIdToken.
  const federated = new IdentityPoolClient(externalAccountOptions(m, options.projectId, false));
  redactSubjectTokens(federated, secrets);
  const iamCredentials = options.endpoints?.iamCredentials ?? new URL(m.serviceAccountImpersonationUrl).origin;
  const provider = impersonatedIdTokenProvider(federated, email, iamCredentials);
  steps.push({
    url: provider.url,
    step: `minting an ID token as ${email}`,
    fix: `Grant the workload identity pool principal roles/iam.workloadIdentityUser on ${email}.`,
  });
  return { client, idTokens: provider, steps, secrets };
}
