// Public entry point of the Cloud Scheduler v1 fake (tests import only from here).
//
//   const fake = await startFakeScheduler();            // { tls: true } to see bearer tokens
//   const client = new CloudSchedulerClient(fake.clientOptions(authClient));
//   // = { apiEndpoint: "127.0.0.1", port: fake.port, sslCreds: grpc.credentials.createInsecure(), authClient }
//   await client.createJob({ parent: "projects/p/locations/us-central1", job: { name, schedule, timeZone, httpTarget } });
//   fake.faults.unavailable("CreateJob", 2); fake.faults.raceNextCreate(); fake.faults.denyMethod("UpdateJob");
//   await startFakeScheduler({ tls: true, requireAuth: true });  // no / non-"ya29." token: UNAUTHENTICATED
//   expect(fake.mutatingCalls().map((c) => c.method)).toEqual([...]);
//   await client.close(); await fake.close();
export { startFakeScheduler } from "./server.js";
export type { FakeScheduler, FakeSchedulerOptions, FakeSchedulerClientOptions } from "./server.js";
export type { HeaderSource } from "../grpc/tls.js";
export type { RecordedCall } from "./calls.js";
export { MUTATING_METHODS } from "./calls.js";
export { FaultPlan, METHOD_PERMISSIONS } from "./faults.js";
export type { JobRun } from "./job-store.js";
export type { SeedJobOptions } from "./seed.js";
export { DEFAULT_PROJECT, DEFAULT_LOCATION } from "./seed.js";
export { DEFAULT_OAUTH_SCOPE, DEFAULT_HTTP_ATTEMPT_DEADLINE, DEFAULT_RETRY_CONFIG } from "./job-model.js";
export { DEFAULT_TIME_ZONE } from "./time-zone.js";
export { parseCron, nextFireTime } from "./cron.js";
export type { CronSchedule } from "./cron.js";
export type { IJob, JobStateName } from "./types.js";
export { Code } from "./errors.js";
export { looksLikeAccessToken, MISSING_CREDENTIALS_MESSAGE, INVALID_CREDENTIALS_MESSAGE } from "../grpc/auth.js";
export type { AuthOptions } from "../grpc/auth.js";
