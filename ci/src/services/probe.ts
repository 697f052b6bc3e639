/**
 * The health gate: GET the health path on a revision's URL until it answers 2xx or the deadline
 * passes. Private services get an ID token whose audience is the service URL. Each attempt is a
 * span "probe URL (attempt N)", failed when it got no 2xx.
 */
import { withSpan } from "../lib/spans.js";

export interface ProbeOptions {
  /** Total time allowed for the revision to become healthy. */
  timeoutMs: number;
  /** Pause between attempts. */
  intervalMs?: number;
  /** Per-request timeout. */
  requestTimeoutMs?: number;
  /** Bearer token for IAM-gated services (minted for the service URL as audience). */
  bearerToken?: string;
}

export interface ProbeResult {
  ok: boolean;
  url: string;
  attempts: number;
  /** Last HTTP status seen, if any. */
  status?: number;
  /** Why the last attempt failed (status, timeout or network error). */
  reason?: string;
}

export function healthUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}${path.startsWith("/") ? path : `/${path}`}`;
}

export async function probeHealth(url: string, options: ProbeOptions): Promise<ProbeResult> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 1000;
  const perRequest = options.requestTimeoutMs ?? 10_000;
  const headers: Record<string, string> = { "user-agent": "cloud-run-pipeline-health-gate" };
  if (options.bearerToken) headers.authorization = `Bearer ${options.bearerToken}`;
  let attempts = 0;
  let status: number | undefined;
  let reason = "no attempt was made";
  while (true) {
    attempts++;
    const remaining = deadline - Date.now();
    const healthy = await withSpan(`probe ${url} (attempt ${attempts})`, async (span) => {
      try {
        const res = await fetch(url, { headers, signal: AbortSignal.timeout(Math.max(1, Math.min(perRequest, remaining))), redirect: "manual" });
        status = res.status;
        span.set({ "http.response.status_code": res.status });
        await res.body?.cancel();
        if (res.status >= 200 && res.status < 300) return true;
        reason = `answered HTTP ${res.status}`;
      } catch (err) {
        const name = (err as { name?: string }).name;
        const why = name === "TimeoutError" || name === "AbortError" ? `did not answer within ${Math.min(perRequest, remaining)}ms` : `request failed: ${(err as Error).message}`;
        // An answer seen earlier says more than a last attempt cut short by the deadline.
        reason = status === undefined ? why : `answered HTTP ${status} (the last attempt ${why.replace(/^request failed/, "failed")})`;
      }
      span.fail(reason);
      return false;
    });
    if (healthy) return { ok: true, url, attempts, status };
    if (Date.now() + interval >= deadline) return { ok: false, url, attempts, status, reason };
    await new Promise((r) => setTimeout(r, interval));
  }
}
