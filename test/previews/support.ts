/**
 * Preview tests: the services' fake Cloud Run harness, preview options with short timeouts, and a
 * seeded service in the shape deploys leave it.
 */
import type { PreviewOptions } from "../../ci/src/services/preview.js";
import type { FakeCloudRun } from "../fakes/cloud-run/index.js";
import { PROJECT, REGION } from "../services/support/fake-cloud.js";
import { REVISION, revisions } from "../services/support/harness.js";
import { FAKE_ENV } from "../services/support/specs.js";
import { testCall } from "../support/suggested-call.js";

export function previewOptions(pr: number, overrides: Partial<PreviewOptions> = {}): PreviewOptions {
  return {
    pr,
    environment: FAKE_ENV.name,
    project: PROJECT,
    region: REGION,
    commit: "bbb2222",
    healthTimeoutMs: 3000,
    probeIntervalMs: 50,
    pollIntervalMs: 10,
    idToken: async (audience) => `id-token-for-${new URL(audience).host}`,
    call: testCall,
    ...overrides,
  };
}

/** Expected serving entries in the order servingView lists them (by revision, then tag). */
export function served(entries: Array<{ revision: string | undefined; percent: number; tag?: string }>): Array<{ revision: string | undefined; percent: number; tag?: string }> {
  return [...entries].sort((a, b) => `${a.revision}${a.tag ?? ""}`.localeCompare(`${b.revision}${b.tag ?? ""}`));
}

/** Service api as deploys leave it after a split: api-blue 90% (tagged stable), api-green 10%. */
export function seedSplit(fake: FakeCloudRun): void {
  fake.seedService({
    id: "api",
    public: true,
    revisions: revisions("api"),
    traffic: [
      { type: REVISION, revision: "api-blue", percent: 90, tag: "stable" },
      { type: REVISION, revision: "api-green", percent: 10 },
    ],
  });
}
