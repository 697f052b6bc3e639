/**
 * deploy-job --execute overrides: --args, --clear-args, --execution-env, --tasks and --task-timeout
 * change one execution, never the job (RunJobRequest.overrides of the Cloud Run Admin API v2).
 * Checked here before any Google call; every problem names the flag, what is wrong and what is
 * allowed. Env values are never repeated in a message (secrets may be passed this way).
 */
import { envVarName } from "../catalog/fields.js";
import { MAX_ENV_VALUE_BYTES, MAX_TASK_TIMEOUT_SECONDS } from "../catalog/limits.js";
import { reservedEnvProblem } from "../catalog/reserved-env.js";
import type { RunJobOverrides } from "../gcp/run-job-resource.js";
import { durationSecondsOf } from "../gcp/run-template.js";
import type { SuggestCall } from "../lib/suggested-call.js";

/** The override flags as deploy-job received them (lists as Dagger split them at commas). */
export interface ExecutionOverrideFlags {
  args: string[];
  clearArgs: boolean;
  executionEnv: string[];
  /** Undefined when --tasks was not given. */
  tasks?: number;
  /** "" when --task-timeout was not given. */
  taskTimeout: string;
}

/** What one execution runs differently from its job, checked. */
export interface ExecutionOverrides {
  /** Replace the container's args. */
  args?: string[];
  /** Run the container with no args. */
  clearArgs?: boolean;
  /** Merged over the job's env (plain values). */
  env?: Array<{ name: string; value: string }>;
  tasks?: number;
  /** "Ns". */
  taskTimeout?: string;
}

export interface OverrideContext {
  execute: boolean;
  /** The catalog job's name (for messages and the command to run). */
  job: string;
  /** Writes the command to run (with the command's --catalog and --credentials). */
  call: SuggestCall;
  /** The --env the deploy was given, repeated in the command to run (absent: the default environment). */
  environment?: string;
  /** Names the job takes from Secret Manager (`run.secrets` for the environment). */
  secrets: readonly string[];
}

/** "Maximum number of tasks in a single job: 10,000" (https://cloud.google.com/run/quotas). */
export const MAX_EXECUTION_TASKS = 10000;

export class ExecutionOverridesError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `The execution overrides have ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ExecutionOverridesError";
  }
}

/** The override flags that were given, as they are written on the command line. */
export function givenOverrideFlags(flags: ExecutionOverrideFlags): string[] {
  const given: string[] = [];
  if (flags.args.length) given.push("--args");
  if (flags.clearArgs) given.push("--clear-args");
  if (flags.executionEnv.length) given.push("--execution-env");
  if (flags.tasks !== undefined && flags.tasks !== null) given.push("--tasks");
  if (flags.taskTimeout !== "") given.push("--task-timeout");
  return given;
}

/** Every problem of the flags (empty: they can be sent). */
export function executionOverrideProblems(flags: ExecutionOverrideFlags, context: OverrideContext): string[] {
  const given = givenOverrideFlags(flags);
  if (given.length && !context.execute) {
    const one = given.length === 1;
    const example = given.map((f) => (f === "--clear-args" ? f : `${f}=...`)).join(" ");
    return [
      `${given.join(", ")} only ${one ? "applies" : "apply"} to the execution that --execute starts, and this deploy starts none: add --execute (\`${context.call(`deploy-job --job=${context.job}${context.environment ? ` --env=${context.environment}` : ""} --execute ${example}`)}\`), or leave ${one ? "it" : "them"} out to deploy the job without running it.`,
    ];
  }
  const problems: string[] = [];
  if (flags.args.length && flags.clearArgs) {
    problems.push("--args and --clear-args cannot be given together: --args replaces the container's arguments for this execution, --clear-args runs it with none; give one of them.");
  }
  problems.push(...envProblems(flags.executionEnv, context));
  if (flags.tasks !== undefined && flags.tasks !== null && !(Number.isInteger(flags.tasks) && flags.tasks >= 1 && flags.tasks <= MAX_EXECUTION_TASKS)) {
    problems.push(`--tasks must be a whole number from 1 to ${MAX_EXECUTION_TASKS} (Cloud Run's maximum tasks per execution), not ${flags.tasks}; leave it out to run the job's own task count.`);
  }
  if (flags.taskTimeout !== "") problems.push(...timeoutProblems(flags.taskTimeout));
  return problems;
}

