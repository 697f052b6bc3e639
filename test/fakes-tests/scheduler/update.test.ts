import { describe, expect, it } from "vitest";
import { status } from "@grpc/grpc-js";
import { INVOKER, PARENT, RUN_JOB_URI, jobName, nightlyJob, rejection, useFakeScheduler } from "./clients.js";

describe("fake Cloud Scheduler: UpdateJob and its update mask", () => {
  let now = new Date("2026-03-28T12:00:00Z");
  const h = useFakeScheduler({ now: () => now });
  const name = jobName("nightly");

  it("changes only the fields the update mask lists", async () => {
    await h.client.createJob({ parent: PARENT, job: nightlyJob("nightly", { description: "before" }) });
    const [updated] = await h.client.updateJob({
      job: { name, schedule: "30 4 * * *", description: "ignored", timeZone: "Etc/UTC" },
      updateMask: { paths: ["schedule"] },
    });
    expect(updated.schedule).toBe("30 4 * * *");
    expect(updated.description).toBe("before");
    expect(updated.timeZone).toBe("Europe/Berlin");
    expect(updated.httpTarget?.uri).toBe(RUN_JOB_URI);
  });

  it("changes a nested field named by a dotted path and leaves its siblings", async () => {
    await h.client.createJob({ parent: PARENT, job: nightlyJob() });
    const other = "https://run.googleapis.com/v2/projects/test-project/locations/us-central1/jobs/other:run";
    const [updated] = await h.client.updateJob({ job: { name, httpTarget: { uri: other } }, updateMask: { paths: ["http_target.uri"] } });
    expect(updated.httpTarget?.uri).toBe(other);
    expect(updated.httpTarget?.oauthToken?.serviceAccountEmail).toBe(INVOKER);
  });

  it("replaces a whole message named by the mask, switching OAuth to OIDC", async () => {
    await h.client.createJob({ parent: PARENT, job: nightlyJob() });
    const uri = "https://api-abc123-uc.a.run.app/cron";
    const [updated] = await h.client.updateJob({
      job: { name, httpTarget: { uri, oidcToken: { serviceAccountEmail: INVOKER, audience: uri } } },
      updateMask: { paths: ["http_target"] },
    });
    expect(updated.httpTarget?.oidcToken?.audience).toBe(uri);
    expect(updated.httpTarget?.oauthToken).toBeFalsy();
  });

  it("without a mask replaces every field the request populates", async () => {
    await h.client.createJob({ parent: PARENT, job: nightlyJob("nightly", { description: "before" }) });
    const [updated] = await h.client.updateJob({ job: { name, description: "after", schedule: "0 5 * * *" } });
    expect(updated.description).toBe("after");
    expect(updated.schedule).toBe("0 5 * * *");
    expect(updated.timeZone).toBe("Europe/Berlin");
  });

  it("keeps a paused job paused and advances userUpdateTime", async () => {
    now = new Date("2026-03-28T12:00:00Z");
    h.fake.seedJob(nightlyJob(), { state: "PAUSED" });
    now = new Date("2026-03-28T13:00:00Z");
    const [updated] = await h.client.updateJob({ job: { name, schedule: "0 6 * * *" }, updateMask: { paths: ["schedule"] } });
    expect(updated.state).toBe("PAUSED");
    expect(updated.userUpdateTime?.seconds).toBe(String(Date.parse("2026-03-28T13:00:00Z") / 1000));
  });

  it("recomputes the next scheduled time in the job's time zone after a schedule change", async () => {
    now = new Date("2026-03-28T12:00:00Z");
    await h.client.createJob({ parent: PARENT, job: nightlyJob() });
    const [updated] = await h.client.updateJob({ job: { name, schedule: "0 4 * * *" }, updateMask: { paths: ["schedule"] } });
    // 04:00 in Berlin on 2026-03-29 is already summer time (UTC+2).
    expect(updated.scheduleTime?.seconds).toBe(String(Date.parse("2026-03-29T02:00:00Z") / 1000));
  });

  it("answers NOT_FOUND when the job does not exist", async () => {
    const err = await rejection(h.client.updateJob({ job: nightlyJob("missing"), updateMask: { paths: ["schedule"] } }));
    expect(err.code).toBe(5);
    expect(h.fake.jobs.size).toBe(0);
  });

  it("rejects an update that makes the schedule invalid and keeps the stored job", async () => {
    await h.client.createJob({ parent: PARENT, job: nightlyJob() });
    const err = await rejection(h.client.updateJob({ job: { name, schedule: "every day" }, updateMask: { paths: ["schedule"] } }));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(h.fake.jobs.get(name)?.schedule).toBe("0 3 * * *");
  });

  it("rejects a mask path that names no Job field", async () => {
    await h.client.createJob({ parent: PARENT, job: nightlyJob() });
    const err = await rejection(h.client.updateJob({ job: { name }, updateMask: { paths: ["http_target.url"] } }));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toContain('"http_target.url"');
  });

  it("ignores output-only fields named by the mask", async () => {
    await h.client.createJob({ parent: PARENT, job: nightlyJob() });
    const [updated] = await h.client.updateJob({ job: { name, state: "PAUSED" }, updateMask: { paths: ["state"] } });
    expect(updated.state).toBe("ENABLED");
  });

  it("accepts camelCase mask paths as the REST transport sends them", async () => {
    await h.client.createJob({ parent: PARENT, job: nightlyJob() });
    const [updated] = await h.client.updateJob({ job: { name, timeZone: "America/New_York" }, updateMask: { paths: ["timeZone"] } });
    expect(updated.timeZone).toBe("America/New_York");
  });
});
