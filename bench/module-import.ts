/**
 * Cold start (issue 9): importing the module entry without any Google call (module.import.coreMs)
 * against the same process after a release verb's first use loads the Google client libraries
 * (module.import.fullMs), both after the SDK the runtime's entrypoint loads first
 * (module.import.sdkMs, paid by every call whatever the module does). Each run is a fresh Node
 * process (tsx transpiling, as the runtime's loader does); the figures are medians of RUNS.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";

const RUNS = 5;
const CHILD = path.join(import.meta.dirname, "module-import-child.ts");

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number): number => Math.round(x * 10) / 10;

export async function benchModuleImport(): Promise<Record<string, number>> {
  const runs = Array.from({ length: RUNS }, () => JSON.parse(execFileSync(process.execPath, ["--import", "tsx", CHILD], { encoding: "utf8" })) as { sdkMs: number; coreMs: number; fullMs: number });
  const coreMs = median(runs.map((r) => r.coreMs));
  const fullMs = median(runs.map((r) => r.fullMs));
  return {
    "module.import.runs": RUNS,
    "module.import.sdkMs": round(median(runs.map((r) => r.sdkMs))),
    "module.import.coreMs": round(coreMs),
    "module.import.fullMs": round(fullMs),
    "module.import.ratioCoreToFull": Math.round((coreMs / fullMs) * 1000) / 1000,
  };
}
