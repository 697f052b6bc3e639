/**
 * Fuzzing parseCatalog with seeded mutations of the real catalog (pipelines/): byte flips,
 * deletions, duplicated lines and keys, re-indentation, huge repetitions, anchors and aliases,
 * merge keys, deep nesting, type swaps, unusual characters, very long values. Each parse runs in a
 * worker with a time limit and a heap limit, so a hang or a crash fails the test with the seed
 * and the mutation named. Every parse must end accepted or with a CatalogError whose problems all
 * name a catalog file; a raw exception, a timeout or a crashed worker is a failure.
 *
 * Reproduce one mutation: FUZZ_SEED=<seed> FUZZ_COUNT=1 npx vitest run test/catalog/parse-fuzz.test.ts
 */
import { readFileSync, readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import type { CatalogFile } from "../../ci/src/catalog/parse.js";
import { type Mutation, mutate } from "./fuzz/mutations.js";
import type { ParseOutcome, ParseRequest } from "./fuzz/parse-worker.js";

const FIRST_SEED = Number(process.env.FUZZ_SEED ?? 20_240_611);
const COUNT = Number(process.env.FUZZ_COUNT ?? 600);
/** Far above the slowest legitimate parse (a 256 KiB file of the densest YAML: about 0.5 s). */
const PARSE_TIME_LIMIT_MS = 5_000;
const HEAP_LIMIT_MB = 512;
const WORKERS = Math.max(1, Math.min(2, availableParallelism()));

const repoRoot = resolve(import.meta.dirname, "..", "..");
const realFiles: CatalogFile[] = readdirSync(join(repoRoot, "pipelines"), { recursive: true, encoding: "utf8" })
  .filter((name) => /\.ya?ml$/.test(name))
  .sort()
  .map((name) => {
    const path = `pipelines/${name.split("\\").join("/")}`;
    return { path, text: readFileSync(join(repoRoot, path), "utf8") };
  });

interface Failure {
  mutation: Mutation;
  what: string;
}

/** What is wrong with an outcome, or undefined when it is one the parser may give. */
function judge(outcome: ParseOutcome, files: CatalogFile[]): string | undefined {
  if (outcome.kind === "accepted") return undefined;
  if (outcome.kind === "raw") return `raw ${outcome.name}: ${outcome.message}\n${outcome.stack ?? ""}`;
  if (outcome.problems.length === 0) return "a CatalogError without problems";
  const paths = new Set(files.map((f) => f.path));
  for (const p of outcome.problems) {
    // A missing project file is reported at the path it should have; every other problem is in a file read.
    if (!paths.has(p.file) && p.file !== "pipelines/project.yaml") return `a problem naming no catalog file: ${JSON.stringify(p)}`;
    if (!p.message) return `a problem without a message: ${JSON.stringify(p)}`;
    if (p.message.includes("internal error")) return `the loader's safety net caught an exception: ${p.message}`;
  }
  return undefined;
}

/** A worker that answers one parse at a time; replaced when it hangs or dies. */
class ParseWorker {
  private worker!: Worker;
  private ready!: Promise<void>;

  constructor() {
    this.start();
  }

  private start(): void {
    this.worker = new Worker(new URL("./fuzz/parse-worker.ts", import.meta.url), {
      execArgv: ["--import", "tsx"],
      resourceLimits: { maxOldGenerationSizeMb: HEAP_LIMIT_MB },
    });
    this.ready = new Promise((ok, fail) => {
      this.worker.once("message", () => ok());
      this.worker.once("error", fail);
    });
  }

  /** The outcome, or what went wrong around it (timeout, crash). */
  async parse(id: number, files: CatalogFile[]): Promise<ParseOutcome | string> {
    await this.ready;
    const worker = this.worker;
    let timer: NodeJS.Timeout | undefined;
    const answer = new Promise<ParseOutcome | string>((ok) => {
      const onMessage = (m: { id: number; outcome: ParseOutcome }) => m.id === id && done(m.outcome);
      const onError = (err: Error) => done(`the worker crashed: ${err.name}: ${err.message}`);
      const onExit = (code: number) => done(`the worker exited with code ${code}`);
      const done = (result: ParseOutcome | string) => {
        clearTimeout(timer);
        worker.off("message", onMessage).off("error", onError).off("exit", onExit);
        ok(result);
      };
      worker.on("message", onMessage).on("error", onError).on("exit", onExit);
      timer = setTimeout(() => done(`no answer within ${PARSE_TIME_LIMIT_MS / 1000} s (a hang, or superlinear parsing)`), PARSE_TIME_LIMIT_MS);
    });
    worker.postMessage({ id, files } satisfies ParseRequest);
    const result = await answer;
    if (typeof result === "string") {
      await worker.terminate();
      this.start();
    }
    return result;
  }

  stop(): Promise<number> {
    return this.worker.terminate();
  }
}

describe("parseCatalog under fuzzing", () => {
  it(`ends every one of ${COUNT} mutations of the real catalog accepted or with a CatalogError naming a file, within ${PARSE_TIME_LIMIT_MS / 1000} s each`, async () => {
    const workers = Array.from({ length: WORKERS }, () => new ParseWorker());
    const failures: Failure[] = [];
    const kinds = { accepted: 0, rejected: 0 };
    let next = 0;
    try {
      await Promise.all(
        workers.map(async (worker) => {
          while (next < COUNT) {
            const i = next++;
            const mutation = mutate(realFiles, FIRST_SEED + i);
            const outcome = await worker.parse(i, mutation.files);
            const wrong = typeof outcome === "string" ? outcome : judge(outcome, mutation.files);
            if (wrong) failures.push({ mutation, what: wrong });
            else kinds[(outcome as ParseOutcome).kind === "accepted" ? "accepted" : "rejected"] += 1;
          }
        }),
      );
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    const report = failures.map(({ mutation, what }) => `seed ${mutation.seed} (${mutation.description}): ${what}`).join("\n");
    expect(report, `${failures.length} of ${COUNT} mutations failed; reproduce one with FUZZ_SEED=<seed> FUZZ_COUNT=1`).toBe("");
    // The mutations must exercise both paths, or the test proves little.
    expect(kinds.accepted).toBeGreaterThan(0);
    expect(kinds.rejected).toBeGreaterThan(COUNT / 2);
  }, 180_000);
});
