/**
 * One step of a pipeline run (build, lint, test, a scanner, a site build, a catalog check) and
 * its outcome. Failures keep what a user needs: the command, the exit code, the output's tail.
 */
import { ExecError } from "@dagger.io/dagger";

export interface StepOutcome {
  /** e.g. "lint", "test", "scan:trivy", "docs", "build", "catalog". */
  step: string;
  /** Service, job or site name ("" for repository-wide steps). */
  target: string;
  ok: boolean;
  durationMs: number;
  command?: string[];
  exitCode?: number;
  /** Last lines of stdout+stderr of the failed command. */
  outputTail?: string;
  /** Why it failed when it was not a command's exit code. */
  message?: string;
}

export const TAIL_LINES = 30;

export function tail(text: string, lines = TAIL_LINES): string {
  const all = text.replace(/\s+$/, "").split("\n");
  return all.slice(Math.max(0, all.length - lines)).join("\n");
}

export async function runStep(step: string, target: string, run: () => Promise<unknown>): Promise<StepOutcome> {
  const started = Date.now();
  try {
    await run();
    return { step, target, ok: true, durationMs: Date.now() - started };
  } catch (err) {
    const durationMs = Date.now() - started;
    if (err instanceof ExecError) {
      const output = [err.stdout, err.stderr].filter((s) => s && s.trim()).join("\n");
      return { step, target, ok: false, durationMs, command: err.cmd, exitCode: err.exitCode, outputTail: tail(output) };
    }
    return { step, target, ok: false, durationMs, message: err instanceof Error ? err.message : String(err) };
  }
}
