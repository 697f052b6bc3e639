/**
 * Retries transient Google API errors with exponential backoff and jitter.
 * gRPC codes: 4 DEADLINE_EXCEEDED, 8 RESOURCE_EXHAUSTED, 14 UNAVAILABLE (and HTTP 429/5xx for REST).
 *
 * Credentials failures are never retried: a call whose auth client could not produce a token
 * (grpc-js: "Getting metadata from plugin failed with error: ...") is rethrown at once as a
 * CredentialsError, whatever status code grpc-js gave it.
 */
import { CredentialsError } from "./credentials-error.js";
import { redactSecrets } from "./credentials-secret.js";

export const TRANSIENT_GRPC_CODES = new Set([4, 8, 14]);
const TRANSIENT_HTTP = new Set([429, 500, 502, 503, 504]);

export interface RetryOptions {
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Called before each wait, e.g. to log "retrying after UNAVAILABLE". */
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
  /** Source of the jitter, a number in [0, 1) (default Math.random); a seeded one makes delays reproducible. */
  random?: () => number;
}

export function errorCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "number" ? code : undefined;
}

/**
 * What grpc-js puts before the message of an error thrown by call credentials (our auth client's
 * `getRequestHeaders`) - see @grpc/grpc-js load-balancing-call.js. The status code is the error's
 * own numeric `code` (gaxios: the HTTP status) or UNKNOWN, or INTERNAL with "Invalid status from
 * control plane: ..." in front for codes a control plane may not use.
 */
const METADATA_PLUGIN_FAILURE = "Getting metadata from plugin failed with error:";

/**
 * The CredentialsError an error stands for: the error itself, or a gRPC (google-gax) error whose
 * call credentials failed, rebuilt from the message our auth client gave grpc-js (credentials-auth.ts
 * words it like every other token failure and removes secrets). Undefined for any other error.
 */
export function credentialsFailureOf(err: unknown): CredentialsError | undefined {
  if (err instanceof CredentialsError) return err;
  if (typeof err !== "object" || err === null) return undefined;
  const { details, message } = err as { details?: unknown; message?: unknown };
  for (const text of [details, message]) {
    if (typeof text !== "string") continue;
    const at = text.indexOf(METADATA_PLUGIN_FAILURE);
    if (at < 0) continue;
    // Only pattern-based redaction here (JWTs, access tokens, PEM blocks): the secrets themselves
    // were removed where the message was made.
    const inner = redactSecrets(text.slice(at + METADATA_PLUGIN_FAILURE.length).trim(), []);
    return new CredentialsError(inner.startsWith("Could not get ")
      ? inner
      : `Could not get an access token for a Google API call: ${inner.replace(/\.$/, "") || "unknown error"}.`);
  }
  return undefined;
}

export function isTransient(err: unknown): boolean {
  if (credentialsFailureOf(err)) return false;
  const code = errorCode(err);
  if (code !== undefined && TRANSIENT_GRPC_CODES.has(code)) return true;
  const status = (err as { status?: unknown; response?: { status?: unknown } } | null);
  const http = typeof status?.status === "number" ? status.status : status?.response?.status;
  return typeof http === "number" && TRANSIENT_HTTP.has(http);
}

export const NOT_FOUND = 5;
/** gRPC PERMISSION_DENIED. */
export const PERMISSION_DENIED = 7;

/** A read whose NOT_FOUND means "does not exist" rather than failure. */
export async function orUndefined<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if (errorCode(err) === NOT_FOUND) return undefined;
    throw err;
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The wait before retry number `attempt` (1-based): exponential, capped, then jittered to 50-100%. */
export function retryDelay(attempt: number, options: RetryOptions = {}): number {
  const base = options.baseDelayMs ?? 250;
  const max = options.maxDelayMs ?? 8000;
  const random = options.random ?? Math.random;
  return Math.min(max, base * 2 ** (attempt - 1)) * (0.5 + random() / 2);
}

/**
 * Runs `fn`, retrying transient errors up to `attempts` times in all. A credentials failure is
 * rethrown at once as a CredentialsError; every other error as it is.
 */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const credentials = credentialsFailureOf(err);
      if (credentials) throw credentials;
      if (attempt >= attempts || !isTransient(err)) throw err;
      const delay = retryDelay(attempt, options);
      options.onRetry?.(err, attempt, delay);
      await sleep(delay);
    }
  }
}
