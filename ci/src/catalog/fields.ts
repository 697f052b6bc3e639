/**
 * Reusable field schemas for the catalog: names, sizes, durations, image references.
 * Each one carries the message a user sees when a value is wrong, naming what is allowed.
 */
import { z } from "zod";

/** Cloud Run service / job id rules: lowercase letters, digits, hyphens; starts with a letter. */
export const resourceName = z
  .string()
  .regex(/^[a-z]([a-z0-9-]{0,47}[a-z0-9])?$/, {
    error:
      "must be 1-49 characters of lowercase letters, digits and hyphens, start with a letter and not end with a hyphen (Cloud Run id rules)",
  });

export const gcpProjectId = z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, {
  error: "must be a Google Cloud project id: 6-30 lowercase letters, digits or hyphens, starting with a letter",
});

export const region = z.string().regex(/^[a-z]+-[a-z]+[0-9]$/, {
  error: 'must be a Cloud Run region such as "europe-west1" or "us-central1"',
});

export const envVarName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
  error: "environment variable names are letters, digits and underscores, not starting with a digit",
});

/** Environment variables: plain string values (numbers and booleans are rejected to avoid YAML surprises). */
export const envMap = z.record(envVarName, z.string({ error: 'values must be strings; quote numbers and booleans, e.g. "true"' }));

/** Cloud Run CPU: whole values 1, 2, 4, 6, 8, or a fraction 0.08-0.999 in steps of 0.001 (or the same in millicores). */
export const cpu = z.string().regex(/^([12468]|0\.(0[89][0-9]?|[1-9][0-9]{0,2})|([89][0-9]|[1-9][0-9]{2}|[12468]000)m)$/, {
  error: 'must be a Cloud Run CPU limit: "1", "2", "4", "6" or "8", a fraction from "0.08" to "0.999", or millicores such as "500m"',
});

export const memory = z.string().regex(/^[1-9][0-9]*(Mi|Gi)$/, {
  error: 'must be a Cloud Run memory size such as "512Mi" or "2Gi"',
});

/** A duration in seconds, written "300s" (as gcloud does). */
export const durationSeconds = (max: number) =>
  z
    .string()
    .regex(/^[1-9][0-9]*s$/, { error: 'must be a duration in seconds such as "300s"' })
    .refine((v) => Number(v.slice(0, -1)) <= max, { error: `must be at most ${max}s` });

export const serviceAccount = z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z0-9.-]+\.iam\.gserviceaccount\.com$|^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, {
  error: 'must be a service account email ("name@PROJECT.iam.gserviceaccount.com") or a bare account id ("name", resolved in the environment\'s project)',
});

/** Container images outside our pinned table must be pinned by digest. */
export const pinnedImage = z.string().regex(/^[a-z0-9.\-/:_]+:[A-Za-z0-9._-]+@sha256:[a-f0-9]{64}$/, {
  error: 'must be pinned by tag and digest, e.g. "postgres:16.4-alpine@sha256:<64 hex>"',
});

/** Paths inside the repository: relative, no "..", no leading slash. */
export const repoPath = z
  .string()
  .min(1, { error: "must not be empty" })
  .refine((p) => !p.startsWith("/") && !p.split("/").includes(".."), {
    error: 'must be a path relative to the repository root, without ".." or a leading "/"',
  });

export const httpPath = z.string().regex(/^\/[A-Za-z0-9._~\-/]*$/, { error: 'must be an absolute URL path such as "/health"' });

export const command = z.array(z.string().min(1), { error: "must be a list of arguments, e.g. [\"pytest\", \"-q\"]" }).min(1, {
  error: "must have at least one argument",
});

export const severity = z.enum(["LOW", "MEDIUM", "HIGH", "CRITICAL"], {
  error: "must be one of LOW, MEDIUM, HIGH, CRITICAL",
});

/** Cron with five fields (Cloud Scheduler uses unix-cron). */
export const cron = z.string().regex(/^(\S+\s+){4}\S+$/, { error: 'must be a unix-cron expression with five fields, e.g. "0 3 * * *"' });
