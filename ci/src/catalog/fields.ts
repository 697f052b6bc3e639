/**
 * Reusable field schemas for the catalog: names, sizes, durations, image references.
 * Each one carries the message a user sees when a value is wrong, naming what is allowed.
 */
import { z } from "zod";
import { BUCKET_NAME_PATTERN, BUCKET_NAME_RULE, bucketNameProblem } from "./bucket-names.js";
import { scheduleProblem } from "./cron.js";
import { MAX_ENV_VALUE_BYTES, MAX_LABEL_BYTES } from "./limits.js";
import { ARTIFACT_REGISTRY_LOCATIONS, CLOUD_RUN_REGIONS } from "./regions.js";
import { didYouMean } from "./suggest.js";
import { isTimeZone, knownTimeZones } from "./time-zones.js";

/** Cloud Run service / job id rules: lowercase letters, digits, hyphens; starts with a letter. */
export const resourceName = z
  .string()
  .regex(/^[a-z]([a-z0-9-]{0,47}[a-z0-9])?$/, {
    error:
      "must be 1-49 characters of lowercase letters, digits and hyphens, start with a letter and not end with a hyphen (Cloud Run id rules)",
  });

/**
 * An environment's nameSuffix (catalog/naming.ts): "-" then up to 20 lowercase letters, digits and
 * hyphens, not ending with a hyphen, so NAME + suffix is still a Cloud Run id, a Scheduler job id,
 * an image tag and (without the "-") an object prefix.
 */
export const nameSuffix = z.string().regex(/^-[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?$/, {
  error: 'must be "-" followed by 1-20 lowercase letters, digits and hyphens, not ending with a hyphen, e.g. "-staging"',
});

export const gcpProjectId = z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, {
  error: "must be a Google Cloud project id: 6-30 lowercase letters, digits or hyphens, starting with a letter",
});

/** A Cloud Run region from the documented list (regions.ts). */
export const region = z.enum(CLOUD_RUN_REGIONS, {
  error: (issue) => `must be a Cloud Run region such as "europe-west1" or "us-central1"${didYouMean(issue.input, CLOUD_RUN_REGIONS)}`,
});

/** An Artifact Registry location: a region or a multi-region (us, europe, asia). */
export const artifactRegistryLocation = z.enum(ARTIFACT_REGISTRY_LOCATIONS, {
  error: (issue) =>
    `must be an Artifact Registry location: a region such as "europe-west1" or a multi-region "us", "europe" or "asia"${didYouMean(issue.input, ARTIFACT_REGISTRY_LOCATIONS)}`,
});

export const envVarName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
  error: "environment variable names are letters, digits and underscores, not starting with a digit",
});

const envValue = z.string({ error: 'values must be strings; quote numbers and booleans, e.g. "true"' });

/** Environment variables: plain string values (numbers and booleans are rejected to avoid YAML surprises). */
export const envMap = z.record(envVarName, envValue);

const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length;

/** A Cloud Run container's environment: values of at most 32 KiB (limits.ts). */
export const cloudRunEnvMap = z.record(
  envVarName,
  envValue.refine((v) => utf8Bytes(v) <= MAX_ENV_VALUE_BYTES, {
    error: (issue) => `the value has ${utf8Bytes(String(issue.input))} bytes; Cloud Run allows at most ${MAX_ENV_VALUE_BYTES} bytes (32 KiB) per value: put large data in a file, a bucket or a secret`,
  }),
);

/** Cloud Run CPU: whole values 1, 2, 4, 6, 8, or a fraction 0.08-0.999 in steps of 0.001 (or the same in millicores). */
export const cpu = z.string().regex(/^([12468]|0\.(0[89][0-9]?|[1-9][0-9]{0,2})|([89][0-9]|[1-9][0-9]{2}|[12468]000)m)$/, {
  error: 'must be a Cloud Run CPU limit: "1", "2", "4", "6" or "8", a fraction from "0.08" to "0.999", or millicores such as "500m"',
});

export const memory = z.string().regex(/^[1-9][0-9]*(Mi|Gi)$/, {
  error: 'must be a Cloud Run memory size such as "512Mi" or "2Gi"',
});

/** A duration in seconds, written "300s" (as gcloud does); `limit` says whose maximum it is. */
export const durationSeconds = (max: number, limit = "") =>
  z
    .string()
    .regex(/^[1-9][0-9]*s$/, { error: 'must be a duration in seconds such as "300s"' })
    .refine((v) => Number(v.slice(0, -1)) <= max, { error: `must be at most ${max}s${limit ? ` (${limit})` : ""}` });

/**
 * Service accounts: a user-managed account (id 6-30 characters, https://cloud.google.com/iam/docs/service-accounts-create#creating),
 * by email or bare id, or a default account: Compute Engine's PROJECT_NUMBER-compute@developer.gserviceaccount.com
 * (Cloud Run's default runtime identity, https://cloud.google.com/run/docs/securing/service-identity) or App Engine's
 * PROJECT_ID@appspot.gserviceaccount.com (https://cloud.google.com/iam/docs/service-account-types#default).
 */
