import type { Bucket } from "@google-cloud/storage";
import { describe, expect, it } from "vitest";
import { checkBucketReady, requiredPermissions } from "../../ci/src/site/preflight.js";

// A minimal stand-in for the two Bucket calls pre-flight makes, to reach branches that
// fake-gcs-server cannot produce (a 403 on bucket metadata). End-to-end checks live in
// sync-failures.test.ts.
function bucketDouble(behaviour: { exists: () => Promise<[boolean]>; testPermissions: (p: string[]) => Promise<[Record<string, boolean>]> }): Bucket {
  return { name: "docs-site", exists: behaviour.exists, iam: { testPermissions: behaviour.testPermissions } } as unknown as Bucket;
}

const httpError = (code: number) => Object.assign(new Error(`HTTP ${code}`), { code });
const grantAll = async (p: string[]): Promise<[Record<string, boolean>]> => [Object.fromEntries(p.map((x) => [x, true]))];

describe("requiredPermissions", () => {
  it("needs object list, create and delete (overwriting needs delete)", () => {
    expect(requiredPermissions({ website: false })).toEqual(["storage.objects.list", "storage.objects.create", "storage.objects.delete"]);
  });

  it("adds bucket get and update when the website configuration is managed", () => {
    expect(requiredPermissions({ website: true })).toEqual(expect.arrayContaining(["storage.buckets.get", "storage.buckets.update"]));
  });
});

describe("checkBucketReady", () => {
  it("accepts a deployer that may not read bucket metadata (403) when testIamPermissions grants the rest", async () => {
    const bucket = bucketDouble({ exists: () => Promise.reject(httpError(403)), testPermissions: grantAll });
    await expect(checkBucketReady(bucket, { website: false, customEndpoint: false })).resolves.toEqual({ permissionsChecked: true });
  });

  it("accepts a missing testIamPermissions method only on a custom (emulator) endpoint", async () => {
    const bucket = bucketDouble({ exists: async () => [true], testPermissions: () => Promise.reject(httpError(404)) });
    await expect(checkBucketReady(bucket, { website: false, customEndpoint: true })).resolves.toEqual({ permissionsChecked: false });
    await expect(checkBucketReady(bucket, { website: false, customEndpoint: false })).rejects.toThrow("HTTP 404");
  });

  it("passes other errors through", async () => {
    const bucket = bucketDouble({ exists: () => Promise.reject(httpError(500)), testPermissions: grantAll });
    await expect(checkBucketReady(bucket, { website: false, customEndpoint: true })).rejects.toThrow("HTTP 500");
  });
});
