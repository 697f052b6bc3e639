/**
 * What an execution read back from Cloud Run shows of the overrides deploy-job sent: the report
 * prints what the execution runs (its task count and task template), not what was asked, and says
 * plainly which override the execution does not show. Env: names only, never values.
 */
import type { CloudRunExecutionResource } from "../gcp/run-job-resource.js";
import type { ExecutionOverrides } from "./execution-overrides.js";

export interface OverridesReadBack {
  /** The container's args on the execution, when --args or --clear-args was given and they match. */
  args?: string[];
  /** Names of the --execution-env variables the execution holds with the value sent. */
  env?: string[];
  /** The execution's task count, when --tasks was given and it matches. */
  tasks?: number;
  /** The execution's task timeout ("Ns"), when --task-timeout was given and it matches. */
  taskTimeout?: string;
  /** Overrides asked for that the execution read back does not show, each said plainly. */
  notApplied: string[];
  /** Why the execution could not be read back (then nothing is known). */
  unread?: string;
}

const list = (items: readonly string[]): string => `[${items.join(", ")}]`;
const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Compares the execution read back with the overrides asked for; `container` is the main container's name. */
export function readBackOverrides(asked: ExecutionOverrides, container: string, execution: CloudRunExecutionResource | undefined, readError?: string): OverridesReadBack {
  if (!execution) return { notApplied: [], unread: readError ?? "it was not found" };
  const out: OverridesReadBack = { notApplied: [] };
  const changesContainer = asked.args !== undefined || asked.clearArgs || asked.env !== undefined;
  const main = execution.template?.containers?.find((c) => c.name === container);
  if (changesContainer && !main) out.notApplied.push(`the execution has no container named ${container}, so its args and env cannot be checked`);
  if (main && (asked.args !== undefined || asked.clearArgs)) {
    const args = [...(main.args ?? [])];
    const wanted = asked.args ?? [];
    if (sameList(args, wanted)) out.args = args;
    else out.notApplied.push(asked.clearArgs ? `args: the execution runs with args ${list(args)}, not with none (--clear-args)` : `args: the execution runs with args ${list(args)}, not ${list(wanted)}`);
  }
  if (main && asked.env) {
    const held: string[] = [];
    for (const { name, value } of asked.env) {
      const live = main.env?.find((e) => e.name === name);
      if (!live) out.notApplied.push(`env ${name}: not set on the execution`);
      else if (live.valueSource?.secretKeyRef || (live.value ?? "") !== value) out.notApplied.push(`env ${name}: the execution holds another value than the one sent (values are not shown)`);
      else held.push(name);
    }
    if (held.length) out.env = held;
  }
  if (asked.tasks !== undefined) {
    const count = execution.taskCount ?? undefined;
    if (count === asked.tasks) out.tasks = count;
    else out.notApplied.push(`tasks: the execution runs ${count ?? "an unknown number of"} task(s), not the ${asked.tasks} asked for`);
  }
  if (asked.taskTimeout !== undefined) {
    const seconds = execution.template?.timeout?.seconds;
    const timeout = seconds === undefined || seconds === null ? undefined : `${Number(seconds)}s`;
    if (timeout === asked.taskTimeout) out.taskTimeout = timeout;
    else out.notApplied.push(`task timeout: the execution's tasks time out after ${timeout ?? "an unknown time"}, not the ${asked.taskTimeout} asked for`);
  }
  return out;
}

/** Report lines: the overrides the execution shows, then each one it does not. */
export function formatOverrides(o: OverridesReadBack): string[] {
  if (o.unread !== undefined) return [`overrides: not known: the execution could not be read back (${o.unread})`];
  const parts: string[] = [];
  if (o.args) parts.push(`args=${list(o.args)}`);
  if (o.env) parts.push(`env=${list(o.env)}`);
  if (o.tasks !== undefined) parts.push(`tasks=${o.tasks}`);
  if (o.taskTimeout) parts.push(`task timeout=${o.taskTimeout}`);
  const lines = [`overrides: ${parts.length ? parts.join(", ") : "none of them is shown by the execution read back"}`];
  for (const n of o.notApplied) lines.push(`overrides NOT APPLIED (as read back): ${n}`);
  return lines;
}
