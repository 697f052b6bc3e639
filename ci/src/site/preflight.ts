/**
 * Pre-flight checks of the target bucket, before anything is uploaded: it exists, and the
 * deployer holds every permission the sync needs (asked with testIamPermissions, which needs
 * no permission itself).
 */
import type { Bucket } from "@google-cloud/storage";
import { siteSyncPermissions } from "../gcp/storage-permissions.js";
import { SiteBucketNotReady } from "./errors.js";
import { httpStatusOf } from "./retry.js";

/** Permissions a sync needs (the same list `preflight` checks). Overwriting an object needs `delete` as well as `create`. */
export const requiredPermissions = siteSyncPermissions;

/** Which role grants which missing permissions, phrased as the command to run. */
export function missingPermissionsMessage(bucket: string, missing: readonly string[]): string {
  const objectPerms = missing.filter((p) => p.startsWith("storage.objects."));
  const bucketPerms = missing.filter((p) => p.startsWith("storage.buckets."));
  const fixes: string[] = [];
  if (objectPerms.length > 0) {
    fixes.push(
      `gcloud storage buckets add-iam-policy-binding gs://${bucket} --member=serviceAccount:DEPLOYER_EMAIL --role=roles/storage.objectAdmin`,
    );
  }
  if (bucketPerms.length > 0) {
    fixes.push(
      `gcloud storage buckets add-iam-policy-binding gs://${bucket} --member=serviceAccount:DEPLOYER_EMAIL --role=roles/storage.admin` +
        " (needed to set the bucket's website configuration; or drop the website settings from the site's catalog entry)",
    );
  }
  return (
    `The deployer cannot publish to Cloud Storage bucket "${bucket}": missing ${missing.join(", ")}. ` +
    `Grant them, e.g.: ${fixes.join("; and ")}. ` +
    `If the bucket belongs to another project (bucket names are global), choose another bucket name.`
  );
}

export interface PreflightResult {
  /**
   * False when the endpoint has no testIamPermissions method (fake-gcs-server answers 404 for
   * it); only accepted on a custom (emulator) endpoint, never on storage.googleapis.com.
   */
  permissionsChecked: boolean;
}

/** Fails with SiteBucketNotReady unless `bucket` exists and the caller may sync to it. */
export async function checkBucketReady(
  bucket: Bucket,
  needs: { website: boolean; customEndpoint: boolean },
): Promise<PreflightResult> {
  let exists: boolean;
  try {
    [exists] = await bucket.exists();
  } catch (error) {
    // 403: the deployer may not read bucket metadata (roles/storage.objectAdmin alone does not
    // grant storage.buckets.get), so the bucket exists; testIamPermissions below decides.
    if (httpStatusOf(error) !== 403) throw error;
    exists = true;
  }
  if (!exists) {
    throw new SiteBucketNotReady(
      bucket.name,
      `Cloud Storage bucket "${bucket.name}" does not exist. Create it, e.g. ` +
        `gcloud storage buckets create gs://${bucket.name} --location=REGION --uniform-bucket-level-access, ` +
        `or fix the site's bucket name in the catalog.`,
    );
  }
  const wanted = requiredPermissions(needs);
  let granted: Record<string, boolean>;
  try {
    [granted] = await bucket.iam.testPermissions(wanted);
  } catch (error) {
    if (needs.customEndpoint && httpStatusOf(error) === 404) return { permissionsChecked: false };
    throw error;
  }
  const missing = wanted.filter((permission) => !granted[permission]);
  if (missing.length > 0) throw new SiteBucketNotReady(bucket.name, missingPermissionsMessage(bucket.name, missing));
  return { permissionsChecked: true };
}
