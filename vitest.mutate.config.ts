/**
 * The tests Stryker runs against each mutant (stryker.config.mjs): only the fast, pure unit tests of
 * the mutated modules (no fake servers, no fuzzing, no fake Dagger session), so a mutant's test run
 * takes milliseconds. `npx vitest run -c vitest.mutate.config.ts` runs the same set by hand.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "test/catalog/**/*.test.ts",
      "test/services/{traffic,traffic-promote,traffic-pinning,render,render-settings,diff,diff-managed,names,names-edges,iam,canary-units,traffic-edges,iam-edges,render-edges,diff-edges}.test.ts",
      // catalog/monitoring.ts (the monitoring blocks) through their merge and rendering.
      "test/monitoring/{settings,render}.test.ts",
      "test/jobs/{render,render-hash}.test.ts",
      "test/schedules/{render,changed-fields,deadline-headers,names-parents,render-edges}.test.ts",
      "test/site/{plan,plan-exclude,plan-prefix,upload-reason-size,cache-control,content-type,glob,glob-edges,report,report-text,plan-edges,glob-cache-edges}.test.ts",
      "test/promotion/{report,report-text,report-edges}.test.ts",
      "test/preflight/{report,report-edges}.test.ts",
    ],
    // The seeded fuzz test parses 600 catalogs in workers: a robustness check, not a per-mutant test.
    exclude: ["test/catalog/parse-fuzz.test.ts", "node_modules/**"],
    // One module graph for every file and every run: Stryker switches mutants at run time, so the
    // modules need not be re-imported per test file (re-importing the catalog is most of each run).
    isolate: false,
    testTimeout: 30_000,
    env: { METADATA_SERVER_DETECTION: "none" },
  },
});
