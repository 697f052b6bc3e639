// What the Cloud Run Admin API v2 rejects about a template's containers taken together: how many,
// names, the one ingress container, dependsOn, probes per kind, volume mounts, GPUs and billing.
// Written from the documentation and the protos (sources beside each rule); never shared with ci/src.
import type { protos } from "@google-cloud/run";
import { invalidArgument } from "./errors.js";
import { parseQuantity } from "./quantity.js";

type IContainer = protos.google.cloud.run.v2.IContainer;
type IProbe = protos.google.cloud.run.v2.IProbe;
type IVolume = protos.google.cloud.run.v2.IVolume;

/** "up to 10 containers" per instance (https://cloud.google.com/run/docs/deploying#sidecars). */
export const MAX_CONTAINERS = 10;
/** "a maximum of 1000 arguments per container" (https://cloud.google.com/run/docs/configuring/services/containers). */
export const MAX_ARGS = 1000;
/** GPU: L4 only, one per instance, at least 4 vCPU and 16 GiB (https://cloud.google.com/run/docs/configuring/services/gpu). */
export const GPU_ACCELERATORS: readonly string[] = ["nvidia-l4"];
const GPU_MIN_CPU = 4;
const GPU_MIN_MEMORY = 16 * 2 ** 30;
/** Volume paths Cloud Run refuses ("Disallowed paths" on the volume mount pages). */
const DISALLOWED_MOUNT = /^\/(dev|proc|sys)(\/|$)/;

const NAME_RE = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Container names, count, args, ports (services: exactly one ingress container), dependsOn. */
export function checkContainerSet(containers: IContainer[], prefix: string, workload: "service" | "job"): void {
  if (containers.length > MAX_CONTAINERS) throw invalidArgument(`${prefix}.containers: at most ${MAX_CONTAINERS} containers per instance, got ${containers.length}.`);
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const at = `${prefix}.containers[${i}]`;
    if (containers.length > 1 && !c.name) throw invalidArgument(`${at}.name: required when a template has more than one container.`);
    if (c.name) {
      if (!NAME_RE.test(c.name)) throw invalidArgument(`${at}.name: '${c.name}' must be a DNS label (lowercase letters, digits, hyphens).`);
      if (names.has(c.name)) throw invalidArgument(`${at}.name: container name '${c.name}' is used more than once.`);
      names.add(c.name);
    }
    if ((c.args?.length ?? 0) > MAX_ARGS) throw invalidArgument(`${at}.args: at most ${MAX_ARGS} arguments per container, got ${c.args!.length}.`);
    if ((c.command?.length ?? 0) > MAX_ARGS) throw invalidArgument(`${at}.command: at most ${MAX_ARGS} entries, got ${c.command!.length}.`);
    if (c.workingDir && !c.workingDir.startsWith("/")) throw invalidArgument(`${at}.working_dir: must be an absolute path, got '${c.workingDir}'.`);
  });
  if (workload === "service" && containers.length > 1) {
    // "Exactly one container must expose a port: the ingress container" (deploying#sidecars).
    const ingress = containers.filter((c) => (c.ports ?? []).length > 0);
    if (ingress.length !== 1) {
      throw invalidArgument(`${prefix}.containers: exactly one container must specify a port (the ingress container) when a service has several containers; got ${ingress.length}.`);
    }
  }
  if (workload === "job" && containers.some((c) => (c.ports ?? []).length > 0)) {
    throw invalidArgument(`${prefix}.containers: job containers cannot expose ports.`);
  }
  containers.forEach((c, i) =>
    (c.dependsOn ?? []).forEach((d, k) => {
      if (d === c.name) throw invalidArgument(`${prefix}.containers[${i}].depends_on[${k}]: a container cannot depend on itself.`);
      if (!names.has(d)) throw invalidArgument(`${prefix}.containers[${i}].depends_on[${k}]: no container named '${d}' in this template.`);
    }),
  );
  const cycle = findCycle(containers);
  if (cycle) throw invalidArgument(`${prefix}.containers: depends_on forms a cycle (${cycle.join(" -> ")}).`);
}

function findCycle(containers: IContainer[]): string[] | undefined {
  const deps = new Map(containers.filter((c) => c.name).map((c) => [c.name!, c.dependsOn ?? []]));
  const done = new Set<string>();
  const walk = (name: string, trail: string[]): string[] | undefined => {
    if (trail.includes(name)) return [...trail.slice(trail.indexOf(name)), name];
    if (done.has(name)) return undefined;
    for (const next of deps.get(name) ?? []) {
      const found = walk(next, [...trail, name]);
      if (found) return found;
    }
    done.add(name);
    return undefined;
  };
  for (const name of deps.keys()) {
    const found = walk(name, []);
    if (found) return found;
  }
  return undefined;
}

/**
 * Probe kinds: startup probes may be HTTP, TCP or gRPC; liveness (and readiness) probes HTTP or
 * gRPC (https://cloud.google.com/run/docs/configuring/healthchecks). A probe of a container with
 * no port must name its port.
 */
