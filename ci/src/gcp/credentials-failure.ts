/**
 * Turns a failure inside google-auth-library (gaxios errors, OAuth errors) into a CredentialsError
 * that says which step failed (subject token, STS exchange, impersonation, OAuth token endpoint),
 * what the server answered, and how to fix it - with every secret removed. The original error is
 * not attached as `cause`: gaxios keeps request bodies (e.g. an STS subject_token) in it.
 */
import { CredentialsError } from "./credentials-error.js";
import { redactSecrets } from "./credentials-secret.js";

/** A request URL whose failure has a known meaning, with the advice for it. */
export interface AuthStep {
  url: string;
  step: string;
  fix: string;
}

interface FailureShape {
  message?: unknown;
  code?: unknown;
  config?: { url?: unknown };
  response?: { status?: unknown; data?: unknown };
}

function sameEndpoint(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    return x.origin === y.origin && x.pathname === y.pathname;
  } catch {
    return false;
  }
}

/** The server's own words: OAuth `error`/`error_description` or a Google API `error.message`. */
function serverAnswer(data: unknown): string | undefined {
  if (typeof data !== "object" || data === null) return typeof data === "string" && data.length < 300 ? data : undefined;
  const body = data as Record<string, unknown>;
  const error = body["error"];
  if (typeof error === "string") {
    const description = body["error_description"];
    return typeof description === "string" ? `${error}: ${description}` : error;
  }
  if (typeof error === "object" && error !== null) {
    const e = error as Record<string, unknown>;
    return [e["status"], e["message"]].filter((x) => typeof x === "string").join(": ") || undefined;
  }
  return undefined;
}

export function authFailure(
  what: string,
  credentials: string,
  err: unknown,
  steps: readonly AuthStep[],
  secrets: readonly string[],
): CredentialsError {
  const e = (typeof err === "object" && err !== null ? err : { message: String(err) }) as FailureShape;
  const url = e.config?.url === undefined ? undefined : String(e.config.url);
  const known = url === undefined ? undefined : steps.find((s) => sameEndpoint(s.url, url));
  const status = typeof e.response?.status === "number" ? `HTTP ${e.response.status}` : undefined;
  const answer = serverAnswer(e.response?.data) ?? (typeof e.message === "string" ? e.message : undefined);
  const detail = [status, answer].filter(Boolean).join(" ");
  const where = known ? ` while ${known.step}` : "";
  const fix = known ? ` ${known.fix}` : "";
  const message = `Could not get ${what} with the ${credentials}${where}: ${detail || "unknown error"}.${fix}`;
  return new CredentialsError(redactSecrets(message, secrets));
}
