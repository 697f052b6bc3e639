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

/** The server failed (or was overloaded) rather than refusing the credentials. */
function serverFailed(status: unknown): boolean {
  return typeof status === "number" && (status >= 500 || status === 429);
}

/** Node/undici network error codes: the request never got an answer. */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

function hostOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/** Whether a token request was refused (HTTP 4xx other than 408 and 429): asking again at once gets the same answer. */
export function isRefusal(err: unknown): boolean {
  const status = (typeof err === "object" && err !== null ? (err as FailureShape).response?.status : undefined) as unknown;
  return typeof status === "number" && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * A CredentialsError for a failed token step:
 *   "Could not get WHAT with the CREDENTIALS while STEP: HTTP STATUS SERVER'S ANSWER. FIX"
 * The fix is the step's own advice when the server refused the request; when it failed (HTTP 5xx,
 * 429) or could not be reached, the advice says so instead. Secrets are removed from the result.
 */
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
  const detail = [status, answer].filter(Boolean).join(" ").trim().replace(/\.+$/, "");
  const where = known ? ` while ${known.step}` : "";
  const host = hostOf(url);
  let fix = known ? ` ${known.fix}` : "";
  if (serverFailed(e.response?.status)) {
    fix = ` The server failed rather than refused the credentials: this is not a problem with them; try again later, and check https://status.cloud.google.com if it persists.`;
  } else if (e.response === undefined && typeof e.code === "string" && NETWORK_CODES.has(e.code)) {
    fix = ` ${host ?? "The server"} could not be reached: check the URL in the credentials and that the pipeline's containers can reach it (DNS, proxy, firewall).`;
  }
  const message = `Could not get ${what} with the ${credentials}${where}: ${detail || "unknown error"}.${fix}`;
  return new CredentialsError(redactSecrets(message, secrets));
}
