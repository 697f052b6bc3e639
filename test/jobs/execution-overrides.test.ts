/**
 * deploy-job --execute override flags (--args, --clear-args, --execution-env, --tasks,
 * --task-timeout), checked before any Google call: what is accepted, what is refused with a
 * message naming the flag, the problem and what is allowed, and the RunJob overrides they become.
 * Env values never appear in a message.
 */
import { describe, expect, it } from "vitest";
import {
  ExecutionOverridesError,
  parseExecutionOverrides,
  runJobOverrides,
  type ExecutionOverrideFlags,
  type OverrideContext,
} from "../../ci/src/jobs/execution-overrides.js";
import { rejection } from "../support/rejection.js";
import { testCall } from "../support/suggested-call.js";

const NONE: ExecutionOverrideFlags = { args: [], clearArgs: false, executionEnv: [], tasks: undefined, taskTimeout: "" };
const CONTEXT: OverrideContext = { execute: true, job: "ingestion", secrets: ["API_KEY"], call: testCall };

const flags = (given: Partial<ExecutionOverrideFlags>): ExecutionOverrideFlags => ({ ...NONE, ...given });

/** The message `parseExecutionOverrides` refuses the flags with. */
function refusal(given: Partial<ExecutionOverrideFlags>, context: Partial<OverrideContext> = {}): string {
  try {
    parseExecutionOverrides(flags(given), { ...CONTEXT, ...context });
  } catch (err) {
    expect(err).toBeInstanceOf(ExecutionOverridesError);
    return (err as Error).message;
  }
  throw new Error("the flags were accepted");
}

describe("execution override flags that are accepted", () => {
  it("gives no overrides when no flag is given, with or without --execute", () => {
    expect(parseExecutionOverrides(NONE, CONTEXT)).toBeUndefined();
    expect(parseExecutionOverrides(NONE, { ...CONTEXT, execute: false })).toBeUndefined();
  });

  const accepted: Array<[string, Partial<ExecutionOverrideFlags>, object]> = [
    ["--args replaces the arguments", { args: ["--full-refresh", "--since=2024-01-01"] }, { args: ["--full-refresh", "--since=2024-01-01"] }],
    ["--clear-args alone", { clearArgs: true }, { clearArgs: true }],
    ["a value that contains '='", { executionEnv: ["QUERY=a=b=c"] }, { env: [{ name: "QUERY", value: "a=b=c" }] }],
    ["an empty value", { executionEnv: ["RUN_MODE="] }, { env: [{ name: "RUN_MODE", value: "" }] }],
    ["lower case and underscore names", { executionEnv: ["_run_mode=x", "Mode2=y"] }, { env: [{ name: "_run_mode", value: "x" }, { name: "Mode2", value: "y" }] }],
    ["a value of exactly 32768 bytes", { executionEnv: [`BIG=${"x".repeat(32768)}`] }, { env: [{ name: "BIG", value: "x".repeat(32768) }] }],
    ["--tasks=1", { tasks: 1 }, { tasks: 1 }],
    ["--tasks=10000", { tasks: 10000 }, { tasks: 10000 }],
    ["--task-timeout=1s", { taskTimeout: "1s" }, { taskTimeout: "1s" }],
    ["--task-timeout=604800s (168 hours)", { taskTimeout: "604800s" }, { taskTimeout: "604800s" }],
  ];
  for (const [what, given, expected] of accepted) {
    it(`accepts ${what}`, () => {
      expect(parseExecutionOverrides(flags(given), CONTEXT)).toEqual(expected);
    });
  }

  it("accepts every flag together (the README example)", () => {
    const parsed = parseExecutionOverrides(flags({ args: ["--full-refresh"], executionEnv: ["RUN_MODE=backfill"], tasks: 4, taskTimeout: "3600s" }), CONTEXT);
    expect(parsed).toEqual({ args: ["--full-refresh"], env: [{ name: "RUN_MODE", value: "backfill" }], tasks: 4, taskTimeout: "3600s" });
  });

  it("accepts a name the job sets as a plain env var (merged over it for this execution)", () => {
    expect(parseExecutionOverrides(flags({ executionEnv: ["OUTPUT_PATH=/tmp/x"] }), CONTEXT)).toEqual({ env: [{ name: "OUTPUT_PATH", value: "/tmp/x" }] });
  });
});

