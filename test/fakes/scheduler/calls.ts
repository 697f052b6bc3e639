// Records every gRPC call the fake receives, so tests can assert on requests and count mutations.
import type { Metadata } from "@grpc/grpc-js";

export interface RecordedCall {
  /** Method name, e.g. "UpdateJob". */
  method: string;
  /** The decoded request (camelCase fields, enum names, bytes as Buffer). */
  request: unknown;
  /** Request metadata (headers); binary values omitted. */
  metadata: Record<string, string>;
  /** The `authorization` header, when the transport carried one (TLS mode only). */
  authorization?: string;
  at: Date;
  /** Status the fake answered with: 0 = OK. */
  code?: number;
  message?: string;
}

/** Methods that change state (RunJob counts: it dispatches the job and records an attempt). */
export const MUTATING_METHODS: ReadonlySet<string> = new Set([
  "CreateJob",
  "UpdateJob",
  "DeleteJob",
  "PauseJob",
  "ResumeJob",
  "RunJob",
]);

export class CallLog {
  readonly calls: RecordedCall[] = [];

  record(method: string, request: unknown, metadata: Metadata): RecordedCall {
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(metadata.getMap())) {
      if (typeof value === "string") headers[key] = value;
    }
    const call: RecordedCall = { method, request, metadata: headers, authorization: headers["authorization"], at: new Date() };
    this.calls.push(call);
    return call;
  }

  /** Calls of one method (e.g. "CreateJob"). */
  of(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Every call of a mutating method, successful or not. */
  mutating(): RecordedCall[] {
    return this.calls.filter((c) => MUTATING_METHODS.has(c.method));
  }

  clear(): void {
    this.calls.length = 0;
  }
}
