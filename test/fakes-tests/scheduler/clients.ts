// A real CloudSchedulerClient pointed at a running fake, started fresh for each test.
import { afterEach, beforeEach } from "vitest";
import { CloudSchedulerClient, protos } from "@google-cloud/scheduler";
import { OAuth2Client } from "google-auth-library";
import { startFakeScheduler, type FakeScheduler, type FakeSchedulerOptions } from "../../fakes/scheduler/index.js";

export const PARENT = "projects/test-project/locations/us-central1";
export const jobName = (id: string) => `${PARENT}/jobs/${id}`;
export const RUN_JOB_URI = "https://run.googleapis.com/v2/projects/test-project/locations/us-central1/jobs/nightly:run";
export const INVOKER = "scheduler-invoker@test-project.iam.gserviceaccount.com";

export type IJob = protos.google.cloud.scheduler.v1.IJob;

/** An auth client with a fixed, unexpired access token (no network). */
export function fixedTokenAuthClient(token = "ya29.fake-access-token"): OAuth2Client {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: token, expiry_date: Date.now() + 3_600_000 });
  return client;
}

/** A job that triggers a Cloud Run job every night, the way the pipeline configures it. */
export function nightlyJob(id = "nightly", overrides: IJob = {}): IJob {
  return {
    name: jobName(id),
    schedule: "0 3 * * *",
    timeZone: "Europe/Berlin",
    httpTarget: { uri: RUN_JOB_URI, httpMethod: "POST", oauthToken: { serviceAccountEmail: INVOKER } },
    ...overrides,
  };
}

export interface SchedulerHarness {
  fake: FakeScheduler;
  client: CloudSchedulerClient;
}

/** Starts a fake and a real client before each test of the suite; closes both after. */
export function useFakeScheduler(options: FakeSchedulerOptions = {}): SchedulerHarness {
  const harness = {} as SchedulerHarness;
  beforeEach(async () => {
    harness.fake = await startFakeScheduler(options);
    harness.client = new CloudSchedulerClient(harness.fake.clientOptions(fixedTokenAuthClient()));
  });
  afterEach(async () => {
    await harness.client.close();
    await harness.fake.close();
  });
  return harness;
}

/** Resolves with the error a promise rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: number; details?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code?: number; details?: string };
  }
  throw new Error("expected the call to fail, but it succeeded");
}
