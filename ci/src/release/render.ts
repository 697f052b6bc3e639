/**
 * Renders a catalog service into the Cloud Run v2 Service the pipeline wants live: one place that
 * builds the request (image by digest, env, secrets, account, resources, scaling, probes, Cloud SQL,
 * VPC, ingress, labels), plus a hash of it for skip-unchanged.
 */
import { createHash } from "node:crypto";
import type { ResolvedEnvironment } from "../catalog/lookup.js";
import { cloudRunLocationOf, cloudRunNameOf, type CloudRunLocation } from "../catalog/naming.js";
import { mergeRun } from "../catalog/overrides.js";
import type { ServiceRunSettings, ServiceSpec } from "../catalog/schema.js";
import { mainContainerFields, mainLimits, placementFields, renderProbe, renderSidecars, renderVolumes } from "./render-containers.js";
import { RENDERED_FIELDS_ANNOTATION, type CloudRunServiceResource, type RevisionTemplate, type VpcAccess } from "./resource.js";
import { serviceRenderedFields } from "./unmanaged.js";

export const CONFIG_HASH_ANNOTATION = "cloud-run-pipeline/config-hash";
export const MANAGED_BY_LABEL = "managed-by";
export const COMMIT_LABEL = "commit";
export const MANAGED_BY = "cloud-run-pipeline";

const INGRESS = {
  all: "INGRESS_TRAFFIC_ALL",
  internal: "INGRESS_TRAFFIC_INTERNAL_ONLY",
  "internal-and-cloud-load-balancing": "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
} as const;

const EGRESS = { "all-traffic": "ALL_TRAFFIC", "private-ranges-only": "PRIVATE_RANGES_ONLY" } as const;

export interface RenderedService {
  /** projects/P/locations/R/services/NAME */
  name: string;
  parent: string;
  /** The Cloud Run id in this environment (catalog/naming.ts: cloudRunName or name, plus the nameSuffix). */
  serviceId: string;
  /** The catalog name: what --service takes (commands the reports print name it). */
  target: string;
  /** What is sent on create/update (without traffic, revision name and etag). */
  resource: CloudRunServiceResource;
  /** Hash of the rendered configuration, excluding the image. */
  configHash: string;
  image: string;
  public: boolean;
  healthPath: string;
  run: ServiceRunSettings;
}

/** Run settings with an environment's overrides applied: the same merge the catalog validates (catalog/overrides.ts). */
export const withOverrides = mergeRun;

/** The service's run settings with the environment's overrides applied. */
export function runSettingsFor(spec: ServiceSpec, envName: string): ServiceRunSettings {
  return withOverrides(spec.run, spec.environments[envName]?.run);
}

export function serviceAccountEmail(account: string, project: string): string {
  return account.includes("@") ? account : `${account}@${project}.iam.gserviceaccount.com`;
}

export { envVars } from "./render-containers.js";

export function vpcAccess(vpc: ServiceRunSettings["vpc"]): VpcAccess | undefined {
  if (!vpc) return undefined;
  if (vpc.connector) return { connector: vpc.connector, egress: EGRESS[vpc.egress] };
  return { networkInterfaces: [{ network: vpc.network ?? null, subnetwork: vpc.subnetwork ?? null }], egress: EGRESS[vpc.egress] };
}

export const durationSecondsOf = (text: string): number => Number(text.replace(/s$/, ""));

export function hashConfig(value: unknown): string {
  return createHash("sha256").update(stableJson(value)).digest("hex").slice(0, 16);
}

/** JSON with sorted keys and without undefined, so equal configurations hash equally. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Where the service lives in an environment: projects/P/locations/R and .../services/ID, ID from the naming rule (catalog/naming.ts). */
export function serviceLocation(spec: ServiceSpec, env: ResolvedEnvironment): CloudRunLocation {
  return cloudRunLocationOf(spec, env);
}

