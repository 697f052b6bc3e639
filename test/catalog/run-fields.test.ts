/**
 * The container fields of `run` (command, args, volumes, sidecars, probes of every kind, GPU,
 * billing, execution environment, service scaling, IAP / invoker check / audiences / default URL):
 * one invalid case per rule (file + field + the rule's wording) and the valid shapes accepted, for
 * services and jobs, in the base settings and in an environment's overrides.
 */
import { describe, expect, it } from "vitest";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import { type Doc, type DocKind, type InvalidCase, catalogErrorOf, catalogFiles, expectProblem, paths } from "./fixtures.js";

const IMAGE = `otel/opentelemetry-collector:0.111.0@sha256:${"a".repeat(64)}`;
const run = (d: Record<DocKind, Doc>, fields: Doc) => void Object.assign(d.service.run, fields);
const jobRun = (d: Record<DocKind, Doc>, fields: Doc) => void (d.job.run = { ...(d.job.run ?? {}), ...fields });
const sidecar = (fields: Doc = {}): Doc => ({ name: "otel", image: IMAGE, ...fields });

const invalid: InvalidCase[] = [
  {
    case: "a volume with two sources",
    files: () => catalogFiles((d) => run(d, { volumes: [{ name: "data", mountPath: "/data", gcs: { bucket: "acme-data" }, inMemory: {} }] })),
    file: paths.service,
    field: "run.volumes[0]",
    says: "give exactly one of secret, gcs, nfs, inMemory; got gcs and inMemory",
  },
  {
    case: "a volume with no source",
    files: () => catalogFiles((d) => run(d, { volumes: [{ name: "data", mountPath: "/data" }] })),
    file: paths.service,
    field: "run.volumes[0]",
    says: "give exactly one of secret, gcs, nfs, inMemory; got none",
  },
  ...["/proc/x", "/dev", "/sys/fs"].map(
    (mountPath): InvalidCase => ({
      case: `a mount at ${mountPath}`,
      files: () => catalogFiles((d) => run(d, { volumes: [{ name: "data", mountPath, inMemory: {} }] })),
      file: paths.service,
      field: "run.volumes[0].mountPath",
      says: "Cloud Run does not allow volumes at /dev, /proc, /sys or below them",
    }),
  ),
  {
    case: "a relative mount path",
    files: () => catalogFiles((d) => run(d, { volumes: [{ name: "data", mountPath: "data", inMemory: {} }] })),
    file: paths.service,
    field: "run.volumes[0].mountPath",
    says: 'must be an absolute path without ":"',
  },
  {
    case: "two volumes at one path",
    files: () => catalogFiles((d) => run(d, { volumes: [{ name: "a", mountPath: "/data", inMemory: {} }, { name: "b", mountPath: "/data", inMemory: {} }] })),
    file: paths.service,
    field: "run.volumes[1].mountPath",
    says: "/data is already used by volumes[0]",
  },
  {
    case: "a volume at /cloudsql with Cloud SQL instances",
    files: () => catalogFiles((d) => run(d, { cloudSqlInstances: ["acme-dev:europe-west1:main"], volumes: [{ name: "a", mountPath: "/cloudsql", inMemory: {} }] })),
    file: paths.service,
    field: "run.volumes[0].mountPath",
    says: "/cloudsql is already used by cloudSqlInstances",
  },
  {
    case: "a volume named cloudsql",
    files: () => catalogFiles((d) => run(d, { volumes: [{ name: "cloudsql", mountPath: "/x", inMemory: {} }] })),
    file: paths.service,
    field: "run.volumes[0].name",
    says: '"cloudsql" is the volume the pipeline mounts for cloudSqlInstances',
  },
  {
    case: "a secret file path climbing out of the mount",
    files: () => catalogFiles((d) => run(d, { volumes: [{ name: "cfg", mountPath: "/etc/app", secret: { secret: "app-config", path: "../passwd" } }] })),
    file: paths.service,
    field: "run.volumes[0].secret.path",
    says: "must be a file name relative to mountPath",
  },
  {
    case: "an in-memory volume larger than the instance's memory",
    files: () => catalogFiles((d) => run(d, { memory: "512Mi", volumes: [{ name: "tmp", mountPath: "/scratch", inMemory: { sizeLimit: "1Gi" } }] })),
    file: paths.service,
    field: "run.volumes[0].inMemory.sizeLimit",
    says: "1Gi is more than the instance's memory (512Mi)",
  },
  {
    case: "a Cloud Storage volume on a bucket name Google refuses",
    files: () => catalogFiles((d) => run(d, { volumes: [{ name: "d", mountPath: "/d", gcs: { bucket: "goog-data" } }] })),
    file: paths.service,
    field: "run.volumes[0].gcs.bucket",
    says: "goog",
  },
  {
    case: "a sidecar image not pinned by digest",
    files: () => catalogFiles((d) => run(d, { sidecars: [sidecar({ image: "otel/opentelemetry-collector:latest" })] })),
    file: paths.service,
    field: "run.sidecars[0].image",
    says: "must be pinned by tag and digest",
  },
  {
    case: "a sidecar mounting an undeclared volume",
    files: () => catalogFiles((d) => run(d, { sidecars: [sidecar({ mounts: [{ volume: "conf", mountPath: "/etc/otel" }] })] })),
    file: paths.service,
    field: "run.sidecars[0].mounts[0].volume",
    says: 'no volume named "conf" in run.volumes (declared: none)',
  },
  {
    case: "the main container depending on an unknown sidecar",
    files: () => catalogFiles((d) => run(d, { sidecars: [sidecar()], dependsOn: ["proxy"] })),
    file: paths.service,
    field: "run.dependsOn[0]",
    says: '"proxy" is not a sidecar of this target (sidecars: otel)',
  },
  {
    case: "sidecars depending on each other in a cycle",
    files: () => catalogFiles((d) => run(d, { sidecars: [sidecar({ name: "a", dependsOn: ["b"] }), sidecar({ name: "b", dependsOn: ["a"] })] })),
    file: paths.service,
    field: "run.sidecars",
    says: "sidecars depend on each other in a cycle (a -> b -> a)",
  },
  {
    case: "two sidecars with one name",
    files: () => catalogFiles((d) => run(d, { sidecars: [sidecar(), sidecar()] })),
    file: paths.service,
    field: "run.sidecars[1].name",
    says: 'sidecar "otel" is declared twice',
  },
  {
    case: "ten sidecars (eleven containers)",
    files: () => catalogFiles((d) => run(d, { cpu: "0.08", concurrency: 1, memory: "128Mi", sidecars: Array.from({ length: 10 }, (_, i) => sidecar({ name: `s${i}`, cpu: "0.08", memory: "128Mi" })) })),
    file: paths.service,
    field: "run.sidecars",
    says: "Cloud Run allows at most 10 containers per instance",
  },
  {
    case: "containers asking for more than 8 vCPU together",
    files: () => catalogFiles((d) => run(d, { cpu: "8", memory: "8Gi", sidecars: [sidecar({ cpu: "2", memory: "1Gi" })] })),
    file: paths.service,
    field: "run.sidecars",
    says: "the containers ask for 10 vCPU together; Cloud Run allows at most 8 per instance",
  },
  {
    case: "a sidecar probe without a port",
    files: () => catalogFiles((d) => run(d, { sidecars: [sidecar({ startupProbe: { tcp: true } })] })),
    file: paths.service,
    field: "run.sidecars[0].startupProbe.port",
    says: "a sidecar has no serving port, so its probe must name the port it checks",
  },
  {
    case: "a sidecar variable Cloud Run reserves",
    files: () => catalogFiles((d) => run(d, { sidecars: [sidecar({ env: { K_SERVICE: "x" } })] })),
    file: paths.service,
    field: "run.sidecars[0].env.K_SERVICE",
    says: "K_SERVICE is reserved",
  },
  {
    case: "a TCP liveness probe",
    files: () => catalogFiles((d) => run(d, { livenessProbe: { tcp: true } })),
    file: paths.service,
    field: "run.livenessProbe.tcp",
    says: "only startup probes can be TCP",
  },
  {
    case: "a probe with both a path and gRPC",
    files: () => catalogFiles((d) => run(d, { readinessProbe: { path: "/ready", grpc: {} } })),
    file: paths.service,
    field: "run.readinessProbe",
    says: "give exactly one of path (HTTP), grpc: {}; got path and grpc",
  },
  {
    case: "a probe with no check at all",
    files: () => catalogFiles((d) => run(d, { startupProbe: { periodSeconds: 5 } })),
    file: paths.service,
    field: "run.startupProbe",
    says: "give exactly one of path (HTTP), tcp: true, grpc: {}; got none",
  },
  {
    case: "CPU always allocated below 1 vCPU",
    files: () => catalogFiles((d) => run(d, { cpu: "0.5", concurrency: 1, cpuAlwaysAllocated: true })),
    file: paths.service,
    field: "run.cpuAlwaysAllocated",
    says: "cpu 0.5 is below 1 vCPU, where Cloud Run requires request-based billing",
  },
  {
    case: "the second generation below 1 vCPU",
    files: () => catalogFiles((d) => run(d, { cpu: "0.5", concurrency: 1, executionEnvironment: "gen2" })),
    file: paths.service,
    field: "run.executionEnvironment",
    says: "requires the first generation environment",
  },
  {
    case: "an unknown execution environment",
    files: () => catalogFiles((d) => run(d, { executionEnvironment: "gen3" })),
    file: paths.service,
    field: "run.executionEnvironment",
    says: 'must be "gen1" or "gen2"',
  },
  {
    case: "a GPU with 1 vCPU",
    files: () => catalogFiles((d) => run(d, { cpuAlwaysAllocated: true, memory: "4Gi", gpu: { type: "nvidia-l4" } })),
    file: paths.service,
    field: "run.gpu",
    says: "a nvidia-l4 GPU needs at least 4 vCPU; cpu is 1",
  },
  {
    case: "a GPU with request-based billing",
    files: () => catalogFiles((d) => run(d, { cpu: "4", memory: "16Gi", gpu: { type: "nvidia-l4" } })),
    file: paths.service,
    field: "run.gpu",
    says: "a GPU needs instance-based billing: set cpuAlwaysAllocated: true",
  },
  {
    case: "two GPUs",
    files: () => catalogFiles((d) => run(d, { cpu: "4", memory: "16Gi", cpuAlwaysAllocated: true, gpu: { type: "nvidia-l4", count: 2 } })),
    file: paths.service,
    field: "run.gpu.count",
    says: "Cloud Run attaches exactly one GPU per instance",
  },
  {
    case: "an unknown GPU type",
    files: () => catalogFiles((d) => run(d, { gpu: { type: "nvidia-h100" } })),
    file: paths.service,
    field: "run.gpu.type",
    says: "must be a Cloud Run GPU type: nvidia-l4",
  },
  {
    case: "the default URL disabled without a startup probe to gate on",
    files: () => catalogFiles((d) => run(d, { defaultUrl: false })),
    file: paths.service,
    field: "run.defaultUrl",
    says: "add an HTTP or gRPC startupProbe",
  },
  {
    case: "manual service scaling with a range",
    files: () => catalogFiles((d) => run(d, { serviceScaling: { manualInstances: 3, minInstances: 1 } })),
    file: paths.service,
    field: "run.serviceScaling.manualInstances",
    says: "manual scaling runs exactly manualInstances instances",
  },
  {
    case: "service minInstances above service maxInstances",
    files: () => catalogFiles((d) => run(d, { serviceScaling: { minInstances: 5, maxInstances: 2 } })),
    file: paths.service,
    field: "run.serviceScaling.minInstances",
    says: "5 is above serviceScaling.maxInstances (2)",
  },
  {
    case: "more than 1000 arguments",
    files: () => catalogFiles((d) => run(d, { args: Array.from({ length: 1001 }, (_, i) => `a${i}`) })),
    file: paths.service,
    field: "run.args",
    says: "Cloud Run allows at most 1000 arguments per container",
  },
  {
    case: "a number as an argument",
    files: () => catalogFiles((d) => run(d, { args: ["--workers", 2] })),
    file: paths.service,
    field: "run.args[1]",
    says: "each argument is a string; quote numbers",
  },
  {
    case: "a relative working directory",
    files: () => catalogFiles((d) => run(d, { workingDir: "app" })),
    file: paths.service,
    field: "run.workingDir",
    says: 'must be an absolute path such as "/app"',
  },
  {
    case: "a job sidecar depending on itself",
    files: () => catalogFiles((d) => jobRun(d, { sidecars: [sidecar({ dependsOn: ["otel"] })] })),
    file: paths.job,
    field: "run.sidecars[0].dependsOn[0]",
    says: 'sidecar "otel" cannot depend on itself',
  },
  {
    case: "a job GPU with too little memory",
    files: () => catalogFiles((d) => jobRun(d, { cpu: "4", memory: "8Gi", gpu: { type: "nvidia-l4" } })),
    file: paths.job,
    field: "run.gpu",
    says: "a nvidia-l4 GPU needs at least 16Gi of memory; memory is 8Gi",
  },
  {
    case: "service-only fields on a job",
    files: () => catalogFiles((d) => jobRun(d, { sessionAffinity: true })),
    file: paths.job,
    field: "run.sessionAffinity",
    says: 'unknown field "sessionAffinity"',
  },
  {
    case: "a prod override whose memory makes the in-memory volume too large",
    files: () => catalogFiles((d) => {
      run(d, { memory: "2Gi", volumes: [{ name: "tmp", mountPath: "/scratch", inMemory: { sizeLimit: "1Gi" } }] });
      d.service.environments = { prod: { run: { memory: "512Mi" } } };
    }),
    file: paths.service,
    field: "environments.prod.run.memory",
    says: "in prod: 1Gi is more than the instance's memory (512Mi)",
  },
  {
    case: "a prod override adding a sidecar that mounts a volume the base does not declare",
    files: () => catalogFiles((d) => void (d.service.environments = { prod: { run: { sidecars: [sidecar({ mounts: [{ volume: "conf", mountPath: "/c" }] })] } } })),
    file: paths.service,
    field: "environments.prod.run.sidecars[0].mounts[0].volume",
    says: 'in prod: no volume named "conf"',
  },
];

