// Small helpers shared by the fake's tests: start/stop a fake with real clients per test.
import { afterEach, beforeEach } from "vitest";
import { startFakeCloudRun, type FakeCloudRun, type FakeCloudRunOptions } from "../../fakes/cloud-run/index.js";
import { runClients, type RunClients } from "./clients.js";

export interface FakeHarness {
  fake: FakeCloudRun;
  run: RunClients;
}

/** Starts a fresh fake (and real clients for it) before each test of the suite; closes both after. */
export function useFakeCloudRun(options: FakeCloudRunOptions = {}): FakeHarness {
  const harness = {} as FakeHarness;
  beforeEach(async () => {
    harness.fake = await startFakeCloudRun(options);
    harness.run = runClients(harness.fake);
  });
  afterEach(async () => {
    await harness.run.close();
    await harness.fake.close();
  });
  return harness;
}

export { rejection } from "../clients.js";
