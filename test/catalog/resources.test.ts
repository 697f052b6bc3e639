/**
 * Cloud Run's CPU / memory / concurrency combinations (catalog/resources.ts), for services and for
 * jobs (which have no concurrency). The "kills:" tests were written against hand-planted bugs that
 * the rest of the suite let through (issue 12): the 32Gi maximum removed, and every check after the
 * memory minimum skipped when concurrency is unset (that is, for every job).
 */
import { describe, expect, it } from "vitest";
import { cpuValue, memoryMiB, resourceProblems } from "../../ci/src/catalog/resources.js";
import { catalogErrorOf, catalogFiles, expectProblem, paths } from "./fixtures.js";

const fields = (problems: Array<{ field: string }>) => problems.map((p) => p.field);

describe("resourceProblems", () => {
  it("kills: the 32 GiB memory maximum removed: 64Gi is refused for a service and for a job, naming the maximum", () => {
    for (const kind of ["service", "job"] as const) {
      expect(resourceProblems({ kind, cpu: "8", memory: "64Gi", concurrency: kind === "service" ? 80 : undefined })).toEqual([
        { field: "memory", message: "64Gi is above Cloud Run's maximum of 32Gi" },
      ]);
    }
  });

  it("accepts exactly 32Gi (32768Mi) with 8 vCPU and refuses 32769Mi", () => {
    expect(resourceProblems({ kind: "service", cpu: "8", memory: "32Gi", concurrency: 80 })).toEqual([]);
    expect(resourceProblems({ kind: "job", cpu: "8", memory: "32768Mi" })).toEqual([]);
    expect(fields(resourceProblems({ kind: "job", cpu: "8", memory: "32769Mi" }))).toEqual(["memory"]);
  });

  it("kills: checks skipped when concurrency is unset: a job's CPU / memory combinations are checked like a service's", () => {
    expect(resourceProblems({ kind: "job", cpu: "0.25", memory: "1Gi" })).toEqual([
      { field: "memory", message: "1Gi with cpu 0.25: below 0.5 vCPU Cloud Run allows at most 512Mi; raise cpu or lower memory" },
    ]);
    expect(resourceProblems({ kind: "job", cpu: "500m", memory: "2Gi" })).toEqual([
      { field: "memory", message: "2Gi with cpu 500m: below 1 vCPU Cloud Run allows at most 1Gi; raise cpu or lower memory" },
    ]);
    expect(resourceProblems({ kind: "job", cpu: "2", memory: "16Gi" })).toEqual([
      { field: "cpu", message: "2 is too few for memory 16Gi: Cloud Run needs at least 4 vCPU above 8Gi" },
    ]);
    expect(resourceProblems({ kind: "job", cpu: "6", memory: "2Gi" })).toEqual([
      { field: "memory", message: "2Gi is too little for cpu 6: Cloud Run needs at least 4Gi with 6 or more vCPU" },
    ]);
  });

  it("refuses concurrency above 1 below 1 vCPU for a service, and never asks a job for concurrency", () => {
    expect(resourceProblems({ kind: "service", cpu: "0.5", memory: "512Mi", concurrency: 2 })).toEqual([
      { field: "concurrency", message: '2 with cpu 0.5: below 1 vCPU Cloud Run requires concurrency 1; set concurrency: 1 or cpu: "1"' },
    ]);
    expect(resourceProblems({ kind: "service", cpu: "0.5", memory: "512Mi", concurrency: 1 })).toEqual([]);
    expect(resourceProblems({ kind: "service", cpu: "1", memory: "512Mi", concurrency: 80 })).toEqual([]);
    expect(resourceProblems({ kind: "job", cpu: "0.5", memory: "512Mi" })).toEqual([]);
  });

  it("applies each minimum vCPU per memory size just above its threshold, not at it", () => {
    const cases: Array<[string, string, string[]]> = [
      ["4Gi", "1", []],
      ["4097Mi", "1", ["cpu"]],
      ["4097Mi", "2", []],
      ["8Gi", "2", []],
      ["8193Mi", "2", ["cpu"]],
      ["8193Mi", "4", []],
      ["16Gi", "4", []],
      ["16385Mi", "4", ["cpu"]],
      ["16385Mi", "6", []],
      ["24Gi", "6", []],
      ["24577Mi", "6", ["cpu"]],
      ["24577Mi", "8", []],
    ];
    for (const [memory, cpu, expected] of cases) expect(fields(resourceProblems({ kind: "job", cpu, memory })), `${memory} with ${cpu} vCPU`).toEqual(expected);
  });

  it("applies each minimum memory per vCPU count from that count on", () => {
    expect(fields(resourceProblems({ kind: "job", cpu: "4", memory: "2047Mi" }))).toEqual(["memory"]);
    expect(fields(resourceProblems({ kind: "job", cpu: "4", memory: "2Gi" }))).toEqual([]);
    expect(fields(resourceProblems({ kind: "job", cpu: "6", memory: "4095Mi" }))).toEqual(["memory"]);
    expect(fields(resourceProblems({ kind: "job", cpu: "6", memory: "4Gi" }))).toEqual([]);
    expect(resourceProblems({ kind: "job", cpu: "4", memory: "1Gi" })[0]?.message).toBe("1Gi is too little for cpu 4: Cloud Run needs at least 2Gi with 4 or more vCPU");
  });

  it("takes the sub-vCPU memory caps at their bounds: 512Mi under 0.5 vCPU, 1Gi under 1 vCPU", () => {
    expect(resourceProblems({ kind: "service", cpu: "0.49", memory: "512Mi", concurrency: 1 })).toEqual([]);
    expect(fields(resourceProblems({ kind: "service", cpu: "0.49", memory: "513Mi", concurrency: 1 }))).toEqual(["memory"]);
    expect(resourceProblems({ kind: "service", cpu: "0.5", memory: "1Gi", concurrency: 1 })).toEqual([]);
    expect(fields(resourceProblems({ kind: "service", cpu: "0.999", memory: "1025Mi", concurrency: 1 }))).toEqual(["memory"]);
  });

  it("names the memory minimum of each kind at its bound", () => {
    expect(resourceProblems({ kind: "service", cpu: "1", memory: "128Mi", concurrency: 80 })).toEqual([]);
    expect(resourceProblems({ kind: "service", cpu: "1", memory: "127Mi", concurrency: 80 })).toEqual([
      { field: "memory", message: "127Mi is below Cloud Run's minimum of 128Mi for a service; raise memory to at least 128Mi" },
    ]);
    expect(resourceProblems({ kind: "job", cpu: "1", memory: "512Mi" })).toEqual([]);
    expect(resourceProblems({ kind: "job", cpu: "1", memory: "511Mi" })).toEqual([
      {
        field: "memory",
        message: "511Mi is below Cloud Run's minimum of 512Mi for a job (jobs run in the second generation execution environment); raise memory to at least 512Mi",
      },
    ]);
  });
});

describe("cpuValue and memoryMiB", () => {
  it("read millicores, whole and fractional vCPUs, Mi and Gi", () => {
    expect([cpuValue("500m"), cpuValue("2"), cpuValue("0.25"), cpuValue("8000m")]).toEqual([0.5, 2, 0.25, 8]);
    expect([memoryMiB("512Mi"), memoryMiB("2Gi"), memoryMiB("32Gi")]).toEqual([512, 2048, 32768]);
  });
});

describe("resource checks through parseCatalog", () => {
  it("kills: checks skipped when concurrency is unset: a job of 64Gi and one of 16Gi on 2 vCPU are refused at run.memory / run.cpu", () => {
    expectProblem(catalogErrorOf(catalogFiles((d) => void (d.job.run = { cpu: "8", memory: "64Gi" }))).problems, paths.job, "run.memory", "above Cloud Run's maximum of 32Gi");
    expectProblem(catalogErrorOf(catalogFiles((d) => void (d.job.run = { cpu: "2", memory: "16Gi" }))).problems, paths.job, "run.cpu", "needs at least 4 vCPU above 8Gi");
  });
});
