// Mutation testing of the pure modules of ci/src (issue 12): `npm run mutate` runs it and writes the
// score per module to bench/mutation.json (scripts/mutation-scores.ts). README: "Mutation testing".
//
// STRYKER_MODULES=ci/src/catalog/cron.ts[,...] npx stryker run --incremental mutates only those files,
// with its own state, reports and sandbox under reports/only-<first module's name>/ (so several such
// runs can go side by side while tests are written for one module).
const only = process.env.STRYKER_MODULES ? process.env.STRYKER_MODULES.split(",").map((m) => m.trim()).filter(Boolean) : [];
const onlyDir = only.length > 0 ? `reports/only-${only[0].replace(/^ci\/src\//, "").replace(/\.ts$/, "").replace(/\//g, "-")}` : "";

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
const config = {
  packageManager: "npm",
  testRunner: "vitest",
  // Only the fast pure unit tests of the mutated modules (see that file).
  vitest: { configFile: "vitest.mutate.config.ts", related: false },
  coverageAnalysis: "perTest",
  // Mutants in code run at module load (the zod schemas, constant tables, regexes) each need every
  // test re-run with a fresh module: 42% of the mutants, 98% of the time (Stryker's own estimate),
  // hours on 2 cores. They are left out of the score; README "Mutation testing" says what covers them.
  ignoreStatic: true,
  // The TypeScript checker (marks mutants that do not compile instead of testing them) is off by
  // default: with it, catalog/resources.ts alone took 3 min 50 s instead of 1 min 14 s on 2 cores
  // (zod's type inference is re-checked for every mutant), and a full run no longer fits. Turn it on
  // with `npx stryker run --checkers typescript`; it then checks tsconfig.mutate.json (the mutated
  // modules and their imports: tsconfig.json also works, but fails the whole run whenever any
  // unrelated file of the tree does not compile).
  checkers: [],
  tsconfigFile: "tsconfig.mutate.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: [
    "ci/src/catalog/*.ts",
    // Reads files through the Dagger SDK, and the JSON Schema export: not pure.
    "!ci/src/catalog/read.ts",
    "!ci/src/catalog/sources.ts",
    "!ci/src/catalog/json-schema.ts",
    // YAML loading (the seeded fuzz test's ground, which is too slow per mutant) and a data table.
    "!ci/src/catalog/parse.ts",
    "!ci/src/catalog/yaml-data.ts",
    "!ci/src/catalog/yaml-load.ts",
    "!ci/src/catalog/time-zones.ts",
    "ci/src/services/traffic.ts",
    "ci/src/services/render.ts",
    "ci/src/services/diff.ts",
    "ci/src/services/names.ts",
    "ci/src/services/iam.ts",
    "ci/src/jobs/render.ts",
    "ci/src/schedules/render.ts",
    "ci/src/site/plan.ts",
    "ci/src/site/cache-control.ts",
    "ci/src/site/content-type.ts",
    "ci/src/site/glob.ts",
    "ci/src/site/report.ts",
    "ci/src/promotion/report.ts",
    "ci/src/preflight/report.ts",
  ],
  // Not copied into the sandbox: installed tools, earlier reports, and what the example's host
  // checks leave in a clone (.venv folders with symlinks Stryker cannot copy, caches, built sites).
  ignorePatterns: [".tools", "reports", ".stryker-tmp*", "**/.venv", "**/__pycache__", "**/.pytest_cache", "**/.ruff_cache", "/site", "examples/**/site", "test/e2e/sdk", "test/live/sdk"],
  // Only the mutated TypeScript needs its type checks disabled (the default also parses HTML and
  // JavaScript elsewhere in the tree, e.g. Django templates in a .venv).
  disableTypeChecks: "ci/src/**/*.ts",
  reporters: ["progress", "clear-text", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: false, reportScoreTable: true },
  // Restored from (and saved back to) the committed bench/stryker-incremental.json.gz by
  // scripts/mutation-state.ts, so a clean clone re-tests only the mutants in changed code.
  incrementalFile: "reports/stryker-incremental.json",
  tempDirName: ".stryker-tmp",
  concurrency: 2,
  timeoutMS: 5_000,
  thresholds: { high: 90, low: 85, break: null },
};

export default only.length === 0
  ? config
  : {
      ...config,
      mutate: only,
      htmlReporter: { fileName: `${onlyDir}/index.html` },
      jsonReporter: { fileName: `${onlyDir}/mutation.json` },
      incrementalFile: `${onlyDir}/incremental.json`,
      tempDirName: `.stryker-tmp-${onlyDir.slice("reports/only-".length)}`,
      concurrency: 1,
    };
