// startFakeCloudRun: the Cloud Run Admin API v2 fake over real gRPC, plus its probe HTTP server.
import * as grpc from "@grpc/grpc-js";
import { bearerAuth, type AuthOptions } from "../grpc/auth.js";
import { CallLog } from "../grpc/calls.js";
import { bindService, listen, type GrpcClientOptions, type UnaryHandler } from "../grpc/serve.js";
import type { HeaderSource } from "../grpc/tls.js";
import { MUTATING_METHODS, type RecordedCall } from "./calls.js";
import type { FakeContext } from "./context.js";
import { FaultPlan } from "./faults.js";
import { iamApi } from "./iam.js";
import { OperationStore } from "./operations.js";
import { permissionDenied, requiredPermission } from "./permissions.js";
import { operationsApi } from "./operations-api.js";
import { ProbeServer, type ProbeAuthMode, type ProbeRequest } from "./probe-server.js";
import { definitions } from "./proto.js";
import { revisionsApi } from "./revisions-api.js";
import { findService, servicesApi } from "./services-api.js";
import { jobsApi, findJob } from "./jobs-api.js";
import { executionsApi } from "./executions-api.js";
import { seedService, type SeedServiceOptions } from "./seed.js";
import { writeAsOtherClient, writeJobAsOtherClient, type OtherClientChange, type OtherClientJobChange } from "./other-client.js";
import { FakeState, type ServiceRecord } from "./state.js";

export type { HeaderSource } from "../grpc/tls.js";

export interface FakeCloudRunOptions extends AuthOptions {
  /** Time a revision takes to become ready / a service operation to finish (default 20 ms). */
  readinessDelayMs?: number;
  /** Time a job execution takes to finish (default 20 ms). */
  executionDelayMs?: number;
  /**
   * Probe server auth: "iam" (default) makes private services answer 403 without a bearer token;
   * "id-token" also answers 401 unless it is a JWT whose `aud` is the service's URL or a custom
   * audience (see `fakeIdToken`); "none" turns auth off.
   */
  probeAuth?: ProbeAuthMode;
  /** Validates probe bearer tokens (default: any token); rejected tokens get 401. */
  acceptProbeToken?: (token: string, service: string) => boolean;
  /** Serve gRPC over TLS (self-signed, 127.0.0.1) so clients send their Authorization header. */
  tls?: boolean;
  // requireAuth / acceptAccessToken (AuthOptions, ../grpc/auth.ts): with `requireAuth`, calls
  // without `authorization: Bearer <token>` or with a token `acceptAccessToken` rejects (default:
  // anything but a "ya29." access token) answer UNAUTHENTICATED. Needs `tls: true` to see tokens.
}

/** Options for any @google-cloud/run client constructor (ServicesClient, JobsClient, ...). */
// A type alias (not an interface) so it is assignable to the clients' index-signature options.
export type FakeClientOptions<A = never> = GrpcClientOptions<A>;

/** What `onCall` hooks get: the method (e.g. "UpdateService"), its index since `clearRecords()`, the decoded request. */
export interface IncomingCall {
  method: string;
  index: number;
  request: unknown;
}

export type CallHook = (call: IncomingCall) => void;