export const serviceAccount = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z0-9.-]+\.iam\.gserviceaccount\.com$|^[a-z][a-z0-9-]{4,28}[a-z0-9]$|^[0-9]{1,20}-compute@developer\.gserviceaccount\.com$|^[a-z][a-z0-9-]{4,28}[a-z0-9]@appspot\.gserviceaccount\.com$/,
    {
      error:
        'must be a service account email ("name@PROJECT.iam.gserviceaccount.com", or a default account "PROJECT_NUMBER-compute@developer.gserviceaccount.com" / "PROJECT@appspot.gserviceaccount.com") or a bare account id ("name", resolved in the environment\'s project)',
    },
  );

/** Container images outside our pinned table must be pinned by digest. */
export const pinnedImage = z.string().regex(/^[a-z0-9.\-/:_]+:[A-Za-z0-9._-]+@sha256:[a-f0-9]{64}$/, {
  error: 'must be pinned by tag and digest, e.g. "postgres:16.4-alpine@sha256:<64 hex>"',
});

/** Paths inside the repository: relative, no "..", no leading slash (a "\\" counts as a separator too). */
export const repoPath = z
  .string()
  .min(1, { error: "must not be empty" })
  .refine((p) => !p.startsWith("/") && !p.startsWith("\\") && !p.split(/[/\\]/).includes(".."), {
    error: 'must be a path relative to the repository root, without ".." or a leading "/"',
  });

/**
 * A file inside the folder it is relative to: no leading "/", ".." may never climb out of it, and the
 * path names a file (not the folder itself, not "dir/"). A "\\" counts as a separator, as it does for
 * Docker on Windows, so "..\\Dockerfile" cannot climb out either.
 */
export const fileInside = (what: string, example: string) =>
  z
    .string()
    .min(1, { error: "must not be empty" })
    .refine((p) => !/^[/\\]/.test(p) && namesFileInside(p), {
      error: `must be a path inside ${what}: relative, and ".." must not climb out of it; it names a file, e.g. ${example}`,
    });

function namesFileInside(path: string): boolean {
  const parts = path.split(/[/\\]/);
  let depth = 0;
  for (const part of parts) {
    if (part === "..") depth -= 1;
    else if (part !== "." && part !== "") depth += 1;
    if (depth < 0) return false;
  }
  const last = parts[parts.length - 1]!;
  return depth > 0 && last !== "" && last !== "." && last !== "..";
}

export const httpPath = z.string().regex(/^\/[A-Za-z0-9._~\-/]*$/, { error: 'must be an absolute URL path such as "/health"' });

export const command = z.array(z.string().min(1), { error: "must be a list of arguments, e.g. [\"pytest\", \"-q\"]" }).min(1, {
  error: "must have at least one argument",
});

export const severity = z.enum(["LOW", "MEDIUM", "HIGH", "CRITICAL"], {
  error: "must be one of LOW, MEDIUM, HIGH, CRITICAL",
});

/**
 * A Cloud Scheduler schedule: unix-cron with fields in range, or the English format (cron.ts).
 * Trimmed, so what is validated is what Scheduler gets (and compares equal to what it returns).
 */
export const schedule = z.string({ error: 'must be a unix-cron expression such as "0 3 * * *" or an English schedule such as "every 24 hours"' }).trim().superRefine((text, ctx) => {
  const problem = scheduleProblem(text);
  if (problem) ctx.addIssue({ code: "custom", message: problem, input: text });
});

/** A Cloud Scheduler time zone: a tz database name (time-zones.ts). */
export const timeZone = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/, { error: 'must be an IANA time zone such as "Europe/Paris" or "UTC"', abort: true })
  .refine(isTimeZone, {
    error: (issue) => `must be an IANA time zone such as "Europe/Paris" or "UTC" (a tz database name)${didYouMean(issue.input, knownTimeZones())}`,
  });

/** A Cloud Storage bucket name (bucket-names.ts). */
export const bucketName = z
  .string()
  .regex(BUCKET_NAME_PATTERN, { error: BUCKET_NAME_RULE, abort: true })
  .superRefine((name, ctx) => {
    const problem = bucketNameProblem(name);
    if (problem) ctx.addIssue({ code: "custom", message: `${BUCKET_NAME_RULE}; ${problem}`, input: name });
  });

const underLabelBytes = (text: string): boolean => utf8Bytes(text) <= MAX_LABEL_BYTES;

/** Label keys and values (limits.ts): lowercase letters (international ones too), digits, "_" and "-". */
export const labelKey = z
  .string()
  .regex(/^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u, { error: "must start with a lowercase letter and have 1-63 characters; label keys are lowercase letters, digits, _ and -" })
  .refine(underLabelBytes, { error: "must be under 128 bytes (UTF-8); label keys are lowercase letters, digits, _ and -" });

export const labelValue = z
  .string({ error: "label values are strings of lowercase letters, digits, _ and - (max 63); quote numbers" })
  .regex(/^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u, { error: "label values are lowercase letters, digits, _ and - (max 63)" })
  .refine(underLabelBytes, { error: "label values must be under 128 bytes (UTF-8)" });
