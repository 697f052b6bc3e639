/**
 * Retries transient Cloud Storage failures (HTTP 408/429/5xx, dropped connections) with
 * exponential backoff and full jitter. Anything else (403, 404, 412, a bad request) fails at once.
 */

export interface RetryPolicy {
  /** Total attempts, including the first. */
  attempts: number;
  /** Backoff before the 2nd attempt; doubles each time (with jitter). */
  baseDelayMs: number;
  /** Upper bound of one backoff. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 250, maxDelayMs: 8_000 };

const TRANSIENT_NETWORK_CODES = new Set([
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ECONNABORTED",
  "UND_ERR_SOCKET",
  "ERR_STREAM_PREMATURE_CLOSE",
]);

/** The HTTP status of a Cloud Storage client error, if it has one. */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as { code?: unknown; status?: unknown; response?: { status?: unknown } };
  for (const candidate of [e.code, e.status, e.response?.status]) {
    if (typeof candidate === "number") return candidate;
  }
  return undefined;
}

export function isTransientError(error: unknown): boolean {
  const status = httpStatusOf(error);
  if (status !== undefined) return status === 408 || status === 429 || (status >= 500 && status <= 599);
  if (typeof error !== "object" || error === null) return false;
  const e = error as { code?: unknown; cause?: unknown };
  if (typeof e.code === "string" && TRANSIENT_NETWORK_CODES.has(e.code)) return true;
  return e.cause !== undefined && e.cause !== error && isTransientError(e.cause);
}

/** Runs `operation`, retrying transient errors per `policy`; `onRetry` sees each retry. */
export async function withRetry<T>(
  operation: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY,
  onRetry?: (error: unknown, attempt: number) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= policy.attempts || !isTransientError(error)) throw error;
      onRetry?.(error, attempt);
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  }
}
