/**
 * One step of a pipeline run (build, lint, test, a scanner, a site build, a catalog check) and
 * its outcome. Failures keep what a user needs: the command, the exit code, the output's tail.
 * Each step runs in a span named for it ("lint cloud", "scan cloud (trivy)", "docs site").
 */
import { ExecError, type File } from "@dagger.io/dagger";
import { withSpan } from "../lib/spans.js";

/** A file a step adds to verify-report's Directory (a SARIF report, JUnit XML), at `path` inside it. */
export type StepArtifact = { path: string; contents: string } | { path: string; file: File };

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
  /** verify-report: the files the step produced. */
  artifacts?: StepArtifact[];
  /** verify-report: what a reader of the report should know (e.g. why there is no JUnit XML). */
  notes?: string[];
}

/** What a step's body may record besides passing or failing (verify-report only). */
export interface StepRecorder {
  artifact(artifact: StepArtifact): void;
  note(text: string): void;
}

/** A command that ended with a non-zero exit code although its exec did not fail (report mode), with what it found. */
export class CommandFailed extends Error {
  constructor(readonly cmd: string[], readonly exitCode: number, readonly output: string) {
    super(`${cmd.join(" ")} exited with ${exitCode}`);
    this.name = "CommandFailed";
  }
}

export const TAIL_LINES = 30;

export function tail(text: string, lines = TAIL_LINES): string {
  const all = text.replace(/\s+$/, "").split("\n");
  return all.slice(Math.max(0, all.length - lines)).join("\n");
}

/** The span of a step: its kind and target, a scanner's name in brackets. */
export function stepSpanName(step: string, target: string): string {
  const [kind, scanner] = step.split(":");
  return [kind, target].filter(Boolean).join(" ") + (scanner ? ` (${scanner})` : "");
}

export async function runStep(step: string, target: string, run: (record: StepRecorder) => Promise<unknown>): Promise<StepOutcome> {
  const started = Date.now();
  const artifacts: StepArtifact[] = [];
  const notes: string[] = [];
  const recorded = (): Pick<StepOutcome, "artifacts" | "notes"> => ({ ...(artifacts.length ? { artifacts } : {}), ...(notes.length ? { notes } : {}) });
  try {
    const recorder: StepRecorder = { artifact: (a) => void artifacts.push(a), note: (n) => void notes.push(n) };
    await withSpan(stepSpanName(step, target), () => run(recorder));
    return { step, target, ok: true, durationMs: Date.now() - started, ...recorded() };
  } catch (err) {
    const durationMs = Date.now() - started;
    if (err instanceof ExecError) {
      const output = [err.stdout, err.stderr].filter((s) => s && s.trim()).join("\n");
      return { step, target, ok: false, durationMs, command: err.cmd, exitCode: err.exitCode, outputTail: tail(output), ...recorded() };
    }
    if (err instanceof CommandFailed) {
      return { step, target, ok: false, durationMs, command: err.cmd, exitCode: err.exitCode, outputTail: tail(err.output), ...recorded() };
    }
    return { step, target, ok: false, durationMs, message: err instanceof Error ? err.message : String(err), ...recorded() };
  }
}
