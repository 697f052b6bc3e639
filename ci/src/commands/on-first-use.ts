/**
 * The release verbs, loaded on first use. Each verb module pulls in the Google client libraries
 * (Cloud Run, Scheduler, Storage, google-auth), about a second of import time; `list`, `build`,
 * `verify` and the checks never talk to Google, so the module entry imports the verbs from here
 * and a verb's module is imported only when that verb is called (test/module/cold-start.test.ts).
 */
type Verb = (...args: never[]) => Promise<unknown>;

function onFirstUse<M, K extends keyof M>(load: () => Promise<M>, name: K): M[K] {
  const verb = async (...args: unknown[]): Promise<unknown> => ((await load())[name] as unknown as (...a: unknown[]) => Promise<unknown>)(...args);
  return verb as Verb as M[K];
}

const services = () => import("./services.js");
const jobs = () => import("./jobs.js");

export const publishCommand = onFirstUse(services, "publishCommand");
export const deployCommand = onFirstUse(services, "deployCommand");
export const planCommand = onFirstUse(services, "planCommand");
export const rollbackCommand = onFirstUse(services, "rollbackCommand");
export const statusCommand = onFirstUse(services, "statusCommand");
export const deployJobCommand = onFirstUse(jobs, "deployJobCommand");
export const planJobCommand = onFirstUse(jobs, "planJobCommand");
export const rollbackJobCommand = onFirstUse(jobs, "rollbackJobCommand");
export const preflightCommand = onFirstUse(() => import("./preflight.js"), "preflightCommand");
export const deployAllCommand = onFirstUse(() => import("./release-all.js"), "deployAllCommand");
export const promoteCommand = onFirstUse(() => import("./promote.js"), "promoteCommand");
export const schedulesCommand = onFirstUse(() => import("./schedules.js"), "schedulesCommand");
export const monitoringCommand = onFirstUse(() => import("./monitoring.js"), "monitoringCommand");
export const publishSiteCommand = onFirstUse(() => import("./sites.js"), "publishSiteCommand");
const previews = () => import("./previews.js");
export const previewCommand = onFirstUse(previews, "previewCommand");
export const previewSiteCommand = onFirstUse(previews, "previewSiteCommand");
export const previewCleanupCommand = onFirstUse(previews, "previewCleanupCommand");
export const pruneRevisionsCommand = onFirstUse(previews, "pruneRevisionsCommand");
