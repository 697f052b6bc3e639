// Validation of a Job as CreateJob / UpdateJob see it (rules from job.proto and target.proto).
import { invalidArgument } from "./errors.js";
import { parseCron, type CronSchedule } from "./cron.js";
import { isValidTimeZone } from "./time-zone.js";
import type { IDuration, IHttpTarget, IJob } from "./types.js";

const MAX_DESCRIPTION = 500;
const MAX_URI = 2083;
const MAX_HEADER_BYTES = 80 * 1024;
const MAX_RETRY_COUNT = 5;
/** HTTP targets: attempt deadline in [15 s, 30 min]; App Engine: [15 s, 24 h 15 s]. */
const HTTP_DEADLINE = { min: 15, max: 30 * 60 };
const APP_ENGINE_DEADLINE = { min: 15, max: 24 * 3600 + 15 };

export type TargetKind = "httpTarget" | "pubsubTarget" | "appEngineHttpTarget";
export const TARGET_KINDS: readonly TargetKind[] = ["httpTarget", "pubsubTarget", "appEngineHttpTarget"];

export function targetsOf(job: IJob): TargetKind[] {
  return TARGET_KINDS.filter((k) => job[k] !== undefined && job[k] !== null);
}

/** Checks a complete job (after defaults / merging); returns its parsed schedule. */
export function validateJob(job: IJob, project: string): CronSchedule {
  if ((job.description ?? "").length > MAX_DESCRIPTION) {
    throw invalidArgument(`Job.description must not contain more than ${MAX_DESCRIPTION} characters (got ${job.description!.length}).`);
  }
  const schedule = validateSchedule(job.schedule, job.timeZone);
  const targets = targetsOf(job);
  if (targets.length === 0) {
    throw invalidArgument("Job target is required: set exactly one of http_target, pubsub_target or app_engine_http_target.");
  }
  if (targets.length > 1) {
    throw invalidArgument(`Multiple values for oneof field 'target' of Job: ${targets.join(", ")}; set exactly one target.`);
  }
  if (job.httpTarget) validateHttpTarget(job.httpTarget);
  if (job.pubsubTarget) validatePubsubTarget(job.pubsubTarget, project);
  if (job.appEngineHttpTarget) validateAppEngineTarget(job.appEngineHttpTarget);
  validateRetryConfig(job);
  if (job.attemptDeadline && !job.pubsubTarget) {
    const range = job.httpTarget ? HTTP_DEADLINE : APP_ENGINE_DEADLINE;
    const s = seconds(job.attemptDeadline);
    if (s < range.min || s > range.max) {
      throw invalidArgument(`Job.attempt_deadline must be between ${range.min}s and ${range.max}s for this target (got ${s}s).`);
    }
  }
  return schedule;
}

/** Real message: "Schedule or time zone is invalid."; the fake appends what is wrong. */
export function validateSchedule(schedule: string | null | undefined, timeZone: string | null | undefined): CronSchedule {
  if (!schedule) throw invalidArgument("Job.schedule is required: give a unix-cron schedule such as \"0 3 * * *\".");
  const parsed = parseCron(schedule);
  if (!parsed.ok) throw invalidArgument(`Schedule or time zone is invalid. Schedule "${schedule}": ${parsed.reason}.`);
  if (timeZone && !isValidTimeZone(timeZone)) {
    throw invalidArgument(`Schedule or time zone is invalid. Time zone "${timeZone}" is not a tz database name such as "Etc/UTC" or "Europe/Berlin".`);
  }
  return parsed.schedule;
}

const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);

function validateHttpTarget(t: IHttpTarget): void {
  const uri = t.uri ?? "";
  if (!/^https?:\/\/[^/\s]+/.test(uri)) {
    throw invalidArgument(`HttpTarget.uri must begin with "http://" or "https://" and name a host (got "${uri}").`);
  }
  if (encodeURI(uri).length > MAX_URI) throw invalidArgument(`HttpTarget.uri must be at most ${MAX_URI} characters after encoding.`);
  if (t.oauthToken && t.oidcToken) {
    throw invalidArgument("Multiple values for oneof field 'authorization_header' of HttpTarget: set either oauth_token or oidc_token, not both.");
  }
  if (t.oauthToken) checkServiceAccountEmail(t.oauthToken.serviceAccountEmail, "HttpTarget.oauth_token.service_account_email");
  if (t.oidcToken) {
    checkServiceAccountEmail(t.oidcToken.serviceAccountEmail, "HttpTarget.oidc_token.service_account_email");
    checkAudience(t.oidcToken.audience);
  }
  const method = String(t.httpMethod ?? "POST");
  if (t.body && t.body.length > 0 && !BODY_METHODS.has(method)) {
    throw invalidArgument(`HttpTarget.body is allowed only with POST, PUT or PATCH; this job uses ${method}.`);
  }
  validateHeaders(t.headers);
}

