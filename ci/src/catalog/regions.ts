/**
 * Where Cloud Run and Artifact Registry can be used: the documented lists, kept here (and only
 * here) so a new region is a one-line change. After editing, run `npm run schema` (the JSON Schema
 * offers these names for completion).
 */

/**
 * Cloud Run regions for services and jobs, as listed on https://cloud.google.com/run/docs/locations
 * (Tier 1 and Tier 2 pricing), plus europe-north2 (Stockholm) and northamerica-south1 (Mexico),
 * which newer versions of the same list carry (e.g. the region list on
 * https://cloud.google.com/run/docs/tutorials/local-troubleshooting). `gcloud run regions list`
 * prints the live list.
 */
export const CLOUD_RUN_REGIONS = [
  "africa-south1",
  "asia-east1",
  "asia-east2",
  "asia-northeast1",
  "asia-northeast2",
  "asia-northeast3",
  "asia-south1",
  "asia-south2",
  "asia-southeast1",
  "asia-southeast2",
  "australia-southeast1",
  "australia-southeast2",
  "europe-central2",
  "europe-north1",
  "europe-north2",
  "europe-southwest1",
  "europe-west1",
  "europe-west2",
  "europe-west3",
  "europe-west4",
  "europe-west6",
  "europe-west8",
  "europe-west9",
  "europe-west10",
  "europe-west12",
  "me-central1",
  "me-central2",
  "me-west1",
  "northamerica-northeast1",
  "northamerica-northeast2",
  "northamerica-south1",
  "southamerica-east1",
  "southamerica-west1",
  "us-central1",
  "us-east1",
  "us-east4",
  "us-east5",
  "us-south1",
  "us-west1",
  "us-west2",
  "us-west3",
  "us-west4",
] as const;

/**
 * Artifact Registry multi-regions (https://cloud.google.com/artifact-registry/docs/repositories/repo-locations):
 * images are then `asia-docker.pkg.dev/...`, `europe-docker.pkg.dev/...`, `us-docker.pkg.dev/...`.
 */
export const ARTIFACT_REGISTRY_MULTI_REGIONS = ["asia", "europe", "us"] as const;

/**
 * Artifact Registry repository locations: every Cloud Run region (Artifact Registry is offered in each
 * of them, same page as above; `gcloud artifacts locations list` prints the live list) and the
 * multi-regions.
 */
export const ARTIFACT_REGISTRY_LOCATIONS = [...ARTIFACT_REGISTRY_MULTI_REGIONS, ...CLOUD_RUN_REGIONS] as const;

export type CloudRunRegion = (typeof CLOUD_RUN_REGIONS)[number];
export type ArtifactRegistryLocation = (typeof ARTIFACT_REGISTRY_LOCATIONS)[number];
