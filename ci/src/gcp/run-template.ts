/**
 * What Cloud Run v2 revision templates (services) and task templates (jobs) share, rendered from
 * the catalog: the main container's command, args, working dir, probes, mounts and GPU, the volumes
 * (Cloud SQL, secrets as files, Cloud Storage, NFS, in-memory), the sidecars, env and secrets,
 * VPC access, the service account, the pipeline's labels and annotations, and the config hash.
 */
import { createHash } from "node:crypto";
import { CLOUD_SQL_VOLUME } from "../catalog/container-checks.js";
import { mergeRun } from "../catalog/overrides.js";
import type { GpuSettings, ProbeSettings, SidecarSettings, VolumeSettings } from "../catalog/run-fields.js";
import type { ServiceRunSettings } from "../catalog/schema.js";
import type { ContainerSpec, EnvVar, NodeSelector, Probe, Volume, VpcAccess } from "./run-resource.js";

/** What services and jobs both have in `run`. */
export interface ContainerRun {
  env: Record<string, string>;
  secrets: Record<string, { secret: string; version: string }>;
  cloudSqlInstances: string[];
  command?: string[];
  args?: string[];
  workingDir?: string;
  volumes: VolumeSettings[];
  sidecars: SidecarSettings[];
  dependsOn: string[];
  startupCpuBoost?: boolean;
  executionEnvironment?: "gen1" | "gen2";
  gpu?: GpuSettings;
}

export const EXECUTION_ENVIRONMENT = { gen1: "EXECUTION_ENVIRONMENT_GEN1", gen2: "EXECUTION_ENVIRONMENT_GEN2" } as const;
export const GPU_LIMIT = "nvidia.com/gpu";

export function envVars(run: Pick<ContainerRun, "env" | "secrets">): EnvVar[] {
  const plain: EnvVar[] = Object.entries(run.env).map(([name, value]) => ({ name, value }));
  const secret: EnvVar[] = Object.entries(run.secrets).map(([name, ref]) => ({
    name,
    valueSource: { secretKeyRef: { secret: ref.secret, version: ref.version } },
  }));
  return [...plain, ...secret].sort((a, b) => (a.name ?? "").localeCompare(b.name ?? ""));
}

/** A catalog probe as the API takes it; the port defaults to the container's. */
export function renderProbe(p: ProbeSettings | undefined, port?: number): Probe | undefined {
  if (!p) return undefined;
  const at = p.port ?? port;
  return {
    initialDelaySeconds: p.initialDelaySeconds,
    timeoutSeconds: p.timeoutSeconds,
    periodSeconds: p.periodSeconds,
    failureThreshold: p.failureThreshold,
    ...(p.path !== undefined ? { httpGet: { path: p.path, port: at } } : {}),
    ...(p.tcp ? { tcpSocket: { port: at } } : {}),
    ...(p.grpc ? { grpc: { port: at, service: p.grpc.service } } : {}),
  };
}

const secretFileName = (secret: string) => secret.split("/").pop()!;

function renderVolume(v: VolumeSettings): Volume {
  if (v.secret) {
    const item = { path: v.secret.path ?? secretFileName(v.secret.secret), version: v.secret.version, mode: v.secret.mode };
    return { name: v.name, secret: { secret: v.secret.secret, items: [item] } };
  }
  if (v.gcs) return { name: v.name, gcs: { bucket: v.gcs.bucket, readOnly: v.gcs.readOnly, mountOptions: v.gcs.mountOptions.length ? [...v.gcs.mountOptions] : undefined } };
  if (v.nfs) return { name: v.name, nfs: { server: v.nfs.server, path: v.nfs.path, readOnly: v.nfs.readOnly } };
  return { name: v.name, emptyDir: { medium: "MEMORY", sizeLimit: v.inMemory?.sizeLimit } };
}

