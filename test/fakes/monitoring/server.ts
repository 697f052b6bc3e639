// startFakeMonitoring: Cloud Monitoring v3 (uptime checks, alert policies, notification channels)
// over real gRPC, from the protos @google-cloud/monitoring ships.
import * as grpc from "@grpc/grpc-js";
import { bearerAuth, type AuthOptions } from "../grpc/auth.js";
import { CallLog, type RecordedCall } from "../grpc/calls.js";
import { bindService, listen, type GrpcClientOptions, type UnaryHandler } from "../grpc/serve.js";
import { RpcError } from "../grpc/status.js";
import type { HeaderSource } from "../grpc/tls.js";
import { alertApi, channelApi, uptimeApi } from "./apis.js";
import { FaultPlan, MUTATING_METHODS } from "./faults.js";
import { ALERT_SERVICE, alertDefinition, CHANNEL_SERVICE, channelDefinition, UPTIME_SERVICE, uptimeDefinition } from "./proto.js";
import { MonitoringStore } from "./store.js";
import type { IAlertPolicy, INotificationChannel, IUptimeCheckConfig } from "./types.js";

export const DEFAULT_PROJECT = "test-project";

export interface FakeMonitoringOptions extends AuthOptions {
  now?: () => Date;
  /** Serve over TLS (self-signed, 127.0.0.1) so the client sends its Authorization header. */
  tls?: boolean;
}

export type CallHook = (call: { method: string; index: number; request: unknown }) => void;

/** Writes of another client (an operator in the console, Terraform): straight into the store, not recorded, no faults. */
export interface OtherClient {
  createUptimeCheck(config: IUptimeCheckConfig, project?: string): IUptimeCheckConfig;
  createAlertPolicy(policy: IAlertPolicy, project?: string): IAlertPolicy;
  updateAlertPolicy(policy: IAlertPolicy, paths?: string[]): IAlertPolicy;
  deleteAlertPolicy(name: string): void;
}

export interface FakeMonitoring {
  port: number;
  /** Options for the monitoring clients' constructors; pass an auth client to hand it to them. */
  clientOptions<A extends HeaderSource>(authClient?: A): GrpcClientOptions<A>;
  calls: RecordedCall[];
  callsOf(method: string): RecordedCall[];
  mutatingCalls(): RecordedCall[];
  store: MonitoringStore;
  faults: FaultPlan;
  /** A notification channel as if created in the console. */
  addChannel(displayName: string, type?: string, project?: string): INotificationChannel;
  otherClient: OtherClient;
  /** Runs `hook` for every call, after recording, before faults and the handler (a second writer between two calls). */
  onCall(hook: CallHook): () => void;
  clearCalls(): void;
  close(): Promise<void>;
}

const permissionDenied = (permission: string, resource: string) =>
  new RpcError(grpc.status.PERMISSION_DENIED, `Permission ${permission} denied (or the resource may not exist) on ${resource}.`);

export async function startFakeMonitoring(options: FakeMonitoringOptions = {}): Promise<FakeMonitoring> {
  const store = new MonitoringStore(options.now ?? (() => new Date()));
  const faults = new FaultPlan();
  const log = new CallLog(MUTATING_METHODS);
  const hooks = new Set<CallHook>();
  const server = new grpc.Server();
  const add = (service: string, definition: grpc.ServiceDefinition, handlers: Record<string, UnaryHandler>) =>
    server.addService(definition, bindService({
      service,
      definition,
      handlers,
      log,
      onCall: (call) => {
        for (const hook of [...hooks]) hook(call);
      },
      authenticate: bearerAuth(options),
      intercept(method, request) {
        const fault = faults.takeBefore(method);
        if (fault) return fault;
        const denied = faults.deniedPermissionFor(method);
        if (!denied) return undefined;
        const r = (request ?? {}) as { name?: string; parent?: string };
        const err = permissionDenied(denied, r.parent ?? r.name ?? "");
        return { code: err.code, message: err.message };
      },
      afterHandler: (method) => faults.takeLost(method),
      fakeName: "Fake Cloud Monitoring",
    }));
  add(UPTIME_SERVICE, uptimeDefinition, uptimeApi(store));
  add(ALERT_SERVICE, alertDefinition, alertApi(store));
  add(CHANNEL_SERVICE, channelDefinition, channelApi(store));
  const { port, clientOptions } = await listen(server, options.tls);
  const other = "someone-else@example.com";
  return {
    port,
    clientOptions,
    calls: log.calls,
    callsOf: (method) => log.of(method),
    mutatingCalls: () => log.mutating(),
    store,
    faults,
    addChannel: (displayName, type, project = DEFAULT_PROJECT) => store.addChannel(project, displayName, type),
    otherClient: {
      createUptimeCheck: (config, project = DEFAULT_PROJECT) => store.createUptimeCheck(project, config),
      createAlertPolicy: (policy, project = DEFAULT_PROJECT) => store.createAlertPolicy(project, policy, other),
      updateAlertPolicy: (policy, paths) => store.updateAlertPolicy(policy, paths, other),
      deleteAlertPolicy: (name) => store.deleteAlertPolicy(name),
    },
    onCall(hook) {
      hooks.add(hook);
      return () => void hooks.delete(hook);
    },
    clearCalls: () => log.clear(),
    async close() {
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      server.forceShutdown();
    },
  };
}
