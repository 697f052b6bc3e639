// startFakeScheduler: the Cloud Scheduler v1 API fake over real gRPC.
import * as grpc from "@grpc/grpc-js";
import { bearerAuth, type AuthOptions } from "../grpc/auth.js";
import { CallLog } from "../grpc/calls.js";
import { bindService, listen, type GrpcClientOptions } from "../grpc/serve.js";
import type { HeaderSource } from "../grpc/tls.js";
import { MUTATING_METHODS, type RecordedCall } from "./calls.js";
import { permissionDenied } from "./errors.js";
import { FaultPlan } from "./faults.js";
import { JobStore, type JobRun } from "./job-store.js";
import { iamResource, jobsApi } from "./jobs-api.js";
import { schedulerDefinition, SCHEDULER_SERVICE } from "./proto.js";
import { seedJob, type SeedJobOptions } from "./seed.js";
import type { IJob } from "./types.js";

/**
 * `requireAuth` / `acceptAccessToken` (../grpc/auth.ts): with `requireAuth`, calls without
 * `authorization: Bearer <token>` or with a token `acceptAccessToken` rejects (default: anything but
 * a "ya29." access token) answer UNAUTHENTICATED. Needs `tls: true` to see tokens.
 */
export interface FakeSchedulerOptions extends AuthOptions {
  /** Clock for userUpdateTime / scheduleTime / run times (default: real time). */
  now?: () => Date;
  /** Serve over TLS (self-signed, 127.0.0.1) so the client sends its Authorization header. */
  tls?: boolean;
}

/** Options for `new CloudSchedulerClient(...)`. A type alias so it fits the client's options type. */
export type FakeSchedulerClientOptions<A = never> = GrpcClientOptions<A>;

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

export async function startFakeScheduler(options: FakeSchedulerOptions = {}): Promise<FakeScheduler> {
  const clock = options.now ?? (() => new Date());
  const store = new JobStore(clock);
  const faults = new FaultPlan();
  const log = new CallLog(MUTATING_METHODS);
  const server = new grpc.Server();
  server.addService(
    schedulerDefinition,
    bindService({
      service: SCHEDULER_SERVICE,
      definition: schedulerDefinition,
      handlers: jobsApi(store, faults),
      log,
      authenticate: bearerAuth(options),
      intercept(method, request) {
        const fault = faults.takeCallFault(method);
        if (fault) return fault;
        const denied = faults.deniedPermissionFor(method);
        return denied ? permissionDenied(denied, iamResource(method, request)) : undefined;
      },
      fakeName: "Fake Cloud Scheduler",
    }),
  );
  const { port, clientOptions } = await listen(server, options.tls);
  return {
    port,
    clientOptions,
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
