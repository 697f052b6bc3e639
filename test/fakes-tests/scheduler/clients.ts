// A real CloudSchedulerClient pointed at a running fake, started fresh for each test.
import { afterEach, beforeEach } from "vitest";
import { CloudSchedulerClient, protos } from "@google-cloud/scheduler";
import { startFakeScheduler, type FakeScheduler, type FakeSchedulerOptions } from "../../fakes/scheduler/index.js";
import { fixedTokenAuthClient } from "../clients.js";

export { fixedTokenAuthClient, rejection } from "../clients.js";

export const PARENT = "projects/test-project/locations/us-central1";
export const jobName = (id: string) => `${PARENT}/jobs/${id}`;
export const RUN_JOB_URI = "https://run.googleapis.com/v2/projects/test-project/locations/us-central1/jobs/nightly:run";
export const INVOKER = "scheduler-invoker@test-project.iam.gserviceaccount.com";

export type IJob = protos.google.cloud.scheduler.v1.IJob;

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
