/**
 * npm run bench: runs every benchmark, merges their figures into the flat JSON object in
 * bench/results.json and prints it. Figures only; targets are checked by bench/targets.ts.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { benchCatalog } from "./catalog.js";
import { benchDeploy } from "./deploy.js";
import { benchModuleImport } from "./module-import.js";
import { benchSite } from "./site.js";
import { checkTargets } from "./targets.js";

const results: Record<string, number> = {};
for (const [name, bench] of [
  ["catalog", benchCatalog],
  ["deploy", benchDeploy],
  ["site", benchSite],
  ["module import", benchModuleImport],
] as const) {
  console.error(`bench: ${name} ...`);
  Object.assign(results, await bench());
}

const file = path.join(import.meta.dirname, "results.json");
await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));

// Targets are reported, not enforced: wall-time ratios depend on the machine's load, and the
// counts behind the exact targets (0 mutating calls, 0 / 10 uploads) are asserted by the tests
// (parsing's limits by test/catalog/parse-limits.test.ts and parse-fuzz.test.ts).
const missed = checkTargets(results);
for (const line of missed) console.error(`bench: TARGET MISSED: ${line}`);
if (!missed.length) console.error("bench: every target met");
