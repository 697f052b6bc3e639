// Fault injection for tests: what goes wrong, where, and how often.
import type { IncomingMessage, ServerResponse } from "node:http";
import { status } from "@grpc/grpc-js";

/** Selects revisions by service id, short revision name and/or container image (all must match). */
export interface RevisionMatcher {
  service?: string;
  revision?: string;
  image?: string;
}

export interface RevisionFacts {
  service: string;
  revision: string;
  image: string;
}

export interface ProbeContext extends RevisionFacts {
  /** Path below the service/tag URL, e.g. `/health`. */
  path: string;
  tag?: string;
}

/** How a revision answers probe requests. Defaults: 200 with a JSON body naming the revision. */
export interface ProbeBehaviour {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  /** Answer after this many ms (use for client timeouts). */
  delayMs?: number;
  /** Never answer (the socket stays open until the client gives up or the fake closes). */
  hang?: boolean;
  /** Full control; replaces status/body/headers. */
  handler?: (req: IncomingMessage, res: ServerResponse, ctx: ProbeContext) => void;
}

export interface ExecutionFailure {
  /** Tasks that fail (default: all tasks). */
  failedTasks?: number;
  message?: string;
}

/** Codes a client sees when a reply is lost: the connection dropped, or its deadline passed. */
export type LostReplyCode = typeof status.UNAVAILABLE | typeof status.DEADLINE_EXCEEDED;

interface CallFault {
  method: string;
  code: status;
  message: string;
  remaining: number;
}

interface Matched<T> {
  match: RevisionMatcher;
  value: T;
}

export const DEFAULT_NOT_READY_MESSAGE =
  "The user-provided container failed to start and listen on the port defined provided by the PORT=8080 environment variable within the allocated timeout. Logs for this revision might contain more information.";

function matches(m: RevisionMatcher, f: RevisionFacts): boolean {
  return (
    (m.service === undefined || m.service === f.service) &&
    (m.revision === undefined || m.revision === f.revision) &&
    (m.image === undefined || m.image === f.image)
  );
}

function lastMatch<T>(list: Matched<T>[], facts: RevisionFacts): T | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (matches(list[i]!.match, facts)) return list[i]!.value;
  return undefined;
}

export class FaultPlan {
  /** Delay before a revision becomes ready / an operation completes, unless a rule overrides it. */
  readinessDelayMs: number;
  /** Delay before a job execution completes. */
  executionDelayMs: number;
  private readonly delays: Matched<number>[] = [];
  private readonly neverReadyRules: Matched<string>[] = [];
  private readonly nextNeverReady: { service?: string; message: string }[] = [];
  private readonly callFaults: CallFault[] = [];
  private readonly lostReplies: CallFault[] = [];
  private readonly operationFaults: CallFault[] = [];
  private readonly concurrentChanges: { service?: string; abort: boolean }[] = [];
  private readonly probes: Matched<ProbeBehaviour>[] = [];
  private readonly executionFailures: { job?: string; failure: ExecutionFailure; remaining: number }[] = [];
  /** When true, SetIamPolicy rejects allUsers/allAuthenticatedUsers like the org policy iam.allowedPolicyMemberDomains. */
  publicAccessBlocked = false;
  /**
   * Permissions the caller lacks (e.g. "run.services.setIamPolicy"): TestIamPermissions leaves
   * them out, and every call that needs one answers PERMISSION_DENIED ("Permission 'X' denied on
   * resource 'R' (or it may not exist).") before it runs (see permissions.ts for the mapping).
   */
  readonly deniedPermissions = new Set<string>();

  constructor(readinessDelayMs: number, executionDelayMs: number) {
    this.readinessDelayMs = readinessDelayMs;
    this.executionDelayMs = executionDelayMs;
  }

  /** Revisions matching `match` take `ms` to become ready (or fail). */
  setReadinessDelay(match: RevisionMatcher, ms: number): void {
    this.delays.push({ match, value: ms });
  }

  /** Every revision matching `match` (e.g. `{ image }`) fails to become ready. */
  neverReady(match: RevisionMatcher, message: string = DEFAULT_NOT_READY_MESSAGE): void {
    this.neverReadyRules.push({ match, value: message });
  }

  /** The next revision created (for `service`, or any service) fails to become ready. */
  nextRevisionNeverReady(service?: string, message: string = DEFAULT_NOT_READY_MESSAGE): void {
    this.nextNeverReady.push({ service, message });
  }

  /** The next `count` calls of `method` (e.g. "UpdateService", "GetOperation") fail with `code`. */
  failNextCalls(method: string, code: status, count = 1, message?: string): void {
    this.callFaults.push({ method, code, remaining: count, message: message ?? defaultMessage(code) });
  }

