/**
 * The cross-field rules of volumes, sidecars, GPUs and billing (catalog/container-checks.ts) at their
 * edges: each limit at its bound, the exact problem (field, the fields that make it, message) and
 * the cases that must not be reported. alsoAt decides where an environment's problem is shown.
 */
import { describe, expect, it } from "vitest";
import { type ContainerSettings, containerProblems, dependencyCycle } from "../../ci/src/catalog/container-checks.js";
import type { SidecarSettings, VolumeSettings } from "../../ci/src/catalog/run-fields.js";

const IMAGE = `otel/opentelemetry-collector:0.111.0@sha256:${"a".repeat(64)}`;

const settings = (fields: Partial<ContainerSettings> = {}): ContainerSettings => ({
  kind: "service",
  cpu: "1",
  memory: "512Mi",
  volumes: [],
  sidecars: [],
  dependsOn: [],
  cloudSqlInstances: [],
  cpuAlwaysAllocated: false,
  ...fields,
});

const sidecar = (name: string, fields: Partial<SidecarSettings> = {}): SidecarSettings => ({
  name,
  image: IMAGE,
  env: {},
  secrets: {},
  cpu: "1",
  memory: "512Mi",
  mounts: [],
  dependsOn: [],
  ...fields,
});

const inMemory = (name: string, mountPath: string, sizeLimit?: string): VolumeSettings => ({ name, mountPath, inMemory: sizeLimit ? { sizeLimit } : {} });

const chain = (...deps: Array<[string, string[]]>) => deps.map(([name, dependsOn]) => ({ name, dependsOn }));

describe("containerProblems: volumes", () => {
  it("lets a volume use /cloudsql when the target connects to no Cloud SQL instance", () => {
    expect(containerProblems(settings({ volumes: [inMemory("sockets", "/cloudsql")] }))).toEqual([]);
  });

  it("reports a volume name used twice at the second volume, once", () => {
    expect(containerProblems(settings({ volumes: [inMemory("data", "/a"), inMemory("data", "/b")] }))).toEqual([
      { field: "volumes[1].name", message: 'volume "data" is declared twice; each volume needs its own name' },
    ]);
  });

  it("accepts an in-memory volume exactly as large as the memory of all containers together", () => {
    const run = settings({ memory: "512Mi", sidecars: [sidecar("otel", { memory: "512Mi" })], volumes: [inMemory("scratch", "/scratch", "1Gi")] });
    expect(containerProblems(run)).toEqual([]);
  });

  it("counts the sidecars' memory in the instance's memory an in-memory volume may use", () => {
    const run = settings({ memory: "512Mi", sidecars: [sidecar("otel", { memory: "1Gi" })], volumes: [inMemory("scratch", "/scratch", "2Gi")] });
    expect(containerProblems(run)).toEqual([
      {
        field: "volumes[0].inMemory.sizeLimit",
        alsoAt: ["memory"],
        message: "2Gi is more than the instance's memory (1536Mi); an in-memory volume uses the containers' memory: lower sizeLimit or raise memory",
      },
    ]);
  });
});