export interface FakeCloudRun {
  /** gRPC port on 127.0.0.1. */
  port: number;
  /** Port of the probe HTTP server that service/tag URLs point at. */
  probePort: number;
  probeBaseUrl: string;
  /** Options for `new ServicesClient(...)` etc.; pass an auth client to have it sent (TLS mode). */
  clientOptions<A extends HeaderSource>(authClient?: A): FakeClientOptions<A>;
  /** Every gRPC call received, in order (live array). */
  calls: RecordedCall[];
  callsOf(method: string): RecordedCall[];
  /** Calls of mutating methods (Create/Update/Delete/SetIamPolicy/RunJob ...). */
  mutatingCalls(): RecordedCall[];
  /** Every HTTP request the probe server received (live array). */
  probeRequests: ProbeRequest[];
  state: FakeState;
  /** Shortcut to `state.services` (keyed by full resource name). */
  services: FakeState["services"];
  faults: FaultPlan;
  operations: OperationStore;
  /** Looks up a stored service by full name (throws if missing). */
  service(name: string): ServiceRecord;
  /** Seeds an existing, already reconciled service with revisions and any traffic split. */
  seedService(options: SeedServiceOptions): ServiceRecord;
  /**
   * Calls `hook` synchronously for every incoming gRPC call (any service of the fake), after it is
   * recorded and before faults or the handler run; `index` counts calls from 0 since the last
   * `clearRecords()`. Returns a function that removes the hook. A throwing hook fails the call
   * with INTERNAL.
   */
  onCall(hook: CallHook): () => void;
  /**
   * Another client (an operator running gcloud) updates the stored service `serviceName` (full
   * name): `change` gets the service as stored and returns the fields to replace. Same path as
   * UpdateService (validation errors throw its RpcError; new etag, generation + 1, a revision if
   * the template changed, an operation that reconciles after the readiness delay), not recorded
   * in `calls`, and untouched by faults aimed at calls (failNextOperation, concurrent changes).
   * Returns the operation's name; `settle()` waits for it.
   */
  writeAsOtherClient(serviceName: string, change: OtherClientChange): string;
  /**
   * The same for a job: another client does a read-modify-write UpdateJob of the stored job
   * `jobName` (full name) through UpdateJob's path (validation errors throw its RpcError; new etag,
   * generation + 1, an operation that reconciles after the readiness delay), not recorded in
   * `calls`, untouched by failNextOperation. Returns the operation's name; `settle()` waits for it.
   */
  writeJobAsOtherClient(jobName: string, change: OtherClientJobChange): string;
  /** Forgets recorded gRPC calls and probe requests (e.g. after test setup). */
  clearRecords(): void;
  /** Resolves when no operation is pending (including other-client writes). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeCloudRun(options: FakeCloudRunOptions = {}): Promise<FakeCloudRun> {
  const state = new FakeState();
  const faults = new FaultPlan(options.readinessDelayMs ?? 20, options.executionDelayMs ?? 20);
  const operations = new OperationStore();
  const log = new CallLog(MUTATING_METHODS);
  const timers = new Set<NodeJS.Timeout>();
  const callHooks = new Set<CallHook>();
  const probe = new ProbeServer(state, faults, { auth: options.probeAuth ?? "iam", acceptToken: options.acceptProbeToken });
  const probePort = await probe.start();

  const ctx: FakeContext = {
    state,
    faults,
    operations,
    probeBase: probe.baseUrl,
    later(ms, fn) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        fn();
      }, ms);
      timers.add(timer);
    },
  };

  const server = new grpc.Server();
  const serviceIam = iamApi((resource) => findService(ctx, resource, "resource"), faults, "services");
  const jobIam = iamApi((resource) => findJob(ctx, resource, "resource"), faults, "jobs");
  const authenticate = bearerAuth(options);
  /** Injected faults first, then IAM: a call needing a denied permission answers PERMISSION_DENIED. */
  const intercept = (service: string) => (method: string, request: unknown) => {
    const fault = faults.takeCallFault(method);
    if (fault) return fault;
    const needed = requiredPermission(service, method, request);
    if (needed && faults.deniedPermissions.has(needed.permission)) {
      const err = permissionDenied(needed.permission, needed.resource);
      return { code: err.code, message: err.message };
    }
    return undefined;
  };
  const add = (service: string, definition: grpc.ServiceDefinition, impl: object) =>
    server.addService(
      definition,
      bindService({
        service,
        definition,
        handlers: impl as Record<string, UnaryHandler>,
        log,
        onCall: (call) => {
          for (const hook of [...callHooks]) hook(call);
        },
        authenticate,
        intercept: intercept(service),
        afterHandler: (method) => faults.takeLostReply(method),
        fakeName: "Fake Cloud Run",
      }),
    );
  add("google.cloud.run.v2.Services", definitions.services, { ...servicesApi(ctx), ...serviceIam });
  add("google.cloud.run.v2.Revisions", definitions.revisions, revisionsApi(ctx));
  add("google.cloud.run.v2.Jobs", definitions.jobs, { ...jobsApi(ctx), ...jobIam });
  add("google.cloud.run.v2.Executions", definitions.executions, executionsApi(ctx));
  add("google.longrunning.Operations", definitions.operations, operationsApi(ctx));

  const { port, clientOptions } = await listen(server, options.tls);

  return {
    port,
    probePort,
    probeBaseUrl: probe.baseUrl,
    clientOptions,
    calls: log.calls,
    callsOf: (method) => log.of(method),
    mutatingCalls: () => log.mutating(),
    probeRequests: probe.requests,
    state,
    services: state.services,
    faults,
    operations,
    service(name) {
      const record = state.services.get(name);
      if (!record) throw new Error(`Fake Cloud Run has no service named ${name}; known: ${[...state.services.keys()].join(", ") || "none"}.`);
      return record;
    },
    seedService: (seed) => seedService(ctx, seed),
    onCall(hook) {
      const registered: CallHook = (call) => hook(call);
      callHooks.add(registered);
      return () => {
        callHooks.delete(registered);
      };
    },
    writeAsOtherClient: (name, change) => writeAsOtherClient(ctx, name, change),
    writeJobAsOtherClient: (name, change) => writeJobAsOtherClient(ctx, name, change),
    clearRecords() {
      log.clear();
      probe.requests.length = 0;
    },
    async settle() {
      while (operations.pending().length > 0) {
        await Promise.all(operations.pending().map((op) => operations.wait(op.name, 60_000)));
      }
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      callHooks.clear();
      server.forceShutdown();
      await probe.close();
    },
  };
}