  /**
   * The next `count` calls of `method` run normally (an UpdateService is applied: new etag and
   * generation, its revision staged, its operation started and later finished), then the client
   * gets `code` instead of the reply. Recorded with that `code` and `applied: true`.
   */
  loseNextReply(method: string, code: LostReplyCode, count = 1, message?: string): void {
    if (code !== status.UNAVAILABLE && code !== status.DEADLINE_EXCEEDED) {
      throw new Error(`loseNextReply: a lost reply reaches the client as UNAVAILABLE or DEADLINE_EXCEEDED, not ${status[code] ?? code}.`);
    }
    this.lostReplies.push({ method, code, remaining: count, message: message ?? lostReplyMessage(code) });
  }

  /** The next long-running operation started by `method` ends with this error; the change is not applied. */
  failNextOperation(method: string, code: status, message?: string): void {
    this.operationFaults.push({ method, code, remaining: 1, message: message ?? defaultMessage(code) });
  }

  /**
   * Right before the next UpdateService (of `service`, or any), someone else changes the stored
   * service: its etag changes, so a request carrying the old etag fails with ABORTED.
   */
  concurrentChangeBeforeNextUpdate(service?: string): void {
    this.concurrentChanges.push({ service, abort: false });
  }

  /**
   * Like concurrentChangeBeforeNextUpdate, but the next UpdateService fails with ABORTED even when
   * the request carries no etag (the server noticed the conflicting change).
   */
  abortNextUpdate(service?: string): void {
    this.concurrentChanges.push({ service, abort: true });
  }

  /** How revisions matching `match` answer probe requests (the last matching rule wins). */
  probe(match: RevisionMatcher, behaviour: ProbeBehaviour): void {
    this.probes.push({ match, value: behaviour });
  }

  /** The next `count` executions (of `job`, or any job) fail. */
  failExecutions(job?: string, failure: ExecutionFailure = {}, count = 1): void {
    this.executionFailures.push({ job, failure, remaining: count });
  }

  // ---- used by the fake ----

  takeCallFault(method: string): { code: status; message: string } | undefined {
    return take(this.callFaults, (f) => f.method === method);
  }

  takeLostReply(method: string): { code: status; message: string } | undefined {
    return take(this.lostReplies, (f) => f.method === method);
  }

  takeOperationFault(method: string): { code: status; message: string } | undefined {
    return take(this.operationFaults, (f) => f.method === method);
  }

  takeConcurrentChange(service: string): { abort: boolean } | undefined {
    const i = this.concurrentChanges.findIndex((c) => c.service === undefined || c.service === service);
    if (i < 0) return undefined;
    return this.concurrentChanges.splice(i, 1)[0];
  }

  delayFor(facts: RevisionFacts): number {
    return lastMatch(this.delays, facts) ?? this.readinessDelayMs;
  }

  /** Decides (once, at creation) whether a new revision will fail; returns the failure message. */
  decideNotReady(facts: RevisionFacts): string | undefined {
    const i = this.nextNeverReady.findIndex((n) => n.service === undefined || n.service === facts.service);
    if (i >= 0) return this.nextNeverReady.splice(i, 1)[0]!.message;
    return lastMatch(this.neverReadyRules, facts);
  }

  probeFor(facts: RevisionFacts): ProbeBehaviour | undefined {
    return lastMatch(this.probes, facts);
  }

  takeExecutionFailure(job: string): ExecutionFailure | undefined {
    const i = this.executionFailures.findIndex((f) => f.job === undefined || f.job === job);
    if (i < 0) return undefined;
    const entry = this.executionFailures[i]!;
    if (--entry.remaining <= 0) this.executionFailures.splice(i, 1);
    return entry.failure;
  }
}

function take(list: CallFault[], pred: (f: CallFault) => boolean): { code: status; message: string } | undefined {
  const i = list.findIndex(pred);
  if (i < 0) return undefined;
  const fault = list[i]!;
  if (--fault.remaining <= 0) list.splice(i, 1);
  return { code: fault.code, message: fault.message };
}

/** What grpc-js reports when the connection drops mid-call or the client's deadline passes. */
function lostReplyMessage(code: LostReplyCode): string {
  return code === status.UNAVAILABLE ? "Connection dropped" : "Deadline exceeded";
}

function defaultMessage(code: status): string {
  switch (code) {
    case status.UNAVAILABLE:
      return "The service is currently unavailable.";
    case status.RESOURCE_EXHAUSTED:
      return "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per region' of service 'run.googleapis.com'.";
    case status.ABORTED:
      return "The operation was aborted due to a concurrent modification; retry the request.";
    case status.INTERNAL:
      return "Internal error encountered.";
    default:
      return `Injected fault (${status[code] ?? code}).`;
  }
}