describe("parseCatalog rejects container settings Cloud Run would refuse", () => {
  it.each(invalid)("$case", ({ files, file, field, says }) => {
    expectProblem(catalogErrorOf(files()).problems, file, field, says);
  });
});

const valid: Array<{ case: string; edit: (d: Record<DocKind, Doc>) => void }> = [
  {
    case: "every volume kind, mounted in the main container and a sidecar",
    edit: (d) =>
      run(d, {
        memory: "2Gi",
        volumes: [
          { name: "cfg", mountPath: "/etc/app", secret: { secret: "app-config", version: "3", path: "config.json", mode: 0o400 } },
          { name: "reports", mountPath: "/reports", gcs: { bucket: "acme-reports", readOnly: true, mountOptions: ["implicit-dirs", "only-dir=daily"] } },
          { name: "share", mountPath: "/mnt/share", nfs: { server: "10.0.0.2", path: "/share" } },
          { name: "scratch", mountPath: "/scratch", inMemory: { sizeLimit: "256Mi" } },
        ],
        sidecars: [sidecar({ mounts: [{ volume: "cfg", mountPath: "/etc/otel" }], startupProbe: { tcp: true, port: 4317 }, cpu: "0.5", memory: "256Mi" })],
        dependsOn: ["otel"],
      }),
  },
  {
    case: "command, args and a working directory for a job reusing one image",
    edit: (d) => jobRun(d, { command: ["python", "-m", "ingest"], args: ["--full-refresh"], workingDir: "/app" }),
  },
  {
    case: "HTTP, TCP and gRPC probes where each is allowed",
    edit: (d) => run(d, { startupProbe: { tcp: true }, livenessProbe: { grpc: { service: "health" } }, readinessProbe: { path: "/ready", periodSeconds: 5 } }),
  },
  {
    case: "a GPU service with CPU always allocated and no zonal redundancy",
    edit: (d) => run(d, { cpu: "4", memory: "16Gi", cpuAlwaysAllocated: true, gpu: { type: "nvidia-l4", zonalRedundancy: false }, executionEnvironment: "gen2", startupCpuBoost: true }),
  },
  {
    case: "a GPU job",
    edit: (d) => jobRun(d, { cpu: "4", memory: "16Gi", gpu: { type: "nvidia-l4" } }),
  },
  {
    case: "session affinity, h2c, service scaling, IAP, no invoker check, custom audiences",
    edit: (d) =>
      run(d, { sessionAffinity: true, http2: true, serviceScaling: { minInstances: 1, maxInstances: 20 }, iap: true, invokerIamCheck: false, customAudiences: ["https://api.acme.example"] }),
  },
  {
    case: "manual service scaling",
    edit: (d) => run(d, { serviceScaling: { manualInstances: 3 } }),
  },
  {
    case: "the default URL disabled with an HTTP startup probe",
    edit: (d) => run(d, { defaultUrl: false, startupProbe: { path: "/health" } }),
  },
  {
    case: "a prod override adding a sidecar and a volume",
    edit: (d) => void (d.service.environments = { prod: { run: { volumes: [{ name: "c", mountPath: "/c", inMemory: {} }], sidecars: [sidecar({ mounts: [{ volume: "c", mountPath: "/c" }] })] } } }),
  },
];

describe("parseCatalog accepts the container settings Cloud Run accepts", () => {
  it.each(valid)("$case", ({ edit }) => {
    expect(() => parseCatalog(catalogFiles(edit))).not.toThrow();
  });
});
