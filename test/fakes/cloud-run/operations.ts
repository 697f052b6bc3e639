// google.longrunning.Operations: the fake's long-running operations and their polling API.
import { randomUUID } from "node:crypto";
import { notFound, invalidArgument } from "./errors.js";
import { locationName, type LocationRef } from "./names.js";
import type { PackedAny } from "./proto.js";

export interface OperationError {
  code: number;
  message: string;
}

export interface OperationRecord {
  name: string;
  /** The method that started it, e.g. "UpdateService". */
  method: string;
  done: boolean;
  metadata?: PackedAny;
  response?: PackedAny;
  error?: OperationError;
}

/** The wire shape of google.longrunning.Operation. */
export interface OperationMessage {
  name: string;
  metadata?: PackedAny;
  done: boolean;
  error?: { code: number; message: string; details: [] };
  response?: PackedAny;
}

export class OperationStore {
  private readonly operations = new Map<string, OperationRecord>();
  private readonly waiters = new Map<string, Array<() => void>>();

  start(location: LocationRef, method: string, metadata: PackedAny): OperationRecord {
    const op: OperationRecord = {
      name: `${locationName(location)}/operations/${randomUUID()}`,
      method,
      done: false,
      metadata,
    };
    this.operations.set(op.name, op);
    return op;
  }

  succeed(op: OperationRecord, response: PackedAny, metadata?: PackedAny): void {
    this.finish(op, { response, metadata: metadata ?? op.metadata });
  }

  fail(op: OperationRecord, error: OperationError, metadata?: PackedAny): void {
    this.finish(op, { error, metadata: metadata ?? op.metadata });
  }

  private finish(op: OperationRecord, result: Partial<OperationRecord>): void {
    if (op.done) return;
    Object.assign(op, result, { done: true });
    for (const wake of this.waiters.get(op.name) ?? []) wake();
    this.waiters.delete(op.name);
  }

  all(): OperationRecord[] {
    return [...this.operations.values()];
  }

  pending(): OperationRecord[] {
    return this.all().filter((op) => !op.done);
  }

  get(name: string): OperationRecord {
    const op = this.operations.get(name);
    if (!op) throw notFound(`Operation '${name}' not found.`);
    return op;
  }

  /** Resolves when the operation is done or `timeoutMs` elapsed (WaitOperation semantics). */
  async wait(name: string, timeoutMs: number): Promise<OperationRecord> {
    const op = this.get(name);
    if (op.done) return op;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      const list = this.waiters.get(name) ?? [];
      list.push(() => {
        clearTimeout(timer);
        resolve();
      });
      this.waiters.set(name, list);
    });
    return op;
  }

  delete(name: string): void {
    this.get(name);
    this.operations.delete(name);
  }

  list(filterPrefix: string): OperationRecord[] {
    if (!filterPrefix) throw invalidArgument("name: the parent location is required, e.g. projects/P/locations/L.");
    return this.all().filter((op) => op.name.startsWith(`${filterPrefix}/operations/`));
  }
}

export function toMessage(op: OperationRecord): OperationMessage {
  const message: OperationMessage = { name: op.name, done: op.done };
  if (op.metadata) message.metadata = op.metadata;
  if (op.error) message.error = { code: op.error.code, message: op.error.message, details: [] };
  else if (op.response) message.response = op.response;
  return message;
}
