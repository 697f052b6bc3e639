/**
 * changedFields: which update-mask paths differ between the live scheduler job and the wanted one.
 */
import { describe, expect, it } from "vitest";
import type { SchedulerJobResource } from "../../ci/src/gcp/scheduler.js";
import { jobSchedules, serviceSchedules } from "../../ci/src/schedules/render.js";
import { changedFields } from "../../ci/src/schedules/sync.js";
import { ENV, jobWithSchedules, nightly, SERVICE_URL, serviceWithSchedules } from "./support/specs.js";

const jobWanted = (schedule: Record<string, unknown> = {}): SchedulerJobResource => jobSchedules(jobWithSchedules("etl", [nightly(schedule)]), ENV)[0]!.resource;
const serviceWanted = (schedule: Record<string, unknown> = {}): SchedulerJobResource =>
  serviceSchedules(serviceWithSchedules("api", [{ name: "api-refresh", schedule: "*/15 * * * *", path: "/tasks/refresh", body: { mode: "full" }, ...schedule }]), ENV, SERVICE_URL)[0]!
    .resource;

/** The job as the API returns it: defaults filled in, int64 as strings, bytes as Buffer, output fields. */
function asReturned(job: SchedulerJobResource): SchedulerJobResource {
  const t = job.httpTarget!;
  return {
    ...structuredClone({ ...job, httpTarget: { ...t, body: undefined } }),
    state: "ENABLED",
    httpTarget: {
      uri: t.uri,
      httpMethod: t.httpMethod,
      headers: t.headers ?? {},
      body: t.body ? Buffer.from(t.body) : Buffer.alloc(0),
      ...(t.oauthToken ? { oauthToken: { ...t.oauthToken } } : { oidcToken: { ...t.oidcToken } }),
    },
    retryConfig: {
      retryCount: job.retryConfig?.retryCount ?? 0,
      minBackoffDuration: { seconds: String(job.retryConfig?.minBackoffDuration?.seconds ?? 5) },
      maxBackoffDuration: { seconds: String(job.retryConfig?.maxBackoffDuration?.seconds ?? 3600) },
      maxDoublings: job.retryConfig?.maxDoublings ?? 5,
    },
  };
}

