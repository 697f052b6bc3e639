// What the API fills in on a stored job: output-only fields and documented defaults.
import { nextFireTime, type CronSchedule } from "./cron.js";
import { DEFAULT_TIME_ZONE } from "./time-zone.js";
import type { IJob, IRetryConfig, ITimestamp } from "./types.js";

/** OAuthToken.scope when none is given. */
export const DEFAULT_OAUTH_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
/** Job.attempt_deadline of HTTP targets when none is given (3 minutes). */
export const DEFAULT_HTTP_ATTEMPT_DEADLINE = { seconds: "180" };
/** RetryConfig defaults the API reports: no retry-duration limit, 5 s to 1 h backoff, 5 doublings. */
export const DEFAULT_RETRY_CONFIG: IRetryConfig = {
  maxRetryDuration: { seconds: "0" },
  minBackoffDuration: { seconds: "5" },
  maxBackoffDuration: { seconds: "3600" },
  maxDoublings: 5,
};

const OUTPUT_ONLY_KEYS = ["userUpdateTime", "state", "status", "scheduleTime", "lastAttemptTime"] as const;

export function timestamp(at: Date): ITimestamp {
  const ms = at.getTime();
  return { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 };
}

export function timestampToDate(t: ITimestamp | null | undefined): Date | undefined {
  if (!t) return undefined;
  return new Date(Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1_000_000));
}

/** The request's job without output-only fields (the API ignores what callers send there). */
export function withoutOutputOnly(job: IJob): IJob {
  const copy = structuredClone(job) as Record<string, unknown>;
  for (const key of OUTPUT_ONLY_KEYS) delete copy[key];
  delete copy["target"];
  return copy as IJob;
}

/** Fills documented defaults (HTTP method, OAuth scope, attempt deadline, retry config, time zone). */
export function withDefaults(job: IJob): IJob {
  const out = structuredClone(job);
  out.timeZone = out.timeZone || DEFAULT_TIME_ZONE;
  if (out.httpTarget) {
    const t = out.httpTarget;
    if (!t.httpMethod || t.httpMethod === "HTTP_METHOD_UNSPECIFIED") t.httpMethod = "POST";
    if (t.oauthToken && !t.oauthToken.scope) t.oauthToken.scope = DEFAULT_OAUTH_SCOPE;
    out.attemptDeadline = out.attemptDeadline ?? DEFAULT_HTTP_ATTEMPT_DEADLINE;
  }
  if (out.appEngineHttpTarget && (!out.appEngineHttpTarget.httpMethod || out.appEngineHttpTarget.httpMethod === "HTTP_METHOD_UNSPECIFIED")) {
    out.appEngineHttpTarget.httpMethod = "POST";
  }
  out.retryConfig = { ...DEFAULT_RETRY_CONFIG, ...stripUnset(out.retryConfig ?? {}) };
  return out;
}

function stripUnset<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}

/** Sets the next scheduled time (absent when the job is not ENABLED or the schedule never fires). */
export function refreshScheduleTime(job: IJob, schedule: CronSchedule, now: Date): void {
  const next = job.state === "ENABLED" ? nextFireTime(schedule, job.timeZone || DEFAULT_TIME_ZONE, now) : undefined;
  if (next) job.scheduleTime = timestamp(next);
  else delete job.scheduleTime;
}