export function renderService(spec: ServiceSpec, env: ResolvedEnvironment, imageDigestRef: string, commit: string): RenderedService {
  const run = runSettingsFor(spec, env.name);
  const { parent, name } = serviceLocation(spec, env);
  const template: RevisionTemplate = {
    labels: { ...run.labels, [MANAGED_BY_LABEL]: MANAGED_BY },
    scaling: { minInstanceCount: run.minInstances, maxInstanceCount: run.maxInstances },
    vpcAccess: vpcAccess(run.vpc),
    timeout: { seconds: durationSecondsOf(run.timeout) },
    serviceAccount: run.serviceAccount ? serviceAccountEmail(run.serviceAccount, env.project) : undefined,
    maxInstanceRequestConcurrency: run.concurrency,
    volumes: renderVolumes(run),
    sessionAffinity: run.sessionAffinity,
    ...placementFields(run),
    containers: [
      {
        name: spec.name,
        image: imageDigestRef,
        ...mainContainerFields(run),
        resources: { limits: mainLimits(run), cpuIdle: !run.cpuAlwaysAllocated, startupCpuBoost: run.startupCpuBoost },
        ports: [{ name: run.http2 ? "h2c" : "http1", containerPort: run.port }],
        startupProbe: renderProbe(run.startupProbe, run.port),
        livenessProbe: renderProbe(run.livenessProbe, run.port),
        readinessProbe: renderProbe(run.readinessProbe, run.port),
      },
      ...renderSidecars(run),
    ],
  };
  const service = serviceLevelFields(run);
  const configHash = hashConfig({ template: { ...template, containers: template.containers?.map((c, i) => (i === 0 ? { ...c, image: undefined } : c)) }, ingress: INGRESS[run.ingress], public: run.public, labels: run.labels, service: Object.keys(service).length ? service : undefined });
  const resource: CloudRunServiceResource = {
    labels: { ...run.labels, [MANAGED_BY_LABEL]: MANAGED_BY, [COMMIT_LABEL]: commit },
    ingress: INGRESS[run.ingress],
    ...service,
    template,
  };
  const rendered = serviceRenderedFields(resource);
  template.annotations = { [CONFIG_HASH_ANNOTATION]: configHash, ...(rendered ? { [RENDERED_FIELDS_ANNOTATION]: rendered } : {}) };
  return {
    name,
    parent,
    serviceId: cloudRunNameOf(spec, env),
    target: spec.name,
    resource,
    configHash,
    image: imageDigestRef,
    public: run.public,
    healthPath: run.healthPath,
    run,
  };
}

/**
 * Service-level settings the catalog sets. Each is present only when the catalog names it: a field
 * left out is kept as it is live (release/resource.ts UNMANAGED_SERVICE_FIELDS carries it over).
 */
export function serviceLevelFields(run: ServiceRunSettings): Pick<CloudRunServiceResource, "scaling" | "iapEnabled" | "invokerIamDisabled" | "customAudiences" | "defaultUriDisabled"> {
  const fields: Pick<CloudRunServiceResource, "scaling" | "iapEnabled" | "invokerIamDisabled" | "customAudiences" | "defaultUriDisabled"> = {};
  const scaling = run.serviceScaling;
  if (scaling) {
    fields.scaling =
      scaling.manualInstances !== undefined
        ? { scalingMode: "MANUAL", manualInstanceCount: scaling.manualInstances }
        : { scalingMode: "AUTOMATIC", minInstanceCount: scaling.minInstances, maxInstanceCount: scaling.maxInstances };
  }
  if (run.iap !== undefined) fields.iapEnabled = run.iap;
  if (run.invokerIamCheck !== undefined) fields.invokerIamDisabled = !run.invokerIamCheck;
  if (run.customAudiences !== undefined) fields.customAudiences = [...run.customAudiences];
  if (run.defaultUrl !== undefined) fields.defaultUriDisabled = !run.defaultUrl;
  return fields;
}

/** Service-level fields the pipeline sends, by name (for diffs and the unmanaged check). */
export const SERVICE_LEVEL_FIELDS = ["scaling", "iapEnabled", "invokerIamDisabled", "customAudiences", "defaultUriDisabled"] as const;
