/**
 * Renders a catalog service into the Cloud Run v2 Service the pipeline wants live: one place that
 * builds the request (image by digest, env, secrets, account, resources, scaling, probes, Cloud SQL,
 * VPC, ingress, labels), plus a hash of it for skip-unchanged.
 */
import { createHash } from "node:crypto";
import type { ResolvedEnvironment } from "../catalog/lookup.js";
import { mergeRun } from "../catalog/overrides.js";
import type { ServiceRunSettings, ServiceSpec } from "../catalog/schema.js";
import type { CloudRunServiceResource, EnvVar, Probe, RevisionTemplate, VpcAccess } from "./resource.js";

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
  serviceId: string;
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

export function envVars(run: Pick<ServiceRunSettings, "env" | "secrets">): EnvVar[] {
  const plain: EnvVar[] = Object.entries(run.env).map(([name, value]) => ({ name, value }));
  const secret: EnvVar[] = Object.entries(run.secrets).map(([name, ref]) => ({
    name,
    valueSource: { secretKeyRef: { secret: ref.secret, version: ref.version } },
  }));
  return [...plain, ...secret].sort((a, b) => (a.name ?? "").localeCompare(b.name ?? ""));
}

function probe(p: ServiceRunSettings["startupProbe"], port: number): Probe | undefined {
  if (!p) return undefined;
  return {
    initialDelaySeconds: p.initialDelaySeconds,
    timeoutSeconds: p.timeoutSeconds,
    periodSeconds: p.periodSeconds,
    failureThreshold: p.failureThreshold,
    httpGet: { path: p.path, port },
  };
}

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

/** Where the service lives in an environment: projects/P/locations/R and .../services/NAME. */
export function serviceLocation(spec: ServiceSpec, env: ResolvedEnvironment): { parent: string; name: string; region: string } {
  const region = runSettingsFor(spec, env.name).region ?? env.region;
  const parent = `projects/${env.project}/locations/${region}`;
  return { parent, name: `${parent}/services/${spec.name}`, region };
}

export function renderService(spec: ServiceSpec, env: ResolvedEnvironment, imageDigestRef: string, commit: string): RenderedService {
  const run = runSettingsFor(spec, env.name);
  const { parent, name } = serviceLocation(spec, env);
  const cloudSql = run.cloudSqlInstances.length > 0;
  const template: RevisionTemplate = {
    labels: { ...run.labels, [MANAGED_BY_LABEL]: MANAGED_BY },
    scaling: { minInstanceCount: run.minInstances, maxInstanceCount: run.maxInstances },
    vpcAccess: vpcAccess(run.vpc),
    timeout: { seconds: durationSecondsOf(run.timeout) },
    serviceAccount: run.serviceAccount ? serviceAccountEmail(run.serviceAccount, env.project) : undefined,
    maxInstanceRequestConcurrency: run.concurrency,
    volumes: cloudSql ? [{ name: "cloudsql", cloudSqlInstance: { instances: [...run.cloudSqlInstances] } }] : undefined,
    containers: [
      {
        name: spec.name,
        image: imageDigestRef,
        env: envVars(run),
        resources: { limits: { cpu: run.cpu, memory: run.memory }, cpuIdle: true },
        ports: [{ name: "http1", containerPort: run.port }],
        volumeMounts: cloudSql ? [{ name: "cloudsql", mountPath: "/cloudsql" }] : undefined,
        startupProbe: probe(run.startupProbe, run.port),
        livenessProbe: probe(run.livenessProbe, run.port),
      },
    ],
  };
  const configHash = hashConfig({ template: { ...template, containers: template.containers?.map((c) => ({ ...c, image: undefined })) }, ingress: INGRESS[run.ingress], public: run.public, labels: run.labels });
  template.annotations = { [CONFIG_HASH_ANNOTATION]: configHash };
  const resource: CloudRunServiceResource = {
    labels: { ...run.labels, [MANAGED_BY_LABEL]: MANAGED_BY, [COMMIT_LABEL]: commit },
    ingress: INGRESS[run.ingress],
    template,
  };
  return {
    name,
    parent,
    serviceId: spec.name,
    resource,
    configHash,
    image: imageDigestRef,
    public: run.public,
    healthPath: run.healthPath,
    run,
  };
}
