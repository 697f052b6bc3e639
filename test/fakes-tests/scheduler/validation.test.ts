import { describe, expect, it } from "vitest";
import { status } from "@grpc/grpc-js";
import { INVOKER, PARENT, RUN_JOB_URI, jobName, nightlyJob, rejection, useFakeScheduler, type IJob } from "./clients.js";

describe("fake Cloud Scheduler: CreateJob validation", () => {
  const h = useFakeScheduler();
  const create = (job: IJob, parent = PARENT) => h.client.createJob({ parent, job });
  const invalid = async (job: IJob, parent = PARENT) => {
    const err = await rejection(create(job, parent));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(h.fake.jobs.size).toBe(0);
    return err.details ?? "";
  };

  it("answers ALREADY_EXISTS when the job exists", async () => {
    await create(nightlyJob());
    const err = await rejection(create(nightlyJob()));
    expect(err.code).toBe(6);
    expect(err.details).toBe(`Job ${jobName("nightly")} already exists.`);
  });

  it.each(["0 3 * *", "0 3 * * * *", "61 * * * *", "* 24 * * *", "0 0 0 * *", "0 0 L * *", "every 5 minutes", "0 0 * FOO *", "5-1 * * * *"])(
    "rejects the schedule %j",
    async (schedule) => {
      expect(await invalid(nightlyJob("j", { schedule }))).toMatch(/^Schedule or time zone is invalid\./);
    },
  );

  it.each(["*/5 * * * *", "0 9 * * 1-5", "0 0 1,15 * *", "30 2 * JAN-MAR SUN", "0 0 * * 7", "0 */2 * * *"])("accepts the schedule %j", async (schedule) => {
    const [job] = await create(nightlyJob("j", { schedule }));
    expect(job.schedule).toBe(schedule);
  });

  it.each(["Mars/Olympus_Mons", "+02:00", "Europe/Berlin "])("rejects the time zone %j", async (timeZone) => {
    expect(await invalid(nightlyJob("j", { timeZone }))).toMatch(/^Schedule or time zone is invalid\. Time zone/);
  });

  it("defaults an empty time zone to Etc/UTC", async () => {
    const [job] = await create(nightlyJob("j", { timeZone: "" }));
    expect(job.timeZone).toBe("Etc/UTC");
  });

  it("requires a schedule", async () => {
    expect(await invalid(nightlyJob("j", { schedule: "" }))).toContain("schedule is required");
  });

  it.each(["bad.id", "a/b", "has space", "x".repeat(501), "ünïcode"])("rejects the job id %j", async (id) => {
    expect(await invalid(nightlyJob("j", { name: `${PARENT}/jobs/${id}` }))).toMatch(/^Job name must be formatted/);
  });

  it("accepts a 500-character id of letters, digits, hyphens and underscores", async () => {
    const id = `Job_1-${"x".repeat(494)}`;
    const [job] = await create(nightlyJob("j", { name: jobName(id) }));
    expect(job.name).toBe(jobName(id));
  });

  it("rejects a job name outside the request's parent", async () => {
    expect(await invalid(nightlyJob("j", { name: "projects/other/locations/us-central1/jobs/j" }))).toContain("not under the request's parent");
  });

  it("rejects a malformed parent", async () => {
    await invalid(nightlyJob(), "projects/test-project/regions/us-central1");
  });

  it("requires a target", async () => {
    const { httpTarget: _t, ...noTarget } = nightlyJob();
    expect(await invalid(noTarget)).toContain("target is required");
  });

  it("rejects an HTTP target with both an OAuth and an OIDC token", async () => {
    const job = nightlyJob("j", {
      httpTarget: { uri: RUN_JOB_URI, oauthToken: { serviceAccountEmail: INVOKER }, oidcToken: { serviceAccountEmail: INVOKER } },
    });
    expect(await invalid(job)).toContain("authorization_header");
  });

  it("rejects an OIDC audience of '::::' (a value with ':' must be a URI)", async () => {
    const job = nightlyJob("j", { httpTarget: { uri: "https://api-abc.a.run.app/refresh", oidcToken: { serviceAccountEmail: INVOKER, audience: "::::" } } });
    expect(await invalid(job)).toContain("HttpTarget.oidc_token.audience");
  });

  it.each(["https://api-abc.a.run.app", "api-audience"])("accepts the OIDC audience %j", async (audience) => {
    const [job] = await create(nightlyJob("j", { httpTarget: { uri: "https://api-abc.a.run.app/refresh", oidcToken: { serviceAccountEmail: INVOKER, audience } } }));
    expect(job.httpTarget?.oidcToken?.audience).toBe(audience);
  });

  it("rejects an OIDC service account that is not an email", async () => {
    const job = nightlyJob("j", { httpTarget: { uri: "https://api-abc.a.run.app/refresh", oidcToken: { serviceAccountEmail: "scheduler-invoker" } } });
    expect(await invalid(job)).toContain("HttpTarget.oidc_token.service_account_email");
  });

  it("rejects an OAuth service account that is not an email", async () => {
    expect(await invalid(nightlyJob("j", { httpTarget: { uri: RUN_JOB_URI, oauthToken: { serviceAccountEmail: "scheduler-invoker" } } }))).toContain(
      "HttpTarget.oauth_token.service_account_email",
    );
  });

  it("rejects a URI that is not http(s)", async () => {
    await invalid(nightlyJob("j", { httpTarget: { uri: "ftp://example.com/x" } }));
  });

  it("rejects a body on a GET request", async () => {
    expect(await invalid(nightlyJob("j", { httpTarget: { uri: RUN_JOB_URI, httpMethod: "GET", body: Buffer.from("x") } }))).toContain("POST, PUT or PATCH");
  });

  it("rejects more than 5 retries", async () => {
    await invalid(nightlyJob("j", { retryConfig: { retryCount: 6 } }));
  });

  it("rejects an HTTP attempt deadline outside 15 s to 30 min", async () => {
    await invalid(nightlyJob("j", { attemptDeadline: { seconds: 10 } }));
    await invalid(nightlyJob("j", { attemptDeadline: { seconds: 1801 } }));
  });

  it("keeps retryConfig and attemptDeadline as given", async () => {
    const [job] = await create(nightlyJob("j", { retryConfig: { retryCount: 3, minBackoffDuration: { seconds: 10 } }, attemptDeadline: { seconds: 600 } }));
    expect(job.retryConfig).toMatchObject({ retryCount: 3, minBackoffDuration: { seconds: "10" }, maxBackoffDuration: { seconds: "3600" } });
    expect(job.attemptDeadline?.seconds).toBe("600");
  });

  it("ignores output-only fields sent by the caller", async () => {
    const [job] = await create(nightlyJob("j", { state: "PAUSED", lastAttemptTime: { seconds: 1 } }));
    expect(job.state).toBe("ENABLED");
    expect(job.lastAttemptTime).toBeNull();
  });

  it("requires a Pub/Sub topic in the job's project with data or attributes", async () => {
    await invalid(nightlyJob("j", { httpTarget: null, pubsubTarget: { topicName: "projects/other/topics/t", data: Buffer.from("x") } }));
    await invalid(nightlyJob("j", { httpTarget: null, pubsubTarget: { topicName: "projects/test-project/topics/t" } }));
    const [job] = await create(nightlyJob("j", { httpTarget: null, pubsubTarget: { topicName: "projects/test-project/topics/t", attributes: { a: "1" } } }));
    expect(job.pubsubTarget?.topicName).toBe("projects/test-project/topics/t");
  });
});
