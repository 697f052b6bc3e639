/**
 * Cross-field rules of volumes, sidecars, GPUs and billing, as Cloud Run applies them to one
 * revision (or task) template. Fields are relative to `run`. Sources:
 * https://cloud.google.com/run/docs/deploying#sidecars (up to 10 containers, one ingress container),
 * https://cloud.google.com/run/docs/configuring/services/containers#container-ordering (dependsOn),
 * https://cloud.google.com/run/docs/configuring/services/cpu (below 1 vCPU: request-based billing
 * and the first generation environment), https://cloud.google.com/run/docs/configuring/services/gpu
 * (one GPU, at least 4 vCPU and 16 GiB, instance-based billing), the volume pages' "Disallowed
 * paths" and https://cloud.google.com/run/docs/configuring/services/in-memory-volume-mounts.
 */
import { MAX_MEMORY_MIB } from "./limits.js";
import { cpuValue, memoryMiB } from "./resources.js";
import { GPU_TYPES, type GpuSettings, type ProbeSettings, type SidecarSettings, type VolumeSettings } from "./run-fields.js";

export const MAX_CONTAINERS = 10;
export const MAX_TOTAL_CPU = 8;
/** The volume the pipeline mounts Cloud SQL sockets through, at /cloudsql. */
export const CLOUD_SQL_VOLUME = "cloudsql";

export interface ContainerProblem {
  field: string;
  message: string;
  alsoAt?: string[];
}

export interface ContainerSettings {
  kind: "service" | "job";
  cpu: string;
  memory: string;
  volumes: VolumeSettings[];
  sidecars: SidecarSettings[];
  dependsOn: string[];
  cloudSqlInstances: string[];
  gpu?: GpuSettings;
  executionEnvironment?: "gen1" | "gen2";
  /** Services only. */
  cpuAlwaysAllocated?: boolean;
  defaultUrl?: boolean;
  startupProbe?: ProbeSettings;
}

export function containerProblems(run: ContainerSettings): ContainerProblem[] {
  return [...volumeProblems(run), ...sidecarProblems(run), ...billingProblems(run)];
}

function volumeProblems(run: ContainerSettings): ContainerProblem[] {
  const problems: ContainerProblem[] = [];
  const names = new Set<string>();
  const paths = new Map<string, string>();
  if (run.cloudSqlInstances.length > 0) paths.set("/cloudsql", "cloudSqlInstances");
  run.volumes.forEach((v, i) => {
    if (v.name === CLOUD_SQL_VOLUME) problems.push({ field: `volumes[${i}].name`, message: `"${CLOUD_SQL_VOLUME}" is the volume the pipeline mounts for cloudSqlInstances; choose another name` });
    else if (names.has(v.name)) problems.push({ field: `volumes[${i}].name`, message: `volume "${v.name}" is declared twice; each volume needs its own name` });
    names.add(v.name);
    const other = paths.get(v.mountPath);
    if (other) problems.push({ field: `volumes[${i}].mountPath`, message: `${v.mountPath} is already used by ${other}; each mount needs its own folder` });
    paths.set(v.mountPath, `volumes[${i}]`);
    if (v.inMemory?.sizeLimit && memoryMiB(v.inMemory.sizeLimit) > totalMemoryMiB(run)) {
      problems.push({
        field: `volumes[${i}].inMemory.sizeLimit`,
        alsoAt: ["memory"],
        message: `${v.inMemory.sizeLimit} is more than the instance's memory (${totalMemoryMiB(run)}Mi); an in-memory volume uses the containers' memory: lower sizeLimit or raise memory`,
      });
    }
  });
  return problems;
}

const totalMemoryMiB = (run: ContainerSettings) => memoryMiB(run.memory) + run.sidecars.reduce((sum, s) => sum + memoryMiB(s.memory), 0);

