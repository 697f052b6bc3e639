/**
 * The `run` fields that describe containers beyond the main image: probes of every kind, volumes
 * (secrets as files, Cloud Storage, NFS, in-memory), sidecars, GPUs, the execution environment and
 * service-level scaling. Cross-field rules (mounts naming volumes, dependsOn, totals, GPU minimums)
 * are in container-checks.ts. Sources: https://cloud.google.com/run/docs/configuring/healthchecks,
 * .../services/secrets, .../services/cloud-storage-volume-mounts, .../services/nfs-volume-mounts,
 * .../services/in-memory-volume-mounts, .../services/containers (sidecars), .../services/gpu.
 */
import { z } from "zod";
import { bucketName, cloudRunEnvMap, cpu, envVarName, httpPath, memory, pinnedImage } from "./fields.js";
import { PROBE_LIMITS } from "./limits.js";

/** At most 1000 arguments per container (https://cloud.google.com/run/docs/configuring/services/containers). */
export const MAX_CONTAINER_ARGS = 1000;

/** Container command (replaces the image's ENTRYPOINT) and arguments (replace its CMD). */
export const containerArgs = z
  .array(z.string({ error: "each argument is a string; quote numbers" }), { error: 'must be a list of strings, e.g. ["--workers", "2"]' })
  .max(MAX_CONTAINER_ARGS, { error: `Cloud Run allows at most ${MAX_CONTAINER_ARGS} arguments per container` });

export const workingDir = z.string().regex(/^\/[^:]*$/, { error: 'must be an absolute path such as "/app"' });

/** A container or volume name: a DNS label (k8s.min.proto Container.name, Volume.name). */
export const dnsLabel = z.string().regex(/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/, {
  error: "must be a DNS label: 1-63 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen",
});

/** Cloud Run refuses mounts at /dev, /proc, /sys and below (".../services/nfs-volume-mounts", "Disallowed paths"). */
const DISALLOWED_MOUNT = /^\/(dev|proc|sys)(\/|$)/;

export const mountPath = z
  .string()
  .regex(/^\/[^:]*$/, { error: 'must be an absolute path without ":", such as "/etc/app"', abort: true })
  .refine((p) => p !== "/", { error: 'cannot be "/": mount the volume in a folder such as "/data"', abort: true })
  .refine((p) => !DISALLOWED_MOUNT.test(p), { error: "Cloud Run does not allow volumes at /dev, /proc, /sys or below them; choose another folder" });

/**
 * One probe: `path` (HTTP GET), `tcp: true` (startup probes only) or `grpc` (the gRPC health
 * service, optionally named). `port` defaults to the container's port (required for sidecars).
 */
function probeSpec(kind: "startup" | "liveness" | "readiness", max: number) {
  return z
    .strictObject({
      path: httpPath.optional(),
      tcp: z.literal(true, { error: "must be true (a TCP probe), or leave it out" }).optional(),
      grpc: z.strictObject({ service: z.string().optional() }).optional(),
      port: z.number().int().min(1).max(65535).optional(),
      initialDelaySeconds: z.number().int().min(0).max(max).default(0),
      periodSeconds: z.number().int().min(1).max(max).default(10),
      timeoutSeconds: z.number().int().min(1).max(PROBE_LIMITS.timeout).default(1),
      failureThreshold: z.number().int().min(1).max(100).default(3),
    })
    .superRefine((probe, ctx) => {
      const kinds = [probe.path !== undefined && "path", probe.tcp && "tcp", probe.grpc && "grpc"].filter(Boolean);
      if (kinds.length !== 1) {
        ctx.addIssue({
          code: "custom",
          path: [],
          input: probe,
          message: `give exactly one of path (HTTP), ${kind === "startup" ? "tcp: true, " : ""}grpc: {}; got ${kinds.length ? kinds.join(" and ") : "none"}`,
        });
      }
      if (probe.tcp && kind !== "startup") {
        ctx.addIssue({ code: "custom", path: ["tcp"], input: true, message: `Cloud Run ${kind} probes are HTTP or gRPC; only startup probes can be TCP` });
      }
      if (probe.timeoutSeconds > probe.periodSeconds) {
        ctx.addIssue({
          code: "custom",
          path: ["timeoutSeconds"],
          input: probe.timeoutSeconds,
          message: `must not be longer than periodSeconds (${probe.periodSeconds}s${probe.periodSeconds === 10 ? ", the default" : ""}); Cloud Run requires timeoutSeconds <= periodSeconds: lower timeoutSeconds or raise periodSeconds`,
        });
      }
    });
}

export const StartupProbeSpec = probeSpec("startup", PROBE_LIMITS.startup);
export const LivenessProbeSpec = probeSpec("liveness", PROBE_LIMITS.liveness);
export const ReadinessProbeSpec = probeSpec("readiness", PROBE_LIMITS.liveness);
export type ProbeSettings = z.output<typeof StartupProbeSpec>;

const secretId = z.string().regex(/^[A-Za-z0-9_-]{1,255}$|^projects\/[^/]+\/secrets\/[A-Za-z0-9_-]+$/, {
  error: 'must be a Secret Manager secret id such as "openai-api-key" or "projects/P/secrets/NAME"',
});

const secretVersion = z.string().regex(/^(latest|[1-9][0-9]*)$/, { error: 'must be "latest" or a version number such as "3"' });

