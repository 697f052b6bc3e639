// Serving a fake over real gRPC on 127.0.0.1: binding unary handlers to a proto service (with
// call recording, injected faults and RpcError -> status mapping), listening with or without
// TLS, and the client options that reach the fake.
import * as grpc from "@grpc/grpc-js";
import type { CallLog } from "./calls.js";
import { RpcError } from "./status.js";
import { headerAdapter, selfSignedCertificate, type HeaderSource, type TlsMaterial } from "./tls.js";

/** A unary handler: gets the decoded request, returns (or resolves to) the response, throws RpcError. */
export type UnaryHandler = (request: never) => unknown;

/** A status a fake answers with before (instead of) running the handler. */
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
  /** Runs after recording, before the handler: an outcome short-circuits the call (faults, IAM denials). */
  intercept?: (method: string, request: unknown) => CallOutcome | undefined;
  /** Names the fake in INTERNAL errors, e.g. "Fake Cloud Run". */
  fakeName: string;
}

/**
 * A grpc-js implementation of `definition`: every call is recorded in `log` with the status the
 * fake answered; RpcErrors become their status, any other error becomes INTERNAL with its stack.
 * Handlers are registered under both the RPC name and proto-loader's camelCase originalName.
 */
export function bindService(options: BindOptions): grpc.UntypedServiceImplementation {
  const { service, definition, handlers, log, intercept, fakeName } = options;
  const out: grpc.UntypedServiceImplementation = {};
  for (const [key, method] of Object.entries(definition)) {
    const originalName = (method as { originalName?: string }).originalName ?? key;
    const rpcName = key.charAt(0).toUpperCase() + key.slice(1);
    const handle: grpc.handleUnaryCall<unknown, unknown> = (call, callback) => {
      const record = log.record(service, rpcName, call.request, call.metadata);
      const finish = (code: number, message: string, response?: unknown) => {
        record.code = code;
        if (code !== grpc.status.OK) record.message = message;
        if (code === grpc.status.OK) callback(null, response);
        else callback({ code, details: message, metadata: new grpc.Metadata() });
      };
      const fail = (err: unknown) =>
        err instanceof RpcError
          ? finish(err.code, err.message)
          : finish(grpc.status.INTERNAL, `${fakeName} internal error: ${err instanceof Error ? err.stack : String(err)}`);
      const early = intercept?.(rpcName, call.request);
      if (early) return finish(early.code, early.message);
      const fn = handlers[rpcName];
      if (!fn) return finish(grpc.status.UNIMPLEMENTED, `Method ${service}/${rpcName} is not implemented by the fake.`);
      let result: unknown;
      try {
        result = fn(call.request as never);
      } catch (err) {
        return fail(err);
      }
      if (result instanceof Promise) result.then((response) => finish(grpc.status.OK, "", response), fail);
      else finish(grpc.status.OK, "", result);
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
