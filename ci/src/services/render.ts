/**
 * Renders a catalog service into the Cloud Run v2 Service the pipeline wants live: one place that
 * builds the request (image by digest, env, secrets, account, resources, scaling, probes, Cloud SQL,
 * VPC, ingress, labels), plus a hash of it for skip-unchanged.
 */
import type { ResolvedEnvironment } from "../catalog/lookup.js";
import { type CloudRunLocation, cloudRunLocationOf, cloudRunNameOf } from "../catalog/naming.js";
import type { ServiceRunSettings, ServiceSpec } from "../catalog/schema.js";
import { type CloudRunServiceResource, RENDERED_FIELDS_ANNOTATION, type RevisionTemplate } from "../gcp/run-resource.js";
import { COMMIT_LABEL, CONFIG_HASH_ANNOTATION, durationSecondsOf, hashConfig, mainContainerFields, mainLimits, MANAGED_BY, MANAGED_BY_LABEL, placementFields, renderProbe, renderSidecars, renderVolumes, serviceAccountEmail, vpcAccess, withOverrides } from "../gcp/run-template.js";
import { serviceRenderedFields } from "./unmanaged.js";

const INGRESS = {
  all: "INGRESS_TRAFFIC_ALL",
  internal: "INGRESS_TRAFFIC_INTERNAL_ONLY",
  "internal-and-cloud-load-balancing": "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
} as const;

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

/** The service's run settings with the environment's overrides applied. */
export function runSettingsFor(spec: ServiceSpec, envName: string): ServiceRunSettings {
  return withOverrides(spec.run, spec.environments[envName]?.run);
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
 * left out is kept as it is live (gcp/run-resource.ts UNMANAGED_SERVICE_FIELDS carries it over).
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