/** A file name inside the mount folder: relative, no "..". */
const fileInMount = z.string().regex(/^(?!\.\.?(\/|$))[^/:][^:]*$/, { error: 'must be a file name relative to mountPath, such as "config.json"' }).refine((p) => !p.split("/").includes(".."), {
  error: 'must not contain ".."',
});

const SecretVolume = z.strictObject({
  secret: secretId,
  version: secretVersion.default("latest"),
  /** File name in mountPath (default: the secret's id). */
  path: fileInMount.optional(),
  /** File mode, e.g. 0o400 written as 256 (octal in YAML 1.2: 0o400). */
  mode: z.number().int().min(0).max(0o777).optional(),
});

const GcsVolume = z.strictObject({
  bucket: bucketName,
  readOnly: z.boolean().default(false),
  /** Cloud Storage FUSE mount options, e.g. ["implicit-dirs", "only-dir=reports"]. */
  mountOptions: z.array(z.string().regex(/^[a-z][a-z0-9-]*(=[^,\s]+)?$/, { error: 'must be a gcsfuse option such as "implicit-dirs" or "only-dir=reports"' })).default([]),
});

const NfsVolume = z.strictObject({
  /** IP address or host name of the NFS server (e.g. a Filestore instance). */
  server: z.string().regex(/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/, { error: 'must be the NFS server\'s IP address or host name, such as "10.0.0.2"' }),
  path: z.string().regex(/^\/[^:]*$/, { error: 'must be the exported path, absolute, such as "/share"' }),
  readOnly: z.boolean().default(false),
});

const InMemoryVolume = z.strictObject({
  /** Upper bound of the volume (it uses the instance's memory); default: Cloud Run's (half the memory limit). */
  sizeLimit: memory.optional(),
});

export const VolumeSpec = z
  .strictObject({
    name: dnsLabel,
    /** Where the main container sees it; sidecars mount volumes by name (sidecars[].mounts). */
    mountPath,
    secret: SecretVolume.optional(),
    gcs: GcsVolume.optional(),
    nfs: NfsVolume.optional(),
    inMemory: InMemoryVolume.optional(),
  })
  .superRefine((v, ctx) => {
    const kinds = (["secret", "gcs", "nfs", "inMemory"] as const).filter((k) => v[k] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({ code: "custom", path: [], input: v, message: `give exactly one of secret, gcs, nfs, inMemory; got ${kinds.length ? kinds.join(" and ") : "none"}` });
    }
  });

export const VolumeMountSpec = z.strictObject({ volume: dnsLabel, mountPath });

/** A Secret Manager secret read as an environment variable. */
export const SecretRef = z.strictObject({
  /** Secret Manager secret name (in the environment's project) or full resource name. */
  secret: secretId,
  /** Secret version; pin a number for reproducible releases. */
  version: secretVersion.default("latest"),
});

const secretRefs = z.record(envVarName, SecretRef);

export const SidecarSpec = z.strictObject({
  name: dnsLabel,
  /** Pinned by tag and digest, as every image the pipeline runs. */
  image: pinnedImage,
  command: containerArgs.optional(),
  args: containerArgs.optional(),
  workingDir: workingDir.optional(),
  env: cloudRunEnvMap.default({}),
  secrets: secretRefs.default({}),
  cpu: cpu.default("1"),
  memory: memory.default("512Mi"),
  /** Volumes of run.volumes this sidecar sees, and where. */
  mounts: z.array(VolumeMountSpec).default([]),
  /** Sidecars this one starts after (they must pass their startup probes first). */
  dependsOn: z.array(dnsLabel).default([]),
  startupProbe: StartupProbeSpec.optional(),
  livenessProbe: LivenessProbeSpec.optional(),
});

/** GPU types Cloud Run offers with the CPU and memory each needs (https://cloud.google.com/run/docs/configuring/services/gpu). */
export const GPU_TYPES = { "nvidia-l4": { minCpu: 4, minMemoryGi: 16 } } as const;

export const GpuSpec = z.strictObject({
  type: z.enum(Object.keys(GPU_TYPES) as [keyof typeof GPU_TYPES], { error: `must be a Cloud Run GPU type: ${Object.keys(GPU_TYPES).join(", ")}` }),
  /** One GPU per instance (Cloud Run's only choice). */
  count: z.literal(1, { error: "Cloud Run attaches exactly one GPU per instance: write 1" }).default(1),
  /** false: no zonal redundancy (cheaper, less available). Default true, Cloud Run's default. */
  zonalRedundancy: z.boolean().default(true),
});

export const executionEnvironment = z.enum(["gen1", "gen2"], { error: 'must be "gen1" or "gen2" (Cloud Run\'s execution environments)' });

/** Service-level scaling (Service.scaling): shared by all revisions that serve traffic. */
export const ServiceScalingSpec = z.strictObject({
  minInstances: z.number().int().min(0).max(1000).optional(),
  maxInstances: z.number().int().min(1).max(1000).optional(),
  /** Manual scaling: exactly this many instances, whatever the traffic. */
  manualInstances: z.number().int().min(0).max(1000).optional(),
});

export type VolumeSettings = z.output<typeof VolumeSpec>;
export type SidecarSettings = z.output<typeof SidecarSpec>;
export type GpuSettings = z.output<typeof GpuSpec>;
