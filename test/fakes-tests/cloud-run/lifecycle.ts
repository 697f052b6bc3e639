// Small helpers shared by the fake's tests: start/stop a fake with real clients per test.
import { afterEach, beforeEach } from "vitest";
import { startFakeCloudRun, type FakeCloudRun, type FakeCloudRunOptions } from "../../fakes/cloud-run/index.js";
import type { protos } from "@google-cloud/run";
import { PARENT, runClients, serviceName, type RunClients } from "./clients.js";

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

type IService = protos.google.cloud.run.v2.IService;

/** The last segment of a resource name. */
export const short = (name: string | null | undefined): string => (name ?? "").split("/").at(-1) ?? "";

/** Creates service `id` running `image` through the real client and returns it as read back. */
export async function createService(h: FakeHarness, id: string, image: string): Promise<IService> {
  const [op] = await h.run.services.createService({ parent: PARENT, serviceId: id, service: { template: { containers: [{ image }] } } });
  await op.promise();
  return (await h.run.services.getService({ name: serviceName(id) }))[0];
}

/** `s` with its one container running `image`. */
export const withImage = (s: IService, image: string): IService => ({ ...s, template: { ...s.template, containers: [{ image }] } });