/** The template's volumes: the pipeline's Cloud SQL volume first, then the catalog's. */
export function renderVolumes(run: ContainerRun): Volume[] | undefined {
  const volumes: Volume[] = [];
  if (run.cloudSqlInstances.length > 0) volumes.push({ name: CLOUD_SQL_VOLUME, cloudSqlInstance: { instances: [...run.cloudSqlInstances] } });
  volumes.push(...run.volumes.map(renderVolume));
  return volumes.length ? volumes : undefined;
}

/** The main container's mounts: Cloud SQL at /cloudsql, every catalog volume at its mountPath. */
function mainMounts(run: ContainerRun): ContainerSpec["volumeMounts"] {
  const mounts = [
    ...(run.cloudSqlInstances.length > 0 ? [{ name: CLOUD_SQL_VOLUME, mountPath: "/cloudsql" }] : []),
    ...run.volumes.map((v) => ({ name: v.name, mountPath: v.mountPath })),
  ];
  return mounts.length ? mounts : undefined;
}

const listOrUndefined = <T>(items: T[] | undefined): T[] | undefined => (items && items.length ? [...items] : undefined);

/** The main container's fields besides image, resources, ports and probes. */
export function mainContainerFields(run: ContainerRun): Pick<ContainerSpec, "command" | "args" | "workingDir" | "env" | "volumeMounts" | "dependsOn"> {
  return {
    command: listOrUndefined(run.command),
    args: listOrUndefined(run.args),
    workingDir: run.workingDir,
    env: envVars(run),
    volumeMounts: mainMounts(run),
    dependsOn: listOrUndefined(run.dependsOn),
  };
}

/** Limits of the main container: CPU, memory and the GPU when there is one. */
export function mainLimits(run: ContainerRun & { cpu: string; memory: string }): Record<string, string> {
  return { cpu: run.cpu, memory: run.memory, ...(run.gpu ? { [GPU_LIMIT]: String(run.gpu.count) } : {}) };
}

export function renderSidecars(run: ContainerRun): ContainerSpec[] {
  return run.sidecars.map((s) => ({
    name: s.name,
    image: s.image,
    command: listOrUndefined(s.command),
    args: listOrUndefined(s.args),
    workingDir: s.workingDir,
    env: envVars(s),
    resources: { limits: { cpu: s.cpu, memory: s.memory } },
    volumeMounts: s.mounts.length ? s.mounts.map((m) => ({ name: m.volume, mountPath: m.mountPath })) : undefined,
    startupProbe: renderProbe(s.startupProbe),
    livenessProbe: renderProbe(s.livenessProbe),
    dependsOn: listOrUndefined(s.dependsOn),
  }));
}

/** Template-level fields a GPU or the execution environment set. */
export function placementFields(run: ContainerRun): { executionEnvironment?: string; nodeSelector?: NodeSelector; gpuZonalRedundancyDisabled?: boolean } {
  return {
    executionEnvironment: run.executionEnvironment ? EXECUTION_ENVIRONMENT[run.executionEnvironment] : undefined,
    nodeSelector: run.gpu ? { accelerator: run.gpu.type } : undefined,
    gpuZonalRedundancyDisabled: run.gpu ? !run.gpu.zonalRedundancy : undefined,
  };
}

export const CONFIG_HASH_ANNOTATION = "cloud-run-pipeline/config-hash";

export const MANAGED_BY_LABEL = "managed-by";

export const COMMIT_LABEL = "commit";

export const MANAGED_BY = "cloud-run-pipeline";

const EGRESS = { "all-traffic": "ALL_TRAFFIC", "private-ranges-only": "PRIVATE_RANGES_ONLY" } as const;

/** Run settings with an environment's overrides applied: the same merge the catalog validates (catalog/overrides.ts). */
export const withOverrides = mergeRun;

export function serviceAccountEmail(account: string, project: string): string {
  return account.includes("@") ? account : `${account}@${project}.iam.gserviceaccount.com`;
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
