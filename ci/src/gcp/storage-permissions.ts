/**
 * The Cloud Storage permissions a site sync needs on its bucket (one list for the sync's own
 * pre-check, site/preflight.ts, and for `preflight`). Overwriting an object needs `delete` as well
 * as `create`; the website configuration needs the bucket's get and update.
 */
export function siteSyncPermissions(needs: { website: boolean }): string[] {
  const objects = ["storage.objects.list", "storage.objects.create", "storage.objects.delete"];
  return needs.website ? [...objects, "storage.buckets.get", "storage.buckets.update"] : objects;
}
