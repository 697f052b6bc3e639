// Serving a fake over real gRPC on 127.0.0.1: binding unary handlers to a proto service (with
// call recording, injected faults and RpcError -> status mapping), listening with or without
// TLS, and the client options that reach the fake.
import * as grpc from "@grpc/grpc-js";
import type { CallLog } from "./calls.js";
import { RpcError } from "./status.js";
import { headerAdapter, selfSignedCertificate, type HeaderSource, type TlsMaterial } from "./tls.js";

/** A unary handler: gets the decoded request, returns (or resolves to) the response, throws RpcError. */
export type UnaryHandler = (request: never) => unknown;

/** A status a fake answers with instead of the handler's reply (before or after running it). */
export interface CallOutcome {
  code: number;
  message: string;
}

export interface BindOptions {
  /** Full gRPC service name, e.g. "google.cloud.run.v2.Services" (recorded on every call). */
  service: string;
  definition: grpc.ServiceDefinition;
  /** Handlers by RPC name ("GetService"); a missing one answers UNIMPLEMENTED. */
  handlers: Record<string, UnaryHandler>;
  log: CallLog;
  /**
   * Runs right after recording, before `intercept` and the handler (tests use it to act between
   * two calls). `index` is the call's position in `log`. If it throws, the call answers INTERNAL.
   */
  onCall?: (call: { method: string; index: number; request: unknown }) => void;
  /**
   * Runs after `onCall`, before `intercept`: checks the call's `authorization` header (see
   * auth.ts); an outcome (UNAUTHENTICATED) short-circuits the call.
   */
  authenticate?: (authorization: string | undefined) => CallOutcome | undefined;
  /** Runs after recording, before the handler: an outcome short-circuits the call (faults, IAM denials). */
  intercept?: (method: string, request: unknown) => CallOutcome | undefined;
  /**
   * Runs only after the handler succeeded (its change is applied): an outcome replaces the reply,
   * so the client sees that status although the call took effect (a lost reply).
   */
  afterHandler?: (method: string, request: unknown) => CallOutcome | undefined;
  /** Names the fake in INTERNAL errors, e.g. "Fake Cloud Run". */
  fakeName: string;
}

/**
 * A grpc-js implementation of `definition`: every call is recorded in `log` with the status the
 * fake answered and whether the handler's change was applied; RpcErrors become their status, any
 * other error becomes INTERNAL with its stack. Handlers are registered under both the RPC name and
 * proto-loader's camelCase originalName.
 */
export function bindService(options: BindOptions): grpc.UntypedServiceImplementation {
  const { service, definition, handlers, log, onCall, authenticate, intercept, afterHandler, fakeName } = options;
  const out: grpc.UntypedServiceImplementation = {};
  for (const [key, method] of Object.entries(definition)) {
    const originalName = (method as { originalName?: string }).originalName ?? key;
    const rpcName = key.charAt(0).toUpperCase() + key.slice(1);
    const handle: grpc.handleUnaryCall<unknown, unknown> = (call, callback) => {
      const record = log.record(service, rpcName, call.request, call.metadata);
      const finish = (code: number, message: string, applied: boolean, response?: unknown) => {
        record.code = code;
        record.applied = applied;
        if (code !== grpc.status.OK) record.message = message;
        if (code === grpc.status.OK) callback(null, response);
        else callback({ code, details: message, metadata: new grpc.Metadata() });
      };
      const internal = (what: string, err: unknown, applied = false) =>
        finish(grpc.status.INTERNAL, `${fakeName} ${what}: ${err instanceof Error ? err.stack : String(err)}`, applied);
      const fail = (err: unknown) => (err instanceof RpcError ? finish(err.code, err.message, false) : internal("internal error", err));
      const succeed = (response: unknown) => {
        let lost: CallOutcome | undefined;
        try {
          lost = afterHandler?.(rpcName, call.request);
        } catch (err) {
          return internal("afterHandler hook failed", err, true);
        }
        if (lost) finish(lost.code, lost.message, true);
        else finish(grpc.status.OK, "", true, response);
      };
      try {
        onCall?.({ method: rpcName, index: log.calls.length - 1, request: call.request });
      } catch (err) {
        return internal("onCall hook failed", err);
      }
      const refused = authenticate?.(record.authorization);
      if (refused) return finish(refused.code, refused.message, false);
      const early = intercept?.(rpcName, call.request);
      if (early) return finish(early.code, early.message, false);
      const fn = handlers[rpcName];
      if (!fn) return finish(grpc.status.UNIMPLEMENTED, `Method ${service}/${rpcName} is not implemented by the fake.`, false);
      let result: unknown;
      try {
        result = fn(call.request as never);
      } catch (err) {
        return fail(err);
      }
      if (result instanceof Promise) result.then(succeed, fail);
      else succeed(result);
    };
    out[key] = handle;
    if (originalName !== key) out[originalName] = handle;
  }
  return out;
}

/** Options for a google-gax client constructor. A type alias so it fits the clients' options types. */
export type GrpcClientOptions<A = never> = {
  apiEndpoint: string;
  port: number;
  sslCreds: grpc.ChannelCredentials;
  authClient?: A;
};

export interface Listening {
  /** The port the server listens on (127.0.0.1). */
  port: number;
  /** The self-signed material, in TLS mode. */
  tls?: TlsMaterial;
  /**
   * Client options that reach the server. In TLS mode the channel trusts the self-signed
   * certificate and, given an auth client, carries its headers as call credentials.
   */
  clientOptions<A extends HeaderSource>(authClient?: A): GrpcClientOptions<A>;
}

/** Binds `server` to 127.0.0.1 on a free port, over self-signed TLS when `tls` is set. */
export async function listen(server: grpc.Server, tls: boolean | undefined): Promise<Listening> {
  const material = tls ? selfSignedCertificate() : undefined;
  const serverCreds = material
    ? grpc.ServerCredentials.createSsl(null, [{ private_key: material.key, cert_chain: material.cert }], false)
    : grpc.ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", serverCreds, (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    port,
    tls: material,
    clientOptions(authClient) {
      const auth = authClient ? { authClient } : {};
      if (!material) return { apiEndpoint: "127.0.0.1", port, sslCreds: grpc.credentials.createInsecure(), ...auth };
      const channel = grpc.credentials.createSsl(material.cert);
      const sslCreds = authClient
        ? grpc.credentials.combineChannelCredentials(channel, grpc.credentials.createFromGoogleCredential(headerAdapter(authClient)))
        : channel;
      return { apiEndpoint: "127.0.0.1", port, sslCreds, ...auth };
    },
  };
}
