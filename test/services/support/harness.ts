/**
 * Per-test fake Cloud Run with a release gateway, plus seeding in the shape the release engine
 * leaves services (image by digest).
 */
import { afterEach, beforeEach } from "vitest";
import type { FakeCloudRunOptions, SeedRevision } from "../../fakes/cloud-run/index.js";
import { type FakeCloud, startFakeCloud } from "./fake-cloud.js";
import { digestRef } from "./specs.js";

/** A fresh fake and gateway before each test of the suite; both closed after it. */
export function useFakeCloud(options: FakeCloudRunOptions = {}): FakeCloud {
  const harness = {} as FakeCloud;
  beforeEach(async () => {
    Object.assign(harness, await startFakeCloud(options));
  });
  afterEach(async () => {
    await harness.close();
  });
  return harness;
}

export const REVISION = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION" as const;
export const LATEST = "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" as const;

/** Ready revisions `ID-blue`, `ID-green` (and more names if given), each with its own image. */
export function revisions(id: string, names: string[] = ["blue", "green"]): SeedRevision[] {
  return names.map((n, i) => ({ name: `${id}-${n}`, image: digestRef(id, 100 + i) }));
}