export function checkProbes(container: IContainer, at: string): void {
  const hasPort = (container.ports ?? []).some((p) => Number(p.containerPort ?? 0) > 0);
  for (const [kind, probe] of [["startup_probe", container.startupProbe], ["liveness_probe", container.livenessProbe], ["readiness_probe", container.readinessProbe]] as const) {
    if (!probe) continue;
    if (kind !== "startup_probe" && probe.tcpSocket) throw invalidArgument(`${at}.${kind}.tcp_socket: TCP probes are only supported as startup probes; use http_get or grpc.`);
    const port = probePort(probe);
    if (!hasPort && (probe.httpGet || probe.tcpSocket || probe.grpc) && !port) {
      throw invalidArgument(`${at}.${kind}: the container exposes no port, so the probe must set its port.`);
    }
  }
}

const probePort = (p: IProbe): number => Number(p.httpGet?.port ?? p.tcpSocket?.port ?? p.grpc?.port ?? 0);

/** Mount paths: absolute, not under /dev, /proc, /sys, and each used once per container. */
export function checkMountPaths(container: IContainer, at: string): void {
  const seen = new Set<string>();
  (container.volumeMounts ?? []).forEach((m, k) => {
    const path = m.mountPath ?? "";
    if (DISALLOWED_MOUNT.test(path)) throw invalidArgument(`${at}.volume_mounts[${k}].mount_path: volumes cannot be mounted at /dev, /proc, /sys or below them, got '${path}'.`);
    if (path && seen.has(path)) throw invalidArgument(`${at}.volume_mounts[${k}].mount_path: '${path}' is mounted more than once.`);
    seen.add(path);
  });
}

/** Secret items: relative paths without ".."; in-memory size limits are quantities. */
export function checkVolumeSources(volumes: IVolume[], field: string): void {
  volumes.forEach((v, i) => {
    (v.secret?.items ?? []).forEach((item, k) => {
      const path = item.path ?? "";
      if (!path || path.startsWith("/") || path.split("/").includes("..")) {
        throw invalidArgument(`${field}[${i}].secret.items[${k}].path: must be a relative path without '..', got '${path}'.`);
      }
    });
    if (v.secret && !v.secret.secret) throw invalidArgument(`${field}[${i}].secret.secret: required.`);
    if (v.emptyDir?.sizeLimit && parseQuantity(v.emptyDir.sizeLimit) === undefined) {
      throw invalidArgument(`${field}[${i}].empty_dir.size_limit: '${v.emptyDir.sizeLimit}' is not a quantity such as '256Mi'.`);
    }
    if (v.gcs && !v.gcs.bucket) throw invalidArgument(`${field}[${i}].gcs.bucket: required.`);
    if (v.nfs && (!v.nfs.server || !v.nfs.path)) throw invalidArgument(`${field}[${i}].nfs: server and path are required.`);
  });
}

export interface Placement {
  accelerator?: string | null;
  gen2: boolean;
}

/**
 * GPUs and billing (https://cloud.google.com/run/docs/configuring/services/gpu,
 * .../services/cpu): a GPU limit needs a node selector and the reverse, one GPU, at least 4 vCPU
 * and 16 GiB, and for services CPU always allocated; below 1 vCPU a service needs request-based
 * billing and the first generation environment.
 */
export function checkPlacement(containers: IContainer[], prefix: string, workload: "service" | "job", placement: Placement): void {
  const withGpu = containers.filter((c) => c.resources?.limits?.["nvidia.com/gpu"]);
  if (placement.accelerator && !GPU_ACCELERATORS.includes(placement.accelerator)) {
    throw invalidArgument(`${prefix}.node_selector.accelerator: '${placement.accelerator}' is not a supported accelerator (${GPU_ACCELERATORS.join(", ")}).`);
  }
  if (withGpu.length > 1) throw invalidArgument(`${prefix}.containers: a GPU can only be attached to one container.`);
  if (withGpu.length === 1 && !placement.accelerator) throw invalidArgument(`${prefix}.node_selector.accelerator: required when a container requests nvidia.com/gpu.`);
  if (withGpu.length === 0 && placement.accelerator) throw invalidArgument(`${prefix}.containers: node_selector.accelerator is set but no container requests nvidia.com/gpu.`);
  containers.forEach((c, i) => {
    const at = `${prefix}.containers[${i}].resources`;
    const limits = c.resources?.limits ?? {};
    const cpu = limits["cpu"] ? parseQuantity(limits["cpu"]) ?? 1 : 1;
    const memory = limits["memory"] ? parseQuantity(limits["memory"]) ?? 0 : 512 * 2 ** 20;
    const gpus = limits["nvidia.com/gpu"];
    if (gpus) {
      if (gpus !== "1") throw invalidArgument(`${at}.limits: nvidia.com/gpu must be '1' (one GPU per instance), got '${gpus}'.`);
      if (cpu < GPU_MIN_CPU || memory < GPU_MIN_MEMORY) throw invalidArgument(`${at}.limits: a GPU needs at least ${GPU_MIN_CPU} CPU and 16Gi of memory.`);
      if (workload === "service" && c.resources?.cpuIdle !== false) throw invalidArgument(`${at}.cpu_idle: a GPU requires CPU to be always allocated (cpu_idle false).`);
    }
    if (workload === "service" && i === 0 && cpu < 1) {
      if (c.resources?.cpuIdle === false) throw invalidArgument(`${at}.limits.cpu: Total cpu < 1 is only supported with CPU allocated during requests (cpu_idle true).`);
      if (placement.gen2) throw invalidArgument(`${at}.limits.cpu: Total cpu < 1 is not supported with the second generation execution environment.`);
    }
  });
}
