import { describe, expect, it } from "vitest";
import { status } from "@grpc/grpc-js";
import { INVOKER, PARENT, RUN_JOB_URI, jobName, nightlyJob, rejection, useFakeScheduler } from "./clients.js";

describe("fake Cloud Scheduler: job lifecycle with the real client", () => {
  const h = useFakeScheduler();

  it("creates an ENABLED job and returns it with output-only fields and defaults", async () => {
    const [job] = await h.client.createJob({ parent: PARENT, job: nightlyJob() });
    expect(job.name).toBe(jobName("nightly"));
    expect(job.state).toBe("ENABLED");
    expect(Number(job.userUpdateTime?.seconds)).toBeGreaterThan(0);
    expect(Number(job.scheduleTime?.seconds)).toBeGreaterThan(Number(job.userUpdateTime?.seconds));
    expect(job.attemptDeadline?.seconds).toBe("180");
    expect(job.retryConfig?.maxDoublings).toBe(5);
    expect(job.httpTarget?.oauthToken).toEqual({ serviceAccountEmail: INVOKER, scope: "https://www.googleapis.com/auth/cloud-platform" });
  });

  it("gets a created job with the same fields", async () => {
    const [created] = await h.client.createJob({ parent: PARENT, job: nightlyJob() });
    const [got] = await h.client.getJob({ name: jobName("nightly") });
    expect(got).toEqual(created);
    expect(got.httpTarget?.uri).toBe(RUN_JOB_URI);
    expect(got.timeZone).toBe("Europe/Berlin");
  });

  it("answers NOT_FOUND for a job that does not exist", async () => {
    const err = await rejection(h.client.getJob({ name: jobName("missing") }));
    expect(err.code).toBe(status.NOT_FOUND);
    expect(err.details).toBe("Job not found.");
  });

  it("generates a name when CreateJob gives none", async () => {
    const { name: _name, ...unnamed } = nightlyJob();
    const [job] = await h.client.createJob({ parent: PARENT, job: unnamed });
    expect(job.name).toMatch(new RegExp(`^${PARENT}/jobs/\\d+$`));
  });

  it("deletes a job so that it is gone", async () => {
    await h.client.createJob({ parent: PARENT, job: nightlyJob() });
    await h.client.deleteJob({ name: jobName("nightly") });
    expect(h.fake.jobs.has(jobName("nightly"))).toBe(false);
    expect((await rejection(h.client.deleteJob({ name: jobName("nightly") }))).code).toBe(status.NOT_FOUND);
  });

  it("lists the jobs of one location only", async () => {
    await h.client.createJob({ parent: PARENT, job: nightlyJob("a") });
    await h.client.createJob({ parent: PARENT, job: nightlyJob("b") });
    const other = "projects/test-project/locations/europe-west1";
    await h.client.createJob({ parent: other, job: nightlyJob("c", { name: `${other}/jobs/c` }) });
    const [jobs] = await h.client.listJobs({ parent: PARENT });
    expect(jobs.map((j) => j.name)).toEqual([jobName("a"), jobName("b")]);
  });

  it("pages through ListJobs with page tokens", async () => {
    for (const id of ["a", "b", "c", "d", "e"]) h.fake.seedJob(nightlyJob(id));
    const [first, , firstResponse] = await h.client.listJobs({ parent: PARENT, pageSize: 2 }, { autoPaginate: false });
    expect(first.map((j) => j.name)).toEqual([jobName("a"), jobName("b")]);
    expect(firstResponse?.nextPageToken).not.toBe("");
    const all: string[] = [];
    for await (const job of h.client.listJobsAsync({ parent: PARENT, pageSize: 2 })) all.push(job.name!);
    expect(all).toEqual(["a", "b", "c", "d", "e"].map(jobName));
    expect(h.fake.callsOf("ListJobs").length).toBe(4);
  });

  it("pauses an ENABLED job and resumes it", async () => {
    await h.client.createJob({ parent: PARENT, job: nightlyJob() });
    const [paused] = await h.client.pauseJob({ name: jobName("nightly") });
    expect(paused.state).toBe("PAUSED");
    const [resumed] = await h.client.resumeJob({ name: jobName("nightly") });
    expect(resumed.state).toBe("ENABLED");
    expect(resumed.scheduleTime).toBeTruthy();
  });

  it("refuses to pause a job that is not ENABLED and to resume one that is not PAUSED", async () => {
    h.fake.seedJob(nightlyJob(), { state: "PAUSED" });
    expect((await rejection(h.client.pauseJob({ name: jobName("nightly") }))).code).toBe(status.FAILED_PRECONDITION);
    await h.client.resumeJob({ name: jobName("nightly") });
    expect((await rejection(h.client.resumeJob({ name: jobName("nightly") }))).code).toBe(status.FAILED_PRECONDITION);
  });

  it("runs a job on demand and records the dispatch", async () => {
    await h.client.createJob({ parent: PARENT, job: nightlyJob() });
    const [job] = await h.client.runJob({ name: jobName("nightly") });
    expect(job.lastAttemptTime).toBeTruthy();
    expect(h.fake.runs.map((r) => r.job)).toEqual([jobName("nightly")]);
  });

  it("round-trips the HTTP body bytes and headers", async () => {
    const body = Buffer.from(JSON.stringify({ overrides: { taskCount: 2 } }), "utf8");
    const binary = Buffer.from([0, 255, 1, 254]);
    await h.client.createJob({
      parent: PARENT,
      job: nightlyJob("json", { httpTarget: { uri: RUN_JOB_URI, body, headers: { "Content-Type": "application/json" } } }),
    });
    await h.client.createJob({ parent: PARENT, job: nightlyJob("bin", { httpTarget: { uri: RUN_JOB_URI, body: binary } }) });
    const [json] = await h.client.getJob({ name: jobName("json") });
    const [bin] = await h.client.getJob({ name: jobName("bin") });
    expect(Buffer.from(json.httpTarget!.body as Uint8Array).toString("utf8")).toBe(body.toString("utf8"));
    expect(json.httpTarget?.headers).toEqual({ "Content-Type": "application/json" });
    expect(json.httpTarget?.httpMethod).toBe("POST");
    expect([...(bin.httpTarget!.body as Uint8Array)]).toEqual([0, 255, 1, 254]);
  });

  it("keeps an OIDC token with its audience", async () => {
    const uri = "https://api-abc123-uc.a.run.app/tasks/refresh";
    await h.client.createJob({
      parent: PARENT,
      job: nightlyJob("oidc", { httpTarget: { uri, oidcToken: { serviceAccountEmail: INVOKER, audience: "https://api-abc123-uc.a.run.app" } } }),
    });
    const [job] = await h.client.getJob({ name: jobName("oidc") });
    expect(job.httpTarget?.oidcToken).toEqual({ serviceAccountEmail: INVOKER, audience: "https://api-abc123-uc.a.run.app" });
    expect(job.httpTarget?.oauthToken).toBeFalsy();
  });

  it("records every call with its request and metadata, and counts mutating calls", async () => {
    await h.client.createJob({ parent: PARENT, job: nightlyJob() });
    await h.client.getJob({ name: jobName("nightly") });
    await h.client.pauseJob({ name: jobName("nightly") });
    expect(h.fake.calls.map((c) => c.method)).toEqual(["CreateJob", "GetJob", "PauseJob"]);
    expect(h.fake.mutatingCalls().map((c) => c.method)).toEqual(["CreateJob", "PauseJob"]);
    expect(h.fake.calls[0]?.request).toMatchObject({ parent: PARENT, job: { name: jobName("nightly"), schedule: "0 3 * * *" } });
    expect(h.fake.calls[0]?.metadata["x-goog-api-client"]).toContain("gapic/");
    expect(h.fake.calls[1]?.metadata["x-goog-request-params"]).toContain(encodeURIComponent(jobName("nightly")));
  });
});
