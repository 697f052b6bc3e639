/**
 * Cloud Run's CPU / memory / concurrency combinations (documented limits), checked in the catalog
 * so a bad combination fails before an image is built or pushed, not at deploy time. Sources:
 * https://cloud.google.com/run/docs/configuring/services/cpu (memory per vCPU; below 1 vCPU: at most
 * 512Mi under 0.5 vCPU, at most 1Gi under 1 vCPU, concurrency 1),
 * https://cloud.google.com/run/docs/configuring/services/memory-limits and
 * https://cloud.google.com/run/docs/configuring/jobs/memory-limits (minimum vCPUs per memory size,
 * maximum 32Gi, minimum 128Mi / 512Mi: see limits.ts).
 */
import { MAX_MEMORY_MIB, MIN_MEMORY_MIB } from "./limits.js";

export interface ResourceSettings {
  /** Jobs run only in the second generation execution environment, with a higher memory minimum. */
  kind: "service" | "job";
  cpu: string;
  memory: string;
  /** Services only. */
  concurrency?: number;
}

export const cpuValue = (cpu: string): number => (cpu.endsWith("m") ? Number(cpu.slice(0, -1)) / 1000 : Number(cpu));

export const memoryMiB = (memory: string): number => (memory.endsWith("Gi") ? Number(memory.slice(0, -2)) * 1024 : Number(memory.slice(0, -2)));

/** Memory above the key needs at least this many vCPUs. */
const MIN_CPU_FOR_MEMORY: Array<[number, number]> = [
  [24 * 1024, 8],
  [16 * 1024, 6],
  [8 * 1024, 4],
  [4 * 1024, 2],
];

/** This many vCPUs (or more) need at least this much memory. */
const MIN_MEMORY_FOR_CPU: Array<[number, number]> = [
  [6, 4 * 1024],
  [4, 2 * 1024],
];

/** Problems with a combination, as messages naming the limit and the fix; [] when it is valid. */
export function resourceProblems(run: ResourceSettings): Array<{ field: "cpu" | "memory" | "concurrency"; message: string }> {
  const cpu = cpuValue(run.cpu);
  const mib = memoryMiB(run.memory);
  const problems: Array<{ field: "cpu" | "memory" | "concurrency"; message: string }> = [];
  if (mib > MAX_MEMORY_MIB) problems.push({ field: "memory", message: `${run.memory} is above Cloud Run's maximum of 32Gi` });
  const minimum = MIN_MEMORY_MIB[run.kind];
  if (mib < minimum) {
    const why = run.kind === "job" ? "for a job (jobs run in the second generation execution environment)" : "for a service";
    problems.push({ field: "memory", message: `${run.memory} is below Cloud Run's minimum of ${minimum}Mi ${why}; raise memory to at least ${minimum}Mi` });
  }
  if (cpu < 1 && run.concurrency !== undefined && run.concurrency > 1) {
    problems.push({ field: "concurrency", message: `${run.concurrency} with cpu ${run.cpu}: below 1 vCPU Cloud Run requires concurrency 1; set concurrency: 1 or cpu: "1"` });
  }
  if (cpu < 0.5 && mib > 512) problems.push({ field: "memory", message: `${run.memory} with cpu ${run.cpu}: below 0.5 vCPU Cloud Run allows at most 512Mi; raise cpu or lower memory` });
  else if (cpu < 1 && mib > 1024) problems.push({ field: "memory", message: `${run.memory} with cpu ${run.cpu}: below 1 vCPU Cloud Run allows at most 1Gi; raise cpu or lower memory` });
  const needsCpu = MIN_CPU_FOR_MEMORY.find(([above]) => mib > above);
  if (needsCpu && cpu < needsCpu[1]) problems.push({ field: "cpu", message: `${run.cpu} is too few for memory ${run.memory}: Cloud Run needs at least ${needsCpu[1]} vCPU above ${needsCpu[0] / 1024}Gi` });
  const needsMemory = MIN_MEMORY_FOR_CPU.find(([atLeast]) => cpu >= atLeast);
  if (needsMemory && mib < needsMemory[1]) problems.push({ field: "memory", message: `${run.memory} is too little for cpu ${run.cpu}: Cloud Run needs at least ${needsMemory[1] / 1024}Gi with ${needsMemory[0]} or more vCPU` });
  return problems;
}
