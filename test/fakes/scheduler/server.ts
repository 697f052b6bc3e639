// startFakeScheduler: the Cloud Scheduler v1 API fake over real gRPC.
import * as grpc from "@grpc/grpc-js";
import { CallLog, type RecordedCall } from "./calls.js";
import { permissionDenied, RpcError } from "./errors.js";
import { FaultPlan } from "./faults.js";
import { JobStore, type JobRun } from "./job-store.js";
import { iamResource, jobsApi, type SchedulerHandlers } from "./jobs-api.js";
import { schedulerDefinition, SCHEDULER_SERVICE } from "./proto.js";
import { seedJob, type SeedJobOptions } from "./seed.js";
import { headerAdapter, selfSignedCertificate, type HeaderSource } from "./tls.js";
import type { IJob } from "./types.js";

export interface FakeSchedulerOptions {
  /** Clock for userUpdateTime / scheduleTime / run times (default: real time). */
  now?: () => Date;
  /** Serve over TLS (self-signed, 127.0.0.1) so the client sends its Authorization header. */
  tls?: boolean;
}

/** Options for `new CloudSchedulerClient(...)`. A type alias so it fits the client's options type. */
export type FakeSchedulerClientOptions<A = never> = {
  apiEndpoint: string;
  port: number;
  sslCreds: grpc.ChannelCredentials;
  authClient?: A;
};

export interface FakeScheduler {
  /** gRPC port on 127.0.0.1. */
  port: number;
  /** Options for `new CloudSchedulerClient(...)`; pass an auth client to hand it to the client. */
  clientOptions<A extends HeaderSource>(authClient?: A): FakeSchedulerClientOptions<A>;
  /** Every gRPC call received, in order (live array). */
  calls: RecordedCall[];
  callsOf(method: string): RecordedCall[];
  /** Calls of Create/Update/Delete/Pause/Resume/RunJob, successful or not. */
  mutatingCalls(): RecordedCall[];
  /** Stored jobs by full name (live map). */
  jobs: Map<string, IJob>;
  /** Dispatches forced by RunJob. */
  runs: JobRun[];
  store: JobStore;
  faults: FaultPlan;
  /** Puts an existing job into the fake without recording a call (validated like CreateJob). */
  seedJob(job: IJob, options?: SeedJobOptions): IJob;
  /** Forgets recorded calls (e.g. after test setup). */
  clearCalls(): void;
  close(): Promise<void>;
}

function bind(handlers: SchedulerHandlers, log: CallLog, faults: FaultPlan): grpc.UntypedServiceImplementation {
  const out: grpc.UntypedServiceImplementation = {};
  for (const [key, method] of Object.entries(schedulerDefinition)) {
    const methodName = (method as { originalName?: string }).originalName ?? key;
    const rpcName = methodName.charAt(0).toUpperCase() + methodName.slice(1);
    const handle: grpc.handleUnaryCall<unknown, unknown> = (call, callback) => {
      const record = log.record(rpcName, call.request, call.metadata);
      const finish = (code: number, message: string, response?: unknown) => {
        record.code = code;
        if (code !== grpc.status.OK) record.message = message;
        if (code === grpc.status.OK) callback(null, response);
        else callback({ code, details: message, metadata: new grpc.Metadata() });
      };
      const fault = faults.takeCallFault(rpcName);
      if (fault) return finish(fault.code, fault.message);
      const denied = faults.deniedPermissionFor(rpcName);
      if (denied) {
        const err = permissionDenied(denied, iamResource(rpcName, call.request));
        return finish(err.code, err.message);
      }
      const fn = handlers[rpcName];
      if (!fn) return finish(grpc.status.UNIMPLEMENTED, `Method ${SCHEDULER_SERVICE}/${rpcName} is not implemented by the fake.`);
      try {
        finish(grpc.status.OK, "", fn(call.request as never));
      } catch (err) {
        if (err instanceof RpcError) finish(err.code, err.message);
        else finish(grpc.status.INTERNAL, `Fake Cloud Scheduler internal error: ${err instanceof Error ? err.stack : String(err)}`);
      }
    };
    out[key] = handle;
    if (methodName !== key) out[methodName] = handle;
  }
  return out;
}

export async function startFakeScheduler(options: FakeSchedulerOptions = {}): Promise<FakeScheduler> {
  const clock = options.now ?? (() => new Date());
  const store = new JobStore(clock);
  const faults = new FaultPlan();
  const log = new CallLog();
  const server = new grpc.Server();
  server.addService(schedulerDefinition, bind(jobsApi(store, faults), log, faults));
  const tls = options.tls ? selfSignedCertificate() : undefined;
  const serverCreds = tls
    ? grpc.ServerCredentials.createSsl(null, [{ private_key: tls.key, cert_chain: tls.cert }], false)
    : grpc.ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", serverCreds, (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    port,
    clientOptions(authClient) {
      const auth = authClient ? { authClient } : {};
      if (!tls) return { apiEndpoint: "127.0.0.1", port, sslCreds: grpc.credentials.createInsecure(), ...auth };
      const channel = grpc.credentials.createSsl(tls.cert);
      const sslCreds = authClient
        ? grpc.credentials.combineChannelCredentials(channel, grpc.credentials.createFromGoogleCredential(headerAdapter(authClient)))
        : channel;
      return { apiEndpoint: "127.0.0.1", port, sslCreds, ...auth };
    },
    calls: log.calls,
    callsOf: (method) => log.of(method),
    mutatingCalls: () => log.mutating(),
    jobs: store.jobs,
    runs: store.runs,
    store,
    faults,
    seedJob: (job, seedOptions) => seedJob(store, job, seedOptions),
    clearCalls: () => log.clear(),
    async close() {
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      server.forceShutdown();
    },
  };
}
