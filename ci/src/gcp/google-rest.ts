/**
 * Google REST APIs (Service Usage, Artifact Registry, Cloud Storage JSON, Secret Manager, IAM,
 * Cloud SQL Admin, Resource Manager) called through the pipeline's one auth client
 * (`authClient.request`), each API at its own root so tests point them at a local fake.
 *
 *   const apis = new GoogleRestClient(auth);                       // the real googleapis.com roots
 *   const svc = await apis.get<{ state: string }>("serviceUsage", "/v1/projects/p/services/run.googleapis.com");
 *   await apis.post("resourceManager", "/v1/projects/p:testIamPermissions", { permissions: [...] });
 *
 * Read-only calls only (GET, and POSTs that change nothing: getIamPolicy, testIamPermissions), so
 * transient answers (429, 5xx) are retried (retry.ts). Failures are GoogleApiError with the HTTP
 * status and the API's own message; credential failures stay CredentialsError (never retried).
 */
import type { AuthClient } from "google-auth-library";
import { CredentialsError } from "./credentials-error.js";
import { redactSecrets } from "./credentials-secret.js";
import { type RetryOptions, withRetry } from "./retry.js";

export const GOOGLE_API_ROOTS = {
  serviceUsage: "https://serviceusage.googleapis.com",
  artifactRegistry: "https://artifactregistry.googleapis.com",
  storage: "https://storage.googleapis.com",
  secretManager: "https://secretmanager.googleapis.com",
  iam: "https://iam.googleapis.com",
  sqlAdmin: "https://sqladmin.googleapis.com",
  resourceManager: "https://cloudresourcemanager.googleapis.com",
  run: "https://run.googleapis.com",
} as const;

export type GoogleApi = keyof typeof GOOGLE_API_ROOTS;

/** How long one request may take before it counts as unanswered. */
export const DEFAULT_REST_TIMEOUT_MS = 20_000;

/** A Google API answered with an error (or did not answer in time: status 0). */
export class GoogleApiError extends Error {
  constructor(
    readonly api: GoogleApi,
    /** HTTP status; 0 when there was no answer (timeout, connection refused). */
    readonly status: number,
    /** The API's canonical status ("NOT_FOUND", "PERMISSION_DENIED") when it sent one. */
    readonly reason: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = "GoogleApiError";
  }
}

export interface GoogleRestOptions {
  /** Per-API roots (scheme + host [+ path prefix]); the rest keep GOOGLE_API_ROOTS. */
  roots?: Partial<Record<GoogleApi, string>>;
  timeoutMs?: number;
  retry?: RetryOptions;
}

/** What the client needs of the auth: the client that signs requests, and a token check that names the failing step. */
export interface RestAuth {
  readonly authClient: AuthClient;
  accessToken(): Promise<string>;
}

export type Query = Record<string, string | readonly string[]>;

/** The read-only REST surface the preflight checks use (an interface so a domain can be handed any implementation). */
export interface GoogleApis {
  get<T>(api: GoogleApi, path: string, query?: Query): Promise<T>;
  post<T>(api: GoogleApi, path: string, body: unknown): Promise<T>;
}

export class GoogleRestClient implements GoogleApis {
  private readonly roots: Record<GoogleApi, string>;

  constructor(
    private readonly auth: RestAuth,
    private readonly options: GoogleRestOptions = {},
  ) {
    this.roots = { ...GOOGLE_API_ROOTS, ...options.roots };
  }

  /** The URL of `path` on `api`'s root. */
  url(api: GoogleApi, path: string, query: Query = {}): string {
    const url = new URL(`${this.roots[api].replace(/\/+$/, "")}${path}`);
    for (const [key, value] of Object.entries(query)) {
      for (const v of typeof value === "string" ? [value] : value) url.searchParams.append(key, v);
    }
    return url.toString();
  }

  get<T>(api: GoogleApi, path: string, query?: Query): Promise<T> {
    return this.send<T>(api, "GET", this.url(api, path, query));
  }

  post<T>(api: GoogleApi, path: string, body: unknown): Promise<T> {
    return this.send<T>(api, "POST", this.url(api, path), body);
  }

  private async send<T>(api: GoogleApi, method: "GET" | "POST", url: string, data?: unknown): Promise<T> {
    return withRetry(async () => {
      // A token failure names its step (STS exchange, impersonation, key) as a CredentialsError;
      // the token is cached, so this costs nothing once it is minted.
      await this.auth.accessToken();
      try {
        const res = await this.auth.authClient.request<T>({
          url,
          method,
          ...(data === undefined ? {} : { data, headers: { "content-type": "application/json" } }),
          timeout: this.options.timeoutMs ?? DEFAULT_REST_TIMEOUT_MS,
          retry: false,
        });
        return (res.data ?? {}) as T;
      } catch (err) {
        throw apiErrorOf(api, method, url, err, this.options.timeoutMs ?? DEFAULT_REST_TIMEOUT_MS);
      }
    }, this.options.retry);
  }
}

interface GaxiosLike {
  status?: unknown;
  code?: unknown;
  name?: unknown;
  message?: unknown;
  response?: { status?: unknown; data?: unknown };
}

/** The API's own error text: google.rpc.Status JSON ({error: {code, message, status}}) or Cloud Storage's ({error: {code, message, errors}}). */
function bodyError(data: unknown): { message?: string; reason?: string } {
  if (typeof data === "string") {
    try {
      return bodyError(JSON.parse(data));
    } catch {
      return { message: data.length < 300 ? data : undefined };
    }
  }
  const error = (data as { error?: unknown } | null)?.error;
  if (typeof error !== "object" || error === null) return {};
  const e = error as { message?: unknown; status?: unknown };
  return { message: typeof e.message === "string" ? e.message : undefined, reason: typeof e.status === "string" ? e.status : undefined };
}

function apiErrorOf(api: GoogleApi, method: string, url: string, err: unknown, timeoutMs: number): Error {
  if (err instanceof CredentialsError) return err;
  const e = (err ?? {}) as GaxiosLike;
  const status = typeof e.status === "number" ? e.status : typeof e.response?.status === "number" ? e.response.status : 0;
  const where = `${method} ${new URL(url).pathname}`;
  if (status === 0) {
    const timedOut = e.name === "TimeoutError" || e.code === "TimeoutError" || e.code === "ETIMEDOUT" || /timeout|timed out|aborted/i.test(String(e.message ?? ""));
    const why = timedOut ? `no answer within ${timeoutMs / 1000}s` : `no answer (${redactSecrets(String(e.message ?? "unknown error"), [])})`;
    return new GoogleApiError(api, 0, undefined, `${where}: ${why}`);
  }
  const body = bodyError(e.response?.data);
  if (status === 401) {
    return new CredentialsError(`${GOOGLE_API_ROOTS[api].replace("https://", "")} refused the credentials (401${body.message ? `: ${redactSecrets(body.message, [])}` : ""}); check that they are not expired or revoked.`);
  }
  return new GoogleApiError(api, status, body.reason, `${where}: ${status}${body.reason ? ` ${body.reason}` : ""}: ${redactSecrets(body.message ?? "no message", [])}`);
}
