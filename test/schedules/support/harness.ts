/**
 * Per-test Cloud Scheduler fake with the pipeline's GoogleSchedulerGateway over the official
 * CloudSchedulerClient.
 */
import { OAuth2Client } from "google-auth-library";
import { afterEach, beforeEach } from "vitest";
import type { ClientOptions } from "../../../ci/src/gcp/cloud-run.js";
import type { RetryOptions } from "../../../ci/src/gcp/retry.js";
import { GoogleSchedulerGateway } from "../../../ci/src/gcp/scheduler.js";
import { startFakeScheduler, type FakeScheduler } from "../../fakes/scheduler/index.js";

export const FAST_RETRY: RetryOptions = { baseDelayMs: 5, maxDelayMs: 20 };

export interface SchedulerHarness {
  fake: FakeScheduler;
  gateway: GoogleSchedulerGateway;
}

function fixedTokenAuthClient(): OAuth2Client {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: "ya29.schedules-tests", expiry_date: Date.now() + 3_600_000 });
  return client;
}

/** A fresh fake and gateway before each test of the suite; both closed after it. */
export function useFakeScheduler(): SchedulerHarness {
  const harness = {} as SchedulerHarness;
  beforeEach(async () => {
    harness.fake = await startFakeScheduler();
    harness.gateway = new GoogleSchedulerGateway(harness.fake.clientOptions(fixedTokenAuthClient()) as ClientOptions, FAST_RETRY);
  });
  afterEach(async () => {
    await harness.gateway.close();
    await harness.fake.close();
  });
  return harness;
}

/** Methods of the mutating calls the fake received, in order. */
export const mutations = (fake: FakeScheduler): string[] => fake.mutatingCalls().map((c) => c.method);

/** The update mask paths of every UpdateJob the fake received. */
export const updateMasks = (fake: FakeScheduler): string[][] =>
  fake.callsOf("UpdateJob").map((c) => (c.request as { updateMask?: { paths?: string[] } }).updateMask?.paths ?? []);