describe("containerProblems: sidecars", () => {
  const halfCpu = (n: number) => Array.from({ length: n }, (_, i) => sidecar(`s${i}`, { cpu: "0.5" }));

  it("accepts nine sidecars: ten containers is Cloud Run's maximum", () => {
    expect(containerProblems(settings({ sidecars: halfCpu(9) }))).toEqual([]);
  });

  it("counts ten sidecars and the main container as eleven containers", () => {
    expect(containerProblems(settings({ sidecars: halfCpu(10) }))).toEqual([
      { field: "sidecars", message: "10 sidecars plus the main container make 11; Cloud Run allows at most 10 containers per instance" },
    ]);
  });

  it("lists the declared volumes when a sidecar mounts an unknown one", () => {
    const run = settings({ volumes: [inMemory("a", "/a"), inMemory("b", "/b")], sidecars: [sidecar("otel", { mounts: [{ volume: "c", mountPath: "/c" }] })] });
    expect(containerProblems(run)).toEqual([{ field: "sidecars[0].mounts[0].volume", message: 'no volume named "c" in run.volumes (declared: a, b)' }]);
  });

  it("reports a sidecar mounting two volumes at one folder at the second mount", () => {
    const mounts = [
      { volume: "a", mountPath: "/x" },
      { volume: "b", mountPath: "/x" },
    ];
    const run = settings({ volumes: [inMemory("a", "/a"), inMemory("b", "/b")], sidecars: [sidecar("otel", { mounts })] });
    expect(containerProblems(run)).toEqual([{ field: "sidecars[0].mounts[1].mountPath", message: '/x is mounted twice in sidecar "otel"' }]);
  });

  it("says there are no sidecars when the main container depends on one", () => {
    expect(containerProblems(settings({ dependsOn: ["proxy"] }))).toEqual([{ field: "dependsOn[0]", message: '"proxy" is not a sidecar of this target (sidecars: none)' }]);
  });

  it("lists every sidecar when the main container depends on an unknown one", () => {
    expect(containerProblems(settings({ dependsOn: ["proxy"], sidecars: [sidecar("a"), sidecar("b")] }))).toEqual([
      { field: "dependsOn[0]", message: '"proxy" is not a sidecar of this target (sidecars: a, b)' },
    ]);
  });

  it("lets a sidecar start after another sidecar", () => {
    expect(containerProblems(settings({ sidecars: [sidecar("a", { dependsOn: ["b"] }), sidecar("b")] }))).toEqual([]);
  });

  it("reports a sidecar depending on an unknown one at that dependsOn entry, listing the sidecars", () => {
    expect(containerProblems(settings({ sidecars: [sidecar("a", { dependsOn: ["b", "c"] }), sidecar("b")] }))).toEqual([
      { field: "sidecars[0].dependsOn[1]", message: '"c" is not a sidecar of this target (sidecars: a, b)' },
    ]);
  });

  it("reports a sidecar depending on itself once, not also as a cycle", () => {
    expect(containerProblems(settings({ sidecars: [sidecar("a", { dependsOn: ["a"] })] }))).toEqual([
      { field: "sidecars[0].dependsOn[0]", message: 'sidecar "a" cannot depend on itself' },
    ]);
  });

  it("accepts containers asking for exactly 8 vCPU together", () => {
    expect(containerProblems(settings({ cpu: "4", sidecars: [sidecar("otel", { cpu: "4" })] }))).toEqual([]);
  });

  it("reports more than 8 vCPU together at sidecars and at cpu", () => {
    expect(containerProblems(settings({ cpu: "4", sidecars: [sidecar("otel", { cpu: "6" })] }))).toEqual([
      { field: "sidecars", alsoAt: ["cpu"], message: "the containers ask for 10 vCPU together; Cloud Run allows at most 8 per instance" },
    ]);
  });

  it("accepts containers asking for exactly 32Gi of memory together", () => {
    expect(containerProblems(settings({ memory: "16Gi", sidecars: [sidecar("otel", { memory: "16Gi" })] }))).toEqual([]);
  });

  it("reports more than 32Gi of memory together at sidecars and at memory, in Gi", () => {
    expect(containerProblems(settings({ memory: "16Gi", sidecars: [sidecar("otel", { memory: "20Gi" })] }))).toEqual([
      { field: "sidecars", alsoAt: ["memory"], message: "the containers ask for 36Gi of memory together; Cloud Run allows at most 32Gi (32768Mi) per instance" },
    ]);
  });

  it("says a total that is not whole Gi in MiB, rounded up, not as a long fraction of Gi", () => {
    expect(containerProblems(settings({ memory: "16Gi", sidecars: [sidecar("otel", { memory: "16385Mi" })] }))).toEqual([
      { field: "sidecars", alsoAt: ["memory"], message: "the containers ask for 32769Mi of memory together; Cloud Run allows at most 32Gi (32768Mi) per instance" },
    ]);
  });

  it("leaves a main container alone above 32Gi to the memory check (no sidecars to blame)", () => {
    expect(containerProblems(settings({ memory: "40Gi" }))).toEqual([]);
  });
});