function sidecarProblems(run: ContainerSettings): ContainerProblem[] {
  const problems: ContainerProblem[] = [];
  const volumes = new Set(run.volumes.map((v) => v.name));
  const sidecars = new Set<string>();
  if (run.sidecars.length + 1 > MAX_CONTAINERS) {
    problems.push({ field: "sidecars", message: `${run.sidecars.length} sidecars plus the main container make ${run.sidecars.length + 1}; Cloud Run allows at most ${MAX_CONTAINERS} containers per instance` });
  }
  run.sidecars.forEach((s, i) => {
    if (sidecars.has(s.name)) problems.push({ field: `sidecars[${i}].name`, message: `sidecar "${s.name}" is declared twice; each container needs its own name` });
    sidecars.add(s.name);
    const paths = new Set<string>();
    s.mounts.forEach((m, k) => {
      if (!volumes.has(m.volume)) problems.push({ field: `sidecars[${i}].mounts[${k}].volume`, message: `no volume named "${m.volume}" in run.volumes (declared: ${[...volumes].join(", ") || "none"})` });
      if (paths.has(m.mountPath)) problems.push({ field: `sidecars[${i}].mounts[${k}].mountPath`, message: `${m.mountPath} is mounted twice in sidecar "${s.name}"` });
      paths.add(m.mountPath);
    });
    for (const [probeName, probe] of [["startupProbe", s.startupProbe], ["livenessProbe", s.livenessProbe]] as const) {
      if (probe && probe.port === undefined) {
        problems.push({ field: `sidecars[${i}].${probeName}.port`, message: "a sidecar has no serving port, so its probe must name the port it checks (port: 9090)" });
      }
    }
  });
  const known = (name: string) => sidecars.has(name);
  run.dependsOn.forEach((name, k) => {
    if (!known(name)) problems.push({ field: `dependsOn[${k}]`, message: `"${name}" is not a sidecar of this target (sidecars: ${[...sidecars].join(", ") || "none"})` });
  });
  run.sidecars.forEach((s, i) =>
    s.dependsOn.forEach((name, k) => {
      if (name === s.name) problems.push({ field: `sidecars[${i}].dependsOn[${k}]`, message: `sidecar "${s.name}" cannot depend on itself` });
      else if (!known(name)) problems.push({ field: `sidecars[${i}].dependsOn[${k}]`, message: `"${name}" is not a sidecar of this target (sidecars: ${[...sidecars].join(", ")})` });
    }),
  );
  const cycle = dependencyCycle(run.sidecars);
  if (cycle) problems.push({ field: "sidecars", message: `sidecars depend on each other in a cycle (${cycle.join(" -> ")}), so none could start; remove one dependsOn` });
  const cpu = cpuValue(run.cpu) + run.sidecars.reduce((sum, s) => sum + cpuValue(s.cpu), 0);
  if (run.sidecars.length > 0 && cpu > MAX_TOTAL_CPU) {
    problems.push({ field: "sidecars", alsoAt: ["cpu"], message: `the containers ask for ${cpu} vCPU together; Cloud Run allows at most ${MAX_TOTAL_CPU} per instance` });
  }
  const mib = totalMemoryMiB(run);
  if (run.sidecars.length > 0 && mib > MAX_MEMORY_MIB) {
    // Whole Gi when it is one (36Gi), else MiB (32769Mi), never 32.0009765625Gi.
    const asked = Number.isInteger(mib / 1024) ? `${mib / 1024}Gi` : `${mib}Mi`;
    problems.push({ field: "sidecars", alsoAt: ["memory"], message: `the containers ask for ${asked} of memory together; Cloud Run allows at most 32Gi (${MAX_MEMORY_MIB}Mi) per instance` });
  }
  return problems;
}

/** The first dependsOn cycle among sidecars, as names; undefined when there is none. */
export function dependencyCycle(sidecars: Array<{ name: string; dependsOn: string[] }>): string[] | undefined {
  const edges = new Map(sidecars.map((s) => [s.name, s.dependsOn]));
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === "done") return undefined;
    if (state.get(name) === "visiting") return [...path.slice(path.indexOf(name)), name];
    state.set(name, "visiting");
    path.push(name);
    for (const next of edges.get(name) ?? []) {
      if (next === name || !edges.has(next)) continue;
      const found = visit(next);
      if (found) return found;
    }
    path.pop();
    state.set(name, "done");
    return undefined;
  };
  for (const s of sidecars) {
    const found = visit(s.name);
    if (found) return found;
  }
  return undefined;
}

function billingProblems(run: ContainerSettings): ContainerProblem[] {
  const problems: ContainerProblem[] = [];
  const cpu = cpuValue(run.cpu);
  if (run.kind === "service" && cpu < 1) {
    if (run.cpuAlwaysAllocated) {
      problems.push({ field: "cpuAlwaysAllocated", alsoAt: ["cpu"], message: `cpu ${run.cpu} is below 1 vCPU, where Cloud Run requires request-based billing; set cpuAlwaysAllocated: false or cpu: "1"` });
    }
    if (run.executionEnvironment === "gen2") {
      problems.push({ field: "executionEnvironment", alsoAt: ["cpu"], message: `cpu ${run.cpu} is below 1 vCPU, where Cloud Run requires the first generation environment; set executionEnvironment: gen1 or cpu: "1"` });
    }
  }
  if (run.gpu) {
    const need = GPU_TYPES[run.gpu.type];
    if (cpu < need.minCpu) problems.push({ field: "gpu", alsoAt: ["cpu"], message: `a ${run.gpu.type} GPU needs at least ${need.minCpu} vCPU; cpu is ${run.cpu}` });
    if (memoryMiB(run.memory) < need.minMemoryGi * 1024) problems.push({ field: "gpu", alsoAt: ["memory"], message: `a ${run.gpu.type} GPU needs at least ${need.minMemoryGi}Gi of memory; memory is ${run.memory}` });
    if (run.kind === "service" && !run.cpuAlwaysAllocated) {
      problems.push({ field: "gpu", alsoAt: ["cpuAlwaysAllocated"], message: "a GPU needs instance-based billing: set cpuAlwaysAllocated: true" });
    }
  }
  if (run.kind === "service" && run.defaultUrl === false && (!run.startupProbe || run.startupProbe.tcp)) {
    problems.push({
      field: "defaultUrl",
      alsoAt: ["startupProbe"],
      message:
        "with the run.app URLs disabled the health gate cannot probe healthPath, so the release is gated on Cloud Run's own startup probe: add an HTTP or gRPC startupProbe (e.g. startupProbe: { path: /health })",
    });
  }
  return problems;
}
