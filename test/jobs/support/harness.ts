/**
 * Per-test fake Cloud Run Admin v2 with the jobs gateway over the official clients
 * (JobsClient/ExecutionsClient via GoogleJobsGateway), plus a separate JobsClient that plays
 * "someone else" and readers for the fake's stored jobs.
 */
import { JobsClient } from "@google-cloud/run";
import { OAuth2Client } from "google-auth-library";
import { afterEach, beforeEach } from "vitest";
import type { ClientOptions, GatewayOptions } from "../../../ci/src/gcp/cloud-run.js";
import { GoogleJobsGateway, type JobsGateway } from "../../../ci/src/gcp/cloud-run-jobs.js";
import { startFakeCloudRun, type FakeCloudRun, type FakeCloudRunOptions, type JobRecord } from "../../fakes/cloud-run/index.js";
import { jobName } from "./specs.js";

export const FAST_RETRY: GatewayOptions = { baseDelayMs: 5, maxDelayMs: 20, pollIntervalMs: 10 };

export interface JobsHarness {
  fake: FakeCloudRun;
  gateway: GoogleJobsGateway;
  /** An independent official client, for changes made by someone other than the pipeline. */
  other: JobsClient;
}

function fixedTokenAuthClient(): OAuth2Client {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: "ya29.jobs-tests", expiry_date: Date.now() + 3_600_000 });
  return client;
}

/** A fresh fake, gateway and second client before each test of the suite; all closed after it. */
export function useFakeJobs(options: FakeCloudRunOptions = { readinessDelayMs: 5, executionDelayMs: 20 }): JobsHarness {
  const harness = {} as JobsHarness;
  beforeEach(async () => {
    harness.fake = await startFakeCloudRun(options);
    const clientOptions = harness.fake.clientOptions(fixedTokenAuthClient()) as ClientOptions;
    harness.gateway = new GoogleJobsGateway(clientOptions, FAST_RETRY);
    harness.other = new JobsClient(clientOptions);
  });
  afterEach(async () => {
    await harness.gateway.close();
    await harness.other.close();
    await harness.fake.close();
  });
  return harness;
}

/** The job as the fake stores it (throws when it does not exist). */
export function storedJob(fake: FakeCloudRun, id: string): JobRecord["resource"] {
  const record = fake.state.jobs.get(jobName(id));
  if (!record) throw new Error(`the fake has no job ${id}`);
  return record.resource;
}

export const storedImage = (fake: FakeCloudRun, id: string): string | null | undefined => storedJob(fake, id).template?.template?.containers?.[0]?.image;

/** Methods of the mutating calls the fake received, in order. */
export const mutations = (fake: FakeCloudRun): string[] => fake.mutatingCalls().map((c) => c.method);

/** A gateway that forwards every call to `gateway` except the ones `overrides` replaces. */
export function forwarding(gateway: JobsGateway, overrides: Partial<JobsGateway>): JobsGateway {
  return {
    getJob: (name) => gateway.getJob(name),
    startCreateJob: (parent, id, job) => gateway.startCreateJob(parent, id, job),
    startUpdateJob: (job) => gateway.startUpdateJob(job),
    waitJobOperation: (operation, options) => gateway.waitJobOperation(operation, options),
    startRunJob: (name, runOverrides) => gateway.startRunJob(name, runOverrides),
    waitExecution: (run, options) => gateway.waitExecution(run, options),
    getExecution: (name) => gateway.getExecution(name),
    listExecutions: (job) => gateway.listExecutions(job),
    ...overrides,
  };
}
