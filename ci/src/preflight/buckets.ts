/**
 * Each site bucket of the environment: it exists (storage v1 buckets.get), and the deployer holds
 * what the sync needs (buckets.testIamPermissions: objects list/create/delete, plus the bucket's
 * get/update unless every site in it sets `website: false`).
 * https://cloud.google.com/storage/docs/json_api/v1/buckets/testIamPermissions
 */
import { siteSyncPermissions } from "../gcp/storage-permissions.js";
import type { BucketNeed } from "./needs.js";
import { type CheckContext, readOrMissing } from "./reads.js";
import { fail, ok, type PreflightCheck } from "./result.js";

export function bucketChecks(ctx: CheckContext, needs: readonly BucketNeed[], env: { project: string; region: string }): PreflightCheck[] {
  return needs.map((need) => {
    const { bucket } = need;
    const missing = fail(
      `bucket ${bucket} (site ${need.sites.join(", ")}) does not exist`,
      `gcloud storage buckets create gs://${bucket} --project=${env.project} --location=${env.region} --uniform-bucket-level-access  (or fix the site's bucket in the catalog; bucket names are global)`,
    );
    return {
      check: "bucket",
      target: `gs://${bucket}`,
      run: async () => {
        const base = `/storage/v1/b/${encodeURIComponent(bucket)}`;
        // 403: roles/storage.objectAdmin alone does not grant storage.buckets.get, so the bucket
        // exists as far as the deployer can tell; testIamPermissions decides.
        if ((await readOrMissing(ctx.apis.get("storage", base))) === undefined) return missing;
        const wanted = siteSyncPermissions({ website: need.website });
        const granted = await readOrMissing(ctx.apis.get<{ permissions?: string[] }>("storage", `${base}/iam/testPermissions`, { permissions: wanted }));
        if (granted === undefined) return missing;
        const held = new Set(granted === "denied" ? [] : (granted.permissions ?? []));
        const lacking = wanted.filter((p) => !held.has(p));
        if (lacking.length === 0) return ok(`exists; the deployer can write objects${need.website ? " and update its website configuration" : ""}`);
        const fixes: string[] = [];
        if (lacking.some((p) => p.startsWith("storage.objects."))) fixes.push(`gcloud storage buckets add-iam-policy-binding gs://${bucket} --member=${ctx.deployer} --role=roles/storage.objectAdmin`);
        if (lacking.some((p) => p.startsWith("storage.buckets."))) {
          fixes.push(`gcloud storage buckets add-iam-policy-binding gs://${bucket} --member=${ctx.deployer} --role=roles/storage.admin  (for the website configuration; or set website: false on site ${need.sites.join(", ")})`);
        }
        return fail(`the deployer lacks ${lacking.join(", ")} on the bucket`, fixes.join("\n"));
      },
    };
  });
}
