// Records every gRPC call a fake receives, so tests can assert on requests and count mutations.
import type { Metadata } from "@grpc/grpc-js";

export interface RecordedCall {
  /** gRPC service, e.g. "google.cloud.run.v2.Services". */
  service: string;
  /** Method name, e.g. "UpdateService". */
  method: string;
  /** The decoded request (camelCase fields, enum names, int64 as strings, bytes as Buffer). */
  request: unknown;
  /** Request metadata (headers); binary values omitted. */
  metadata: Record<string, string>;
  /** The `authorization` header, when the transport carried one (TLS mode only). */
  authorization?: string;
  at: Date;
  /** Status the client got: 0 = OK (for a lost reply, the injected UNAVAILABLE/DEADLINE_EXCEEDED). */
  code?: number;
  message?: string;
  /**
   * Whether the handler ran and succeeded, i.e. the call took effect. True with a non-OK `code`
   * means the reply was lost; false means the call was refused (fault, validation, ...).
   */
  applied?: boolean;
}

export class CallLog {
  readonly calls: RecordedCall[] = [];

  /** `mutatingMethods`: the methods that change state (what `mutating()` returns). */
  constructor(private readonly mutatingMethods: ReadonlySet<string>) {}

  record(service: string, method: string, request: unknown, metadata: Metadata): RecordedCall {
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(metadata.getMap())) {
      if (typeof value === "string") headers[key] = value;
    }
    const call: RecordedCall = {
      service,
      method,
      request,
      metadata: headers,
      authorization: headers["authorization"],
      at: new Date(),
    };
    this.calls.push(call);
    return call;
  }

  /** Calls of one method (e.g. "UpdateService"). */
  of(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Every call of a mutating method, successful or not. */
  mutating(): RecordedCall[] {
    return this.calls.filter((c) => this.mutatingMethods.has(c.method));
  }

  clear(): void {
    this.calls.length = 0;
  }
}
