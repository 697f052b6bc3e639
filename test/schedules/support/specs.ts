/**
 * Catalog specs with schedules for the schedules tests, parsed through the catalog schema so the
 * defaults (UTC, POST, not paused) are the ones the pipeline really applies.
 */
import type { ResolvedEnvironment } from "../../../ci/src/catalog/lookup.js";
import { JobDoc, ServiceDoc, type JobSpec, type ServiceSpec } from "../../../ci/src/catalog/schema.js";

export const PROJECT = "test-project";
export const REGION = "us-central1";
export const PARENT = `projects/${PROJECT}/locations/${REGION}`;
export const ENV: ResolvedEnvironment = { name: "dev", project: PROJECT, region: REGION, nameSuffix: "" };
export const INVOKER = "scheduler-invoker";
export const INVOKER_EMAIL = `${INVOKER}@${PROJECT}.iam.gserviceaccount.com`;
export const SERVICE_URL = "https://api-abc123-uc.a.run.app";

export const schedulerJobName = (id: string): string => `${PARENT}/jobs/${id}`;

/** A job with the given schedules (each gets `serviceAccount: scheduler-invoker` unless set). */
export function jobWithSchedules(name: string, schedules: Record<string, unknown>[], extra: Record<string, unknown> = {}): JobSpec {
  return JobDoc.parse({
    kind: "job",
    name,
    build: { context: `jobs/${name}` },
    schedules: schedules.map((s) => ({ serviceAccount: INVOKER, ...s })),
    ...extra,
  });
}

/** A service with the given endpoint schedules (each gets `serviceAccount: scheduler-invoker` unless set). */
export function serviceWithSchedules(name: string, schedules: Record<string, unknown>[], extra: Record<string, unknown> = {}): ServiceSpec {
  return ServiceDoc.parse({
    kind: "service",
    name,
    build: { context: `services/${name}` },
    run: { public: false },
    schedules: schedules.map((s) => ({ serviceAccount: INVOKER, ...s })),
    ...extra,
  });
}

export const nightly = (overrides: Record<string, unknown> = {}) => ({ name: "etl-nightly", schedule: "0 3 * * *", ...overrides });
