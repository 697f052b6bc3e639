/**
 * Retries transient Google API errors with exponential backoff and jitter.
 * gRPC codes: 4 DEADLINE_EXCEEDED, 8 RESOURCE_EXHAUSTED, 14 UNAVAILABLE (and HTTP 429/5xx for REST).
 */
export const TRANSIENT_GRPC_CODES = new Set([4, 8, 14]);
const TRANSIENT_HTTP = new Set([429, 500, 502, 503, 504]);

export interface RetryOptions {
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Called before each wait, e.g. to log "retrying after UNAVAILABLE". */
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

export function errorCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "number" ? code : undefined;
}

export function isTransient(err: unknown): boolean {
  const code = errorCode(err);
  if (code !== undefined && TRANSIENT_GRPC_CODES.has(code)) return true;
  const status = (err as { status?: unknown; response?: { status?: unknown } } | null);
  const http = typeof status?.status === "number" ? status.status : status?.response?.status;
  return typeof http === "number" && TRANSIENT_HTTP.has(http);
}

export const NOT_FOUND = 5;

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

export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  const base = options.baseDelayMs ?? 250;
  const max = options.maxDelayMs ?? 8000;
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= attempts || !isTransient(err)) throw err;
      const delay = Math.min(max, base * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      options.onRetry?.(err, attempt, delay);
      await sleep(delay);
    }
  }
}