describe("dependencyCycle", () => {
  it("returns only the loop, not the sidecars that lead into it", () => {
    expect(dependencyCycle(chain(["a", ["b"]], ["b", ["c"]], ["c", ["b"]]))).toEqual(["b", "c", "b"]);
  });

  it("leaves out of the loop the sidecars already checked on the way", () => {
    expect(dependencyCycle(chain(["a", ["b", "c"]], ["b", []], ["c", ["a"]]))).toEqual(["a", "c", "a"]);
  });

  it("finds a loop among later sidecars when the first one has none", () => {
    expect(dependencyCycle(chain(["a", []], ["b", ["c"]], ["c", ["b"]]))).toEqual(["b", "c", "b"]);
  });

  it("finds no loop in a chain, whatever order the sidecars are declared in", () => {
    expect(dependencyCycle(chain(["a", ["b"]], ["b", []], ["c", ["a"]]))).toBeUndefined();
    expect(dependencyCycle(chain(["c", ["b"]], ["b", ["a"]], ["a", []]))).toBeUndefined();
  });

  it("finds no loop in a diamond (two sidecars sharing a dependency)", () => {
    expect(dependencyCycle(chain(["top", ["left", "right"]], ["left", ["base"]], ["right", ["base"]], ["base", []]))).toBeUndefined();
  });

  it("checks each sidecar once: a stack of 30 diamonds (2^30 paths) is answered by reading each sidecar's dependsOn once, not path by path", () => {
    const layers = 30;
    let reads = 0;
    // Each dependsOn list counts how often it is walked, and stops a path-by-path walk at once.
    const counted = (names: string[]): string[] =>
      Object.defineProperty([...names], Symbol.iterator, {
        value: function* (this: string[]) {
          if (++reads > 1_000) throw new Error("dependsOn lists walked more than 1000 times: the cycle check re-visits sidecars per path");
          yield* Array.prototype.values.call(this);
        },
      });
    const layer = (i: number) => (i < layers ? [`a${i}`, `b${i}`] : []);
    const sidecars = Array.from({ length: layers }, (_, i) => layer(i).map((name) => ({ name, dependsOn: counted(layer(i + 1)) }))).flat();
    expect(dependencyCycle(sidecars)).toBeUndefined();
    expect(reads).toBe(sidecars.length);
  });

  it("does not count a sidecar depending on itself or on an unknown name as a loop", () => {
    expect(dependencyCycle(chain(["a", ["a"]]))).toBeUndefined();
    expect(dependencyCycle(chain(["a", ["ghost"]]))).toBeUndefined();
  });
});

describe("containerProblems: billing and GPUs", () => {
  it("lets a job below 1 vCPU run in the second generation (only services are limited)", () => {
    expect(containerProblems(settings({ kind: "job", cpu: "0.5", executionEnvironment: "gen2", cpuAlwaysAllocated: undefined }))).toEqual([]);
  });

  it("lets a service at exactly 1 vCPU keep CPU always allocated in the second generation", () => {
    expect(containerProblems(settings({ cpu: "1", cpuAlwaysAllocated: true, executionEnvironment: "gen2" }))).toEqual([]);
  });

  it("reports both sub-vCPU billing problems at their own field and at cpu", () => {
    expect(containerProblems(settings({ cpu: "0.5", cpuAlwaysAllocated: true, executionEnvironment: "gen2" }))).toEqual([
      { field: "cpuAlwaysAllocated", alsoAt: ["cpu"], message: 'cpu 0.5 is below 1 vCPU, where Cloud Run requires request-based billing; set cpuAlwaysAllocated: false or cpu: "1"' },
      { field: "executionEnvironment", alsoAt: ["cpu"], message: 'cpu 0.5 is below 1 vCPU, where Cloud Run requires the first generation environment; set executionEnvironment: gen1 or cpu: "1"' },
    ]);
  });

  it("reports each GPU minimum at gpu and at the field that falls short", () => {
    expect(containerProblems(settings({ cpu: "1", memory: "512Mi", gpu: { type: "nvidia-l4", count: 1, zonalRedundancy: true } }))).toEqual([
      { field: "gpu", alsoAt: ["cpu"], message: "a nvidia-l4 GPU needs at least 4 vCPU; cpu is 1" },
      { field: "gpu", alsoAt: ["memory"], message: "a nvidia-l4 GPU needs at least 16Gi of memory; memory is 512Mi" },
      { field: "gpu", alsoAt: ["cpuAlwaysAllocated"], message: "a GPU needs instance-based billing: set cpuAlwaysAllocated: true" },
    ]);
  });

  it("reports a disabled default URL without an HTTP or gRPC startup probe at defaultUrl and at startupProbe", () => {
    const problem = {
      field: "defaultUrl",
      alsoAt: ["startupProbe"],
      message:
        "with the run.app URLs disabled the health gate cannot probe healthPath, so the release is gated on Cloud Run's own startup probe: add an HTTP or gRPC startupProbe (e.g. startupProbe: { path: /health })",
    };
    const probe = { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 };
    expect(containerProblems(settings({ defaultUrl: false }))).toEqual([problem]);
    expect(containerProblems(settings({ defaultUrl: false, startupProbe: { ...probe, tcp: true } }))).toEqual([problem]);
    expect(containerProblems(settings({ defaultUrl: false, startupProbe: { ...probe, path: "/health" } }))).toEqual([]);
  });
});
