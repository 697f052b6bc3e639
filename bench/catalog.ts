/**
 * Benchmark of catalog parsing: the real catalog (pipelines/) with its cloud service file grown to
 * 100 KB and to 1 MB by adding what a large file would hold (test.env entries: one big mapping, the
 * case yaml's duplicate-key check is quadratic on; schedules: a list of small mappings), each
 * parsed by parseCatalog, validation included. The 1 MB / 100 KB ratio shows whether parsing is
 * linear (10 when it is). Both files are read with the 256 KiB file size limit lifted (the only
 * difference from what users get); a 5 MB file is refused at once with the limit in place, and the
 * YAML loader alone, limit lifted, shows the same cost per byte at 5 MB as at 1 MB.
 *
 *   node --import tsx bench/catalog.ts      # prints the JSON
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { CatalogError } from "../ci/src/catalog/errors.js";
import { type CatalogFile, parseCatalog } from "../ci/src/catalog/parse.js";
import { CATALOG_YAML_LIMITS, loadCatalogYaml } from "../ci/src/catalog/yaml-load.js";

const GROWN = "pipelines/services/cloud.yaml";

function realCatalogFiles(): CatalogFile[] {
  const root = path.join(import.meta.dirname, "..");
  return readdirSync(path.join(root, "pipelines"), { recursive: true, encoding: "utf8" })
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => {
      const file = `pipelines/${name.split("\\").join("/")}`;
      return { path: file, text: readFileSync(path.join(root, file), "utf8") };
    });
}

/**
 * The real cloud.yaml grown to about `bytes` bytes and still valid: nine tenths short test.env
 * entries (one mapping of tens of thousands of keys; the tests' environment has no Cloud Run
 * limit), one tenth schedules.
 */
export function grownServiceYaml(base: string, bytes: number): string {
  const anchor = "test:\n  env:\n";
  if (!base.includes(anchor)) throw new Error(`bench: ${GROWN} no longer has the test.env block the benchmark grows`);
  const env: string[] = [];
  const schedules: string[] = [];
  let envBytes = 0;
  let scheduleBytes = 0;
  for (let i = 0; base.length + envBytes + scheduleBytes < bytes; i++) {
    if (scheduleBytes * 9 < envBytes) {
      const line = `  - { name: cloud-sweep-${i}, schedule: "${i % 60} ${i % 24} * * *", path: /sweep/${i}, serviceAccount: scheduler-invoker }\n`;
      schedules.push(line);
      scheduleBytes += line.length;
    } else {
      const line = `    E${i}: "${i}"\n`;
      env.push(line);
      envBytes += line.length;
    }
  }
  return `${base.replace(anchor, `${anchor}${env.join("")}`)}schedules:\n${schedules.join("")}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median wall time of `runs` calls, after one warm-up call. */
function timeMs(runs: number, fn: () => unknown): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    fn();
    times.push(performance.now() - started);
  }
  return median(times);
}

export async function benchCatalog(): Promise<Record<string, number>> {
  const real = realCatalogFiles();
  const base = real.find((f) => f.path === GROWN)!.text;
  const withGrown = (bytes: number): CatalogFile[] => real.map((f) => (f.path === GROWN ? { ...f, text: grownServiceYaml(base, bytes) } : f));
  const small = withGrown(100_000);
  const large = withGrown(1_000_000);
  const huge = grownServiceYaml(base, 5_000_000);
  const lifted = { ...CATALOG_YAML_LIMITS, maxBytes: Number.POSITIVE_INFINITY };
  // The grown files must parse: a benchmark of error paths would measure something else.
  for (const files of [small, large]) {
    try {
      parseCatalog(files, "pipelines", lifted);
    } catch (err) {
      throw new Error(`bench: the grown ${GROWN} no longer parses (a new catalog rule?); adjust grownServiceYaml\n${(err as Error).message}`);
    }
  }

  const realMs = timeMs(21, () => parseCatalog(real));
  const smallMs = timeMs(9, () => parseCatalog(small, "pipelines", lifted));
  const largeMs = timeMs(5, () => parseCatalog(large, "pipelines", lifted));
  const refusedMs = timeMs(5, () => {
    try {
      parseCatalog(real.map((f) => (f.path === GROWN ? { ...f, text: huge } : f)));
    } catch (err) {
      if (err instanceof CatalogError && err.problems[0]?.message.includes("may be at most")) return;
      throw err;
    }
    throw new Error("bench: a 5 MB catalog file was not refused");
  });
  const hugeLoadMs = timeMs(3, () => loadCatalogYaml({ path: GROWN, text: huge }, lifted));
  const largeLoadMs = timeMs(3, () => loadCatalogYaml(large.find((f) => f.path === GROWN)!, lifted));

  return {
    "catalog.parse.realMs": round(realMs, 2),
    "catalog.parse.100KBMs": round(smallMs),
    "catalog.parse.1MBMs": round(largeMs),
    "catalog.parse.ratio1MBto100KB": round(largeMs / smallMs, 2),
    "catalog.parse.refused5MBMs": round(refusedMs, 2),
    "catalog.load.1MBMs": round(largeLoadMs),
    "catalog.load.5MBMs": round(hugeLoadMs),
    "catalog.load.ratio5MBto1MB": round(hugeLoadMs / largeLoadMs, 2),
  };
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchCatalog(), null, 2));
}