/** OAuthToken / OidcToken.service_account_email: a "Service account email" (target.proto). */
const EMAIL_RE = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

function checkServiceAccountEmail(email: string | null | undefined, field: string): void {
  if (email && !EMAIL_RE.test(email)) {
    throw invalidArgument(`${field} must be the email address of a service account (e.g. NAME@PROJECT.iam.gserviceaccount.com); got "${email}".`);
  }
}

/**
 * OidcToken.audience is the token's `aud` claim (target.proto: "Audience to be used when generating
 * OIDC token. If not specified, the URI specified in target will be used."). `aud` is a
 * StringOrURI: "any value containing a ':' character MUST be a URI" (RFC 7519 section 2,
 * https://www.rfc-editor.org/rfc/rfc7519#section-2; section 4.1.3 for `aud`), so "::::" is no
 * audience; a URL such as the Cloud Run service URL is what Cloud Run checks it against.
 */
function checkAudience(audience: string | null | undefined): void {
  if (!audience) return;
  const uri = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/.test(audience) && URL.canParse(audience);
  if (audience.includes(":") && !uri) {
    throw invalidArgument(`HttpTarget.oidc_token.audience must be a URI such as the target's URL (e.g. "https://SERVICE-HASH.a.run.app"); got "${audience}".`);
  }
}

function validatePubsubTarget(t: NonNullable<IJob["pubsubTarget"]>, project: string): void {
  const m = /^projects\/([^/]+)\/topics\/([^/]+)$/.exec(t.topicName ?? "");
  if (!m) throw invalidArgument(`PubsubTarget.topic_name must be "projects/PROJECT_ID/topics/TOPIC_ID" (got "${t.topicName ?? ""}").`);
  if (m[1] !== project) throw invalidArgument(`PubsubTarget.topic_name must be in the job's project "${project}" (got "${t.topicName}").`);
  if ((!t.data || t.data.length === 0) && Object.keys(t.attributes ?? {}).length === 0) {
    throw invalidArgument("PubsubTarget must contain either non-empty data or at least one attribute.");
  }
}

function validateAppEngineTarget(t: NonNullable<IJob["appEngineHttpTarget"]>): void {
  const method = String(t.httpMethod ?? "POST");
  if (method === "PATCH" || method === "OPTIONS") throw invalidArgument(`AppEngineHttpTarget.http_method ${method} is not permitted.`);
  if (t.relativeUri && (!t.relativeUri.startsWith("/") || /\s/.test(t.relativeUri))) {
    throw invalidArgument(`AppEngineHttpTarget.relative_uri must begin with "/" and contain no spaces (got "${t.relativeUri}").`);
  }
  if (t.body && t.body.length > 0 && method !== "POST" && method !== "PUT") {
    throw invalidArgument(`AppEngineHttpTarget.body is allowed only with POST or PUT; this job uses ${method}.`);
  }
  validateHeaders(t.headers);
}

function validateHeaders(headers: Record<string, string> | null | undefined): void {
  const size = Object.entries(headers ?? {}).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (size >= MAX_HEADER_BYTES) throw invalidArgument(`The total size of headers must be less than 80KB (got ${size} bytes).`);
}

function validateRetryConfig(job: IJob): void {
  const r = job.retryConfig;
  if (!r) return;
  const count = r.retryCount ?? 0;
  if (count < 0 || count > MAX_RETRY_COUNT) {
    throw invalidArgument(`RetryConfig.retry_count must be between 0 and ${MAX_RETRY_COUNT} (got ${count}).`);
  }
  if ((r.maxDoublings ?? 0) < 0) throw invalidArgument(`RetryConfig.max_doublings must not be negative (got ${r.maxDoublings}).`);
  for (const key of ["maxRetryDuration", "minBackoffDuration", "maxBackoffDuration"] as const) {
    const d = r[key];
    if (d && seconds(d) < 0) throw invalidArgument(`RetryConfig.${key} must not be negative.`);
  }
  if (r.minBackoffDuration && r.maxBackoffDuration && seconds(r.minBackoffDuration) > seconds(r.maxBackoffDuration)) {
    throw invalidArgument("RetryConfig.min_backoff_duration must not exceed max_backoff_duration.");
  }
}

export function seconds(d: IDuration): number {
  return Number(d.seconds ?? 0) + (d.nanos ?? 0) / 1e9;
}