/** The overrides to send, or undefined when no flag was given; throws ExecutionOverridesError listing every problem. */
export function parseExecutionOverrides(flags: ExecutionOverrideFlags, context: OverrideContext): ExecutionOverrides | undefined {
  const problems = executionOverrideProblems(flags, context);
  if (problems.length) throw new ExecutionOverridesError(problems);
  if (!givenOverrideFlags(flags).length) return undefined;
  return {
    ...(flags.args.length ? { args: [...flags.args] } : {}),
    ...(flags.clearArgs ? { clearArgs: true } : {}),
    ...(flags.executionEnv.length ? { env: flags.executionEnv.map(splitEntry) } : {}),
    ...(flags.tasks !== undefined && flags.tasks !== null ? { tasks: flags.tasks } : {}),
    ...(flags.taskTimeout !== "" ? { taskTimeout: flags.taskTimeout } : {}),
  };
}

/** RunJobRequest.overrides for checked overrides; `container` is the job's main container (render.ts names it after the job). */
export function runJobOverrides(overrides: ExecutionOverrides, container: string): RunJobOverrides {
  const changesContainer = overrides.args !== undefined || overrides.clearArgs || overrides.env !== undefined;
  return {
    ...(changesContainer
      ? {
          containerOverrides: [
            {
              name: container,
              ...(overrides.args ? { args: [...overrides.args] } : {}),
              ...(overrides.env ? { env: overrides.env.map((e) => ({ ...e })) } : {}),
              ...(overrides.clearArgs ? { clearArgs: true } : {}),
            },
          ],
        }
      : {}),
    ...(overrides.tasks !== undefined ? { taskCount: overrides.tasks } : {}),
    ...(overrides.taskTimeout !== undefined ? { timeout: { seconds: durationSecondsOf(overrides.taskTimeout) } } : {}),
  };
}

function splitEntry(entry: string): { name: string; value: string } {
  const at = entry.indexOf("=");
  return { name: entry.slice(0, at), value: entry.slice(at + 1) };
}

const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length;
/** A name as it may appear in a message: names are not secret, but a long one is cut. */
const shown = (name: string): string => (name.length > 64 ? `${name.slice(0, 64)}...` : name);

function envProblems(entries: string[], context: OverrideContext): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    if (!entry.includes("=")) {
      // The entry is not printed: without "=" it may be a value, or the part of one after a comma.
      problems.push(
        `--execution-env: entry ${i + 1} has no "=": write each variable as NAME=value (the value may contain "="). Dagger splits list flags at commas, so a value cannot contain one; the entry is not shown, as it may be part of a value.`,
      );
      return;
    }
    const { name, value } = splitEntry(entry);
    const nameCheck = envVarName.safeParse(name);
    if (!nameCheck.success) {
      problems.push(`--execution-env: "${shown(name)}" is not an environment variable name: ${nameCheck.error.issues[0]?.message ?? "letters, digits and underscores, not starting with a digit"}.`);
      return;
    }
    const reserved = reservedEnvProblem("job", name);
    if (reserved) {
      problems.push(`--execution-env: ${reserved}${name === "CLOUD_RUN_TASK_COUNT" ? " (for this execution only: --tasks)" : ""}.`);
      return;
    }
    if (context.secrets.includes(name)) {
      problems.push(
        `--execution-env: ${name} is a secret of job ${context.job} (run.secrets in the catalog); Cloud Run would get it both from Secret Manager and as a plain value. Leave it out, or give the variable another name.`,
      );
      return;
    }
    if (seen.has(name)) {
      problems.push(`--execution-env: ${name} is given more than once; give each name once.`);
      return;
    }
    seen.add(name);
    const bytes = utf8Bytes(value);
    if (bytes > MAX_ENV_VALUE_BYTES) {
      problems.push(`--execution-env: the value of ${name} has ${bytes} bytes; Cloud Run allows at most ${MAX_ENV_VALUE_BYTES} bytes (32 KiB) per value: put large data in a file, a bucket or a secret.`);
    }
  });
  return problems;
}

function timeoutProblems(text: string): string[] {
  if (!/^[1-9][0-9]*s$/.test(text)) {
    return [`--task-timeout must be a whole number of seconds written like "3600s", from 1s to ${MAX_TASK_TIMEOUT_SECONDS}s (168 hours), not "${shown(text)}".`];
  }
  if (durationSecondsOf(text) > MAX_TASK_TIMEOUT_SECONDS) {
    return [`--task-timeout must be at most ${MAX_TASK_TIMEOUT_SECONDS}s (168 hours, Cloud Run's maximum task timeout), not "${text}".`];
  }
  return [];
}