describe("changedFields", () => {
  it("finds nothing when the live job is what the catalog wants", () => {
    expect(changedFields(jobWanted(), jobWanted())).toEqual([]);
  });

  it("finds nothing when the live job only has the API's defaults filled in", () => {
    expect(changedFields(asReturned(jobWanted()), jobWanted())).toEqual([]);
    expect(changedFields(asReturned(serviceWanted()), serviceWanted())).toEqual([]);
  });

  it("treats a body returned as bytes and as base64 text (REST) as the same body", () => {
    const wanted = serviceWanted();
    const bytes = asReturned(wanted);
    const base64 = { ...bytes, httpTarget: { ...bytes.httpTarget, body: Buffer.from(wanted.httpTarget!.body as Uint8Array).toString("base64") } };
    expect(changedFields(bytes, wanted)).toEqual([]);
    expect(changedFields(base64, wanted)).toEqual([]);
  });

  it("detects a changed description", () => {
    expect(changedFields({ ...jobWanted(), description: "hand-made" }, jobWanted())).toEqual(["description"]);
  });

  it("detects a changed schedule", () => {
    expect(changedFields(jobWanted({ schedule: "0 4 * * *" }), jobWanted())).toEqual(["schedule"]);
  });

  it("detects a changed time zone", () => {
    expect(changedFields(jobWanted({ timeZone: "Europe/Paris" }), jobWanted())).toEqual(["time_zone"]);
  });

  it("detects a changed target URI (the description, which names the path, changes with it)", () => {
    expect(changedFields(asReturned(serviceWanted()), serviceWanted({ path: "/tasks/other" }))).toEqual(["description", "http_target"]);
  });

  it("detects a changed target URI alone", () => {
    const live = asReturned(jobWanted());
    expect(changedFields({ ...live, httpTarget: { ...live.httpTarget, uri: "https://run.googleapis.com/v2/projects/test-project/locations/us-central1/jobs/old:run" } }, jobWanted())).toEqual(["http_target"]);
  });

  it("detects a changed HTTP method", () => {
    const live = asReturned(jobWanted());
    expect(changedFields({ ...live, httpTarget: { ...live.httpTarget, httpMethod: "GET" } }, jobWanted())).toEqual(["http_target"]);
  });

  it("detects a changed OAuth service account", () => {
    expect(changedFields(asReturned(jobWanted()), jobWanted({ serviceAccount: "other-invoker" }))).toEqual(["http_target"]);
  });

  it("detects a switch from OAuth to OIDC", () => {
    const live = asReturned(jobWanted());
    const wanted = { ...jobWanted(), httpTarget: { ...jobWanted().httpTarget, oauthToken: undefined, oidcToken: { serviceAccountEmail: "x@y.iam.gserviceaccount.com", audience: "https://run.googleapis.com/" } } };
    expect(changedFields(live, wanted)).toEqual(["http_target"]);
  });

  it("detects a changed OIDC audience", () => {
    const live = asReturned(serviceWanted());
    const moved = serviceSchedules(serviceWithSchedules("api", [{ name: "api-refresh", schedule: "*/15 * * * *", path: "/tasks/refresh", body: { mode: "full" } }]), ENV, "https://api-new.a.run.app")[0]!.resource;
    expect(changedFields(live, { ...moved, httpTarget: { ...moved.httpTarget, uri: live.httpTarget!.uri } })).toEqual(["http_target"]);
  });

  it("detects a changed body", () => {
    expect(changedFields(asReturned(serviceWanted()), serviceWanted({ body: { mode: "delta" } }))).toEqual(["http_target"]);
  });

  it("detects a changed or removed Content-Type header", () => {
    const live = asReturned(serviceWanted());
    expect(changedFields({ ...live, httpTarget: { ...live.httpTarget, headers: { "Content-Type": "text/plain" } } }, serviceWanted())).toEqual(["http_target"]);
    expect(changedFields({ ...live, httpTarget: { ...live.httpTarget, headers: {} } }, serviceWanted())).toEqual(["http_target"]);
  });

  it("ignores the User-Agent and X-CloudScheduler headers Cloud Scheduler sets itself", () => {
    const live = asReturned(serviceWanted());
    const headers = { ...live.httpTarget!.headers, "User-Agent": "Google-Cloud-Scheduler", "X-CloudScheduler": "true" };
    expect(changedFields({ ...live, httpTarget: { ...live.httpTarget, headers } }, serviceWanted())).toEqual([]);
  });

  it("compares header names without regard to case", () => {
    const live = asReturned(serviceWanted());
    expect(changedFields({ ...live, httpTarget: { ...live.httpTarget, headers: { "content-type": "application/json" } } }, serviceWanted())).toEqual([]);
  });

  it("detects a changed retry config", () => {
    expect(changedFields(asReturned(jobWanted()), jobWanted({ retry: { count: 2 } }))).toEqual(["retry_config"]);
    expect(changedFields(asReturned(jobWanted({ retry: { count: 2 } })), jobWanted())).toEqual(["retry_config"]);
    expect(changedFields(asReturned(jobWanted({ retry: { count: 1, maxBackoff: "60s" } })), jobWanted({ retry: { count: 1 } }))).toEqual(["retry_config"]);
  });

  it("lists every differing field at once", () => {
    const live = asReturned(jobWanted({ schedule: "0 4 * * *", timeZone: "Europe/Paris", serviceAccount: "other-invoker" }));
    expect(changedFields({ ...live, description: "old" }, jobWanted())).toEqual(["description", "schedule", "time_zone", "http_target"]);
  });
  it("treats the Etc/UTC Cloud Scheduler stores for an unset zone as the catalog's UTC", () => {
    expect(changedFields({ ...asReturned(jobWanted()), timeZone: "Etc/UTC" }, jobWanted({ timeZone: "UTC" }))).toEqual([]);
  });
});
