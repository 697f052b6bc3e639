/**
 * The parts of the Cloud Run Admin API v2 resources the pipeline reads and writes, as plain
 * structural types (compatible with @google-cloud/run's IService / IRevision / IJob), so pure
 * logic needs no client import. Enums travel as their proto names.
 */
export type TrafficType = "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" | "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION";

export interface TrafficTarget {
  type?: TrafficType | string | null;
  revision?: string | null;
  percent?: number | null;
  tag?: string | null;
}

export interface TrafficTargetStatus extends TrafficTarget {
  uri?: string | null;
}

export interface EnvVar {
  name?: string | null;
  value?: string | null;
  valueSource?: { secretKeyRef?: { secret?: string | null; version?: string | null } | null } | null;
}

export interface Probe {
  initialDelaySeconds?: number | null;
  timeoutSeconds?: number | null;
  periodSeconds?: number | null;
  failureThreshold?: number | null;
  httpGet?: { path?: string | null; port?: number | null } | null;
  tcpSocket?: { port?: number | null } | null;
  grpc?: { port?: number | null; service?: string | null } | null;
}

export interface ContainerSpec {
  name?: string | null;
  image?: string | null;
  command?: string[] | null;
  args?: string[] | null;
  workingDir?: string | null;
  env?: EnvVar[] | null;
  resources?: { limits?: Record<string, string> | null; cpuIdle?: boolean | null; startupCpuBoost?: boolean | null } | null;
  ports?: Array<{ name?: string | null; containerPort?: number | null }> | null;
  volumeMounts?: Array<{ name?: string | null; mountPath?: string | null }> | null;
  startupProbe?: Probe | null;
  livenessProbe?: Probe | null;
  readinessProbe?: Probe | null;
  dependsOn?: string[] | null;
}

export interface Duration {
  seconds?: number | string | null;
  nanos?: number | null;
}

export interface VpcAccess {
  connector?: string | null;
  egress?: string | null;
  networkInterfaces?: Array<{ network?: string | null; subnetwork?: string | null }> | null;
}

export interface Volume {
  name?: string | null;
  cloudSqlInstance?: { instances?: string[] | null } | null;
  secret?: { secret?: string | null; items?: Array<{ path?: string | null; version?: string | null; mode?: number | null }> | null; defaultMode?: number | null } | null;
  emptyDir?: { medium?: string | null; sizeLimit?: string | null } | null;
  nfs?: { server?: string | null; path?: string | null; readOnly?: boolean | null } | null;
  gcs?: { bucket?: string | null; readOnly?: boolean | null; mountOptions?: string[] | null } | null;
}

/** Where a GPU-backed template runs (the template's node selector). */
export interface NodeSelector {
  accelerator?: string | null;
}

export interface RevisionTemplate {
  revision?: string | null;
  labels?: Record<string, string> | null;
  annotations?: Record<string, string> | null;
  scaling?: { minInstanceCount?: number | null; maxInstanceCount?: number | null } | null;
  vpcAccess?: VpcAccess | null;
  timeout?: Duration | null;
  serviceAccount?: string | null;
  containers?: ContainerSpec[] | null;
  volumes?: Volume[] | null;
  maxInstanceRequestConcurrency?: number | null;
  executionEnvironment?: string | null;
  sessionAffinity?: boolean | null;
  nodeSelector?: NodeSelector | null;
  gpuZonalRedundancyDisabled?: boolean | null;
}

/** Service.scaling: across all revisions that serve traffic. */
export interface ServiceScaling {
  minInstanceCount?: number | null;
  maxInstanceCount?: number | null;
  scalingMode?: string | null;
  manualInstanceCount?: number | null;
}

export interface Condition {
  type?: string | null;
  state?: string | null;
  message?: string | null;
  reason?: string | null;
}

export interface CloudRunServiceResource {
  name?: string | null;
  labels?: Record<string, string> | null;
  annotations?: Record<string, string> | null;
  ingress?: string | null;
  scaling?: ServiceScaling | null;
  iapEnabled?: boolean | null;
  invokerIamDisabled?: boolean | null;
  customAudiences?: string[] | null;
  defaultUriDisabled?: boolean | null;
  template?: RevisionTemplate | null;
  traffic?: TrafficTarget[] | null;
  trafficStatuses?: TrafficTargetStatus[] | null;
  uri?: string | null;
  urls?: string[] | null;
  latestReadyRevision?: string | null;
  latestCreatedRevision?: string | null;
  terminalCondition?: Condition | null;
  conditions?: Condition[] | null;
  etag?: string | null;
  reconciling?: boolean | null;
  generation?: number | string | null;
  observedGeneration?: number | string | null;
}

export interface CloudRunRevisionResource {
  name?: string | null;
  conditions?: Condition[] | null;
  containers?: ContainerSpec[] | null;
  labels?: Record<string, string> | null;
  annotations?: Record<string, string> | null;
  createTime?: { seconds?: number | string | null; nanos?: number | null } | null;
  logUri?: string | null;
  etag?: string | null;
}

/**
 * Template annotation listing the optional fields the pipeline itself rendered at its last deploy
 * (volumes, sidecars, command, session affinity...). A field listed there that the catalog no
 * longer sets was the pipeline's own and is removed; one set outside the pipeline is not listed
 * and is kept or refused (unmanaged.ts).
 */
export const RENDERED_FIELDS_ANNOTATION = "cloud-run-pipeline/fields";

export const LATEST: TrafficType = "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST";
export const REVISION: TrafficType = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION";

/** The last path segment of a resource name ("projects/p/locations/r/services/alie" -> "alie"). */
export const shortName = (name: string | null | undefined): string => (name ?? "").split("/").pop() ?? "";

/**
 * Writable Service fields the pipeline does not manage. UpdateService has no update mask, so it
 * replaces the whole resource: every update carries these over from the live service, or a deploy
 * or rollback would silently drop e.g. custom audiences or Binary Authorization.
 */
export const UNMANAGED_SERVICE_FIELDS = [
  "description",
  "client",
  "clientVersion",
  "launchStage",
  "binaryAuthorization",
  "scaling",
  "invokerIamDisabled",
  "defaultUriDisabled",
  "iapEnabled",
  "multiRegionSettings",
  "customAudiences",
  "buildConfig",
] as const;

/** The live service's values of the writable fields the pipeline does not manage. */
export function unmanagedFields(live: CloudRunServiceResource): CloudRunServiceResource {
  const source = live as Record<string, unknown>;
  return Object.fromEntries(UNMANAGED_SERVICE_FIELDS.filter((k) => source[k] !== undefined && source[k] !== null).map((k) => [k, source[k]])) as CloudRunServiceResource;
}

/** Every writable field of a live service (output-only fields dropped), for traffic-only updates. */
export function writable(s: CloudRunServiceResource): CloudRunServiceResource {
  return { ...unmanagedFields(s), name: s.name, labels: s.labels, annotations: s.annotations, ingress: s.ingress, template: s.template, traffic: s.traffic, etag: s.etag };
}
