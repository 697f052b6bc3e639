// Public entry point of the Cloud Monitoring v3 fake (tests import only from here).
//
//   const fake = await startFakeMonitoring();                 // { tls: true } to see bearer tokens
//   const uptime = new UptimeCheckServiceClient(fake.clientOptions(authClient));
//   fake.addChannel("Ops email");                             // a channel made in the console
//   fake.faults.loseNextReply("CreateAlertPolicy");           // applied, then UNAVAILABLE
//   fake.onCall(({ method }) => { if (method === "UpdateAlertPolicy") fake.otherClient.createAlertPolicy(...) });
//   await uptime.close(); await fake.close();
export { startFakeMonitoring, DEFAULT_PROJECT } from "./server.js";
export type { FakeMonitoring, FakeMonitoringOptions, OtherClient, CallHook } from "./server.js";
export { FaultPlan, METHOD_PERMISSIONS, MUTATING_METHODS } from "./faults.js";
export { UPTIME_PERIODS, UPTIME_RESOURCE_TYPES } from "./validation.js";
export { UPTIME_UPDATABLE } from "./update-mask.js";
export type { IAlertPolicy, IUptimeCheckConfig, INotificationChannel, ICondition } from "./types.js";
export type { RecordedCall } from "../grpc/calls.js";
