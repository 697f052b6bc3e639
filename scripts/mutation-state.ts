/**
 * Stryker's incremental state (stryker.config.mjs `incrementalFile`, reports/stryker-incremental.json,
 * about 6 MB) is committed gzipped as bench/stryker-incremental.json.gz (about 0.3 MB), so a clean
 * clone re-tests only the mutants of code or tests changed since the last run (`npm run mutate`).
 *
 *   node --import tsx scripts/mutation-state.ts restore   # .gz -> reports/ (before stryker run)
 *   node --import tsx scripts/mutation-state.ts save      # reports/ -> .gz (after it)
 *
 * gzip without a timestamp (node's zlib writes none), so an unchanged state gives the same bytes.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";

const STATE = "reports/stryker-incremental.json";
const COMMITTED = "bench/stryker-incremental.json.gz";

const [command] = process.argv.slice(2);
if (command === "restore") {
  if (existsSync(COMMITTED)) {
    mkdirSync(dirname(STATE), { recursive: true });
    writeFileSync(STATE, gunzipSync(readFileSync(COMMITTED)));
    console.log(`restored ${STATE} from ${COMMITTED}`);
  } else {
    console.log(`no ${COMMITTED}: Stryker tests every mutant (a full run)`);
  }
} else if (command === "save") {
  if (!existsSync(STATE)) throw new Error(`${STATE} is missing: run stryker with --incremental first`);
  const next = gzipSync(readFileSync(STATE), { level: 9 });
  const same = existsSync(COMMITTED) && readFileSync(COMMITTED).equals(next);
  if (!same) writeFileSync(COMMITTED, next);
  console.log(same ? `${COMMITTED} unchanged` : `wrote ${COMMITTED} (${next.length} bytes)`);
} else {
  throw new Error('usage: mutation-state.ts restore|save');
}