describe("execution override flags that are refused", () => {
  it("refuses an override flag without --execute, saying how to fix it", () => {
    expect(refusal({ tasks: 4 }, { execute: false })).toBe(
      "--tasks only applies to the execution that --execute starts, and this deploy starts none: add --execute (`dagger call deploy-job --job=ingestion --execute --tasks=... --credentials=env://GCP_CREDENTIALS`), or leave it out to deploy the job without running it.",
    );
  });

  it("repeats the deploy's --env in the command it suggests", () => {
    expect(refusal({ tasks: 4 }, { execute: false, environment: "staging" })).toContain("(`dagger call deploy-job --job=ingestion --env=staging --execute --tasks=... --credentials=env://GCP_CREDENTIALS`)");
  });

  it("names every override flag given without --execute", () => {
    expect(refusal({ args: ["--x"], clearArgs: true, executionEnv: ["A=1"], tasks: 2, taskTimeout: "60s" }, { execute: false })).toBe(
      "--args, --clear-args, --execution-env, --tasks, --task-timeout only apply to the execution that --execute starts, and this deploy starts none: add --execute (`dagger call deploy-job --job=ingestion --execute --args=... --clear-args --execution-env=... --tasks=... --task-timeout=... --credentials=env://GCP_CREDENTIALS`), or leave them out to deploy the job without running it.",
    );
  });

  it("refuses --args together with --clear-args", () => {
    expect(refusal({ args: ["--full-refresh"], clearArgs: true })).toBe(
      "--args and --clear-args cannot be given together: --args replaces the container's arguments for this execution, --clear-args runs it with none; give one of them.",
    );
  });

  const refused: Array<[string, Partial<ExecutionOverrideFlags>, string]> = [
    ["an entry without '='", { executionEnv: ["RUN_MODE"] }, '--execution-env: entry 1 has no "=": write each variable as NAME=value'],
    ["a name starting with a digit", { executionEnv: ["1MODE=x"] }, '--execution-env: "1MODE" is not an environment variable name: environment variable names are letters, digits and underscores, not starting with a digit.'],
    ["a name with a hyphen", { executionEnv: ["RUN-MODE=x"] }, '--execution-env: "RUN-MODE" is not an environment variable name'],
    ["an empty name", { executionEnv: ["=x"] }, '--execution-env: "" is not an environment variable name'],
    ["a name Cloud Run reserves for jobs", { executionEnv: ["CLOUD_RUN_TASK_INDEX=0"] }, "--execution-env: CLOUD_RUN_TASK_INDEX is reserved: Cloud Run sets it in every job to the index of the task; remove it and read the value Cloud Run provides."],
    ["CLOUD_RUN_TASK_COUNT, pointing at --tasks", { executionEnv: ["CLOUD_RUN_TASK_COUNT=4"] }, "--execution-env: CLOUD_RUN_TASK_COUNT is reserved: Cloud Run sets it in every job to the task count; remove it and set run.tasks instead (for this execution only: --tasks)."],
    ["a name the job takes from Secret Manager", { executionEnv: ["API_KEY=plain"] }, "--execution-env: API_KEY is a secret of job ingestion (run.secrets in the catalog); Cloud Run would get it both from Secret Manager and as a plain value. Leave it out, or give the variable another name."],
    ["a name given twice", { executionEnv: ["RUN_MODE=a", "RUN_MODE=b"] }, "--execution-env: RUN_MODE is given more than once; give each name once."],
    ["a value over 32 KiB", { executionEnv: [`BIG=${"x".repeat(32769)}`] }, "--execution-env: the value of BIG has 32769 bytes; Cloud Run allows at most 32768 bytes (32 KiB) per value: put large data in a file, a bucket or a secret."],
    ["a value over 32 KiB in UTF-8 bytes (not characters)", { executionEnv: [`BIG=${"é".repeat(16385)}`] }, "--execution-env: the value of BIG has 32770 bytes"],
    ["--tasks=0", { tasks: 0 }, "--tasks must be a whole number from 1 to 10000 (Cloud Run's maximum tasks per execution), not 0; leave it out to run the job's own task count."],
    ["--tasks=-1", { tasks: -1 }, "--tasks must be a whole number from 1 to 10000 (Cloud Run's maximum tasks per execution), not -1;"],
    ["--tasks=10001", { tasks: 10001 }, "--tasks must be a whole number from 1 to 10000 (Cloud Run's maximum tasks per execution), not 10001;"],
    ["--tasks=1.5", { tasks: 1.5 }, "--tasks must be a whole number from 1 to 10000 (Cloud Run's maximum tasks per execution), not 1.5;"],
    ["--task-timeout=1h", { taskTimeout: "1h" }, '--task-timeout must be a whole number of seconds written like "3600s", from 1s to 604800s (168 hours), not "1h".'],
    ["--task-timeout=3600 (no unit)", { taskTimeout: "3600" }, '--task-timeout must be a whole number of seconds written like "3600s", from 1s to 604800s (168 hours), not "3600".'],
    ["--task-timeout=0s", { taskTimeout: "0s" }, '--task-timeout must be a whole number of seconds written like "3600s", from 1s to 604800s (168 hours), not "0s".'],
    ["--task-timeout=604801s", { taskTimeout: "604801s" }, '--task-timeout must be at most 604800s (168 hours, Cloud Run\'s maximum task timeout), not "604801s".'],
  ];
  for (const [what, given, message] of refused) {
    it(`refuses ${what}`, () => {
      expect(refusal(given)).toContain(message);
    });
  }

  it("lists every problem at once, with their count", () => {
    const message = refusal({ args: ["--x"], clearArgs: true, tasks: 0, taskTimeout: "1h", executionEnv: ["CLOUD_RUN_JOB=x"] });
    expect(message.split("\n")).toEqual([
      "The execution overrides have 4 problems:",
      expect.stringMatching(/^ {2}- --args and --clear-args cannot be given together/),
      expect.stringMatching(/^ {2}- --execution-env: CLOUD_RUN_JOB is reserved/),
      expect.stringMatching(/^ {2}- --tasks must be a whole number from 1 to 10000/),
      expect.stringMatching(/^ {2}- --task-timeout must be a whole number of seconds/),
    ]);
  });

  it("never repeats an env value: not for a name twice, an oversized value, nor the part of a value Dagger split off at a comma", () => {
    // `--execution-env=PASSWORD=hunter2,extra-secret-part` reaches the module split at the comma.
    const message = refusal({ executionEnv: ["PASSWORD=hunter2", "extra-secret-part", "PASSWORD=hunter3", `TOKEN=s3cr3t${"x".repeat(40000)}`, "API_KEY=k3y"] });
    for (const value of ["hunter2", "hunter3", "extra-secret-part", "s3cr3t", "k3y"]) expect(message).not.toContain(value);
    expect(message).toContain("entry 2 has no \"=\"");
    expect(message).toContain("Dagger splits list flags at commas");
  });

  it("throws an Error whose message is the problem itself when there is one", async () => {
    const err = await rejection(Promise.resolve().then(() => parseExecutionOverrides(flags({ tasks: 0 }), CONTEXT)));
    expect(err.message.startsWith("--tasks must be")).toBe(true);
  });
});

describe("the RunJob overrides the flags become", () => {
  it("targets the main container by name with args and env, and sets task count and timeout", () => {
    const overrides = parseExecutionOverrides(flags({ args: ["--full-refresh"], executionEnv: ["RUN_MODE=backfill"], tasks: 4, taskTimeout: "3600s" }), CONTEXT)!;
    expect(runJobOverrides(overrides, "ingestion")).toEqual({
      containerOverrides: [{ name: "ingestion", args: ["--full-refresh"], env: [{ name: "RUN_MODE", value: "backfill" }] }],
      taskCount: 4,
      timeout: { seconds: 3600 },
    });
  });

  it("sends clear_args for --clear-args", () => {
    expect(runJobOverrides({ clearArgs: true }, "ingestion")).toEqual({ containerOverrides: [{ name: "ingestion", clearArgs: true }] });
  });

  it("sends no container override when only --tasks or --task-timeout is given", () => {
    expect(runJobOverrides({ tasks: 2 }, "ingestion")).toEqual({ taskCount: 2 });
    expect(runJobOverrides({ taskTimeout: "90s" }, "ingestion")).toEqual({ timeout: { seconds: 90 } });
  });
});
