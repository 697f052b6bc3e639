/**
 * Job specs for the jobs tests, parsed through the catalog schema so the defaults are the ones the
 * pipeline really applies.
 */
import type { ResolvedEnvironment } from "../../../ci/src/catalog/lookup.js";
import { JobDoc, type JobSpec } from "../../../ci/src/catalog/schema.js";
import type { DeployJobOptions } from "../../../ci/src/jobs/deploy-job.js";
import { renderJob, type RenderedJob } from "../../../ci/src/jobs/render.js";
import { testCall } from "../../support/suggested-call.js";

export const PROJECT = "test-project";
export const REGION = "us-central1";
export const PARENT = `projects/${PROJECT}/locations/${REGION}`;
export const ENV: ResolvedEnvironment = { name: "dev", project: PROJECT, region: REGION, nameSuffix: "" };

export const jobName = (id: string): string => `${PARENT}/jobs/${id}`;

/** A minimal job document; `run` fields override the schema defaults, `extra` adds top-level keys. */
export function jobSpec(name: string, run: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): JobSpec {
  return JobDoc.parse({ kind: "job", name, build: { context: `jobs/${name}` }, run, ...extra });
}

/** A digest reference; `n` picks a distinct digest (a different build). */
export function digestRef(name: string, n = 1): string {
  return `${REGION}-docker.pkg.dev/${PROJECT}/dataface/${name}@sha256:${n.toString(16).padStart(64, "0")}`;
}

export function render(spec: JobSpec, build = 1, commit = "abc1234"): RenderedJob {
  return renderJob(spec, ENV, digestRef(spec.name, build), commit);
}

export function deployOptions(overrides: Partial<DeployJobOptions> = {}): DeployJobOptions {
  return { environment: ENV.name, project: PROJECT, commit: "abc1234", execute: false, wait: false, executionTimeoutMs: 10_000, pollIntervalMs: 10, call: testCall, ...overrides };
}
