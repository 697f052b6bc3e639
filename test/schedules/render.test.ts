/**
 * jobSchedules / serviceSchedules / scheduleParents: the Cloud Scheduler jobs the catalog wants.
 */
import { describe, expect, it } from "vitest";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import { CLOUD_PLATFORM_SCOPE, jobSchedules, MANAGED_DESCRIPTION_PREFIX, scheduleParents, serviceSchedules } from "../../ci/src/schedules/render.js";
import { ENV, INVOKER_EMAIL, jobWithSchedules, nightly, PARENT, schedulerJobName, SERVICE_URL, serviceWithSchedules } from "./support/specs.js";

const oneJobSchedule = (schedule: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => jobSchedules(jobWithSchedules("etl", [nightly(schedule)], extra), ENV)[0]!;
const oneServiceSchedule = (schedule: Record<string, unknown> = {}, url = SERVICE_URL) =>
  serviceSchedules(serviceWithSchedules("api", [{ name: "api-refresh", schedule: "*/15 * * * *", path: "/tasks/refresh", ...schedule }]), ENV, url)[0]!;

describe("jobSchedules", () => {
  it("names the scheduler job after the schedule, in the job's project and region", () => {
    const s = oneJobSchedule();
    expect(s.name).toBe(schedulerJobName("etl-nightly"));
    expect(s.parent).toBe(PARENT);
    expect(s.resource.name).toBe(s.name);
  });

  it("POSTs to the Cloud Run v2 :run URL of the job", () => {
    const target = oneJobSchedule().resource.httpTarget!;
    expect(target.uri).toBe("https://run.googleapis.com/v2/projects/test-project/locations/us-central1/jobs/etl:run");
    expect(target.httpMethod).toBe("POST");
  });

  it("authenticates with an OAuth token of the scheduler's account for the cloud-platform scope, not OIDC", () => {
    const target = oneJobSchedule().resource.httpTarget!;
    expect(target.oauthToken).toEqual({ serviceAccountEmail: INVOKER_EMAIL, scope: "https://www.googleapis.com/auth/cloud-platform" });
    expect(CLOUD_PLATFORM_SCOPE).toBe("https://www.googleapis.com/auth/cloud-platform");
    expect(target.oidcToken).toBeUndefined();
  });

  it("keeps a scheduler account given as an email", () => {
    const email = "invoker@shared-project.iam.gserviceaccount.com";
    expect(oneJobSchedule({ serviceAccount: email }).resource.httpTarget!.oauthToken!.serviceAccountEmail).toBe(email);
  });

  it("targets the job's region override", () => {
    const s = oneJobSchedule({}, { environments: { dev: { run: { region: "europe-west1" } } } });
    expect(s.parent).toBe("projects/test-project/locations/europe-west1");
    expect(s.resource.httpTarget!.uri).toBe("https://run.googleapis.com/v2/projects/test-project/locations/europe-west1/jobs/etl:run");
  });

  it("sends no body and no headers", () => {
    const target = oneJobSchedule().resource.httpTarget!;
    expect(target.body).toBeUndefined();
    expect(target.headers).toBeUndefined();
  });

  it("uses the schedule and its time zone (UTC by default)", () => {
    expect(oneJobSchedule().resource).toMatchObject({ schedule: "0 3 * * *", timeZone: "UTC" });
    expect(oneJobSchedule({ timeZone: "Europe/Paris" }).resource.timeZone).toBe("Europe/Paris");
  });

  it("renders the retry config with durations in seconds", () => {
    expect(oneJobSchedule({ retry: { count: 2, minBackoff: "10s", maxBackoff: "600s", maxDoublings: 3 } }).resource.retryConfig).toEqual({
      retryCount: 2,
      minBackoffDuration: { seconds: 10 },
      maxBackoffDuration: { seconds: 600 },
      maxDoublings: 3,
    });
  });

  it("leaves the retry config to the API when the schedule has none", () => {
    expect(oneJobSchedule().resource.retryConfig).toBeUndefined();
  });

  it("marks the description as managed by the pipeline and names the environment and the job", () => {
    const s = oneJobSchedule();
    expect(s.resource.description).toBe(`${MANAGED_DESCRIPTION_PREFIX} environment dev; runs Cloud Run job etl`);
    expect(s.target).toBe("job etl");
  });

  it("carries the paused flag", () => {
    expect(oneJobSchedule().paused).toBe(false);
    expect(oneJobSchedule({ paused: true }).paused).toBe(true);
  });

  it("renders one scheduler job per schedule", () => {
    const spec = jobWithSchedules("etl", [nightly(), nightly({ name: "etl-hourly", schedule: "0 * * * *" })]);
    expect(jobSchedules(spec, ENV).map((s) => s.name)).toEqual([schedulerJobName("etl-nightly"), schedulerJobName("etl-hourly")]);
  });
});

describe("serviceSchedules", () => {
  it("calls the live service URL with the schedule's path", () => {
    expect(oneServiceSchedule().resource.httpTarget!.uri).toBe(`${SERVICE_URL}/tasks/refresh`);
  });

  it("joins a service URL that ends with a slash without doubling it", () => {
    expect(oneServiceSchedule({}, `${SERVICE_URL}/`).resource.httpTarget!.uri).toBe(`${SERVICE_URL}/tasks/refresh`);
  });

  it("authenticates with an OIDC token whose audience is the service URL, not OAuth", () => {
    const target = oneServiceSchedule().resource.httpTarget!;
    expect(target.oidcToken).toEqual({ serviceAccountEmail: INVOKER_EMAIL, audience: SERVICE_URL });
    expect(target.oauthToken).toBeUndefined();
  });

  it("uses the schedule's HTTP method (POST by default)", () => {
    expect(oneServiceSchedule().resource.httpTarget!.httpMethod).toBe("POST");
    expect(oneServiceSchedule({ method: "GET" }).resource.httpTarget!.httpMethod).toBe("GET");
  });

  it("sends a JSON body with a JSON Content-Type header", () => {
    const target = oneServiceSchedule({ body: { mode: "full", limit: 10 } }).resource.httpTarget!;
    expect(JSON.parse(Buffer.from(target.body as Uint8Array).toString())).toEqual({ mode: "full", limit: 10 });
    expect(target.headers).toEqual({ "Content-Type": "application/json" });
  });

  it("sends neither body nor Content-Type without a body", () => {
    const target = oneServiceSchedule().resource.httpTarget!;
    expect(target.body).toBeUndefined();
    expect(target.headers).toBeUndefined();
  });

  it("describes the call it makes and marks it as managed", () => {
    const s = oneServiceSchedule();
    expect(s.resource.description).toBe(`${MANAGED_DESCRIPTION_PREFIX} environment dev; calls POST /tasks/refresh on Cloud Run service api`);
    expect(s.target).toBe("service api POST /tasks/refresh");
  });

  it("uses the schedule's time zone and retry config", () => {
    const s = oneServiceSchedule({ timeZone: "America/New_York", retry: { count: 1 } });
    expect(s.resource.timeZone).toBe("America/New_York");
    expect(s.resource.retryConfig).toEqual({ retryCount: 1, minBackoffDuration: { seconds: 5 }, maxBackoffDuration: { seconds: 3600 }, maxDoublings: 5 });
  });
});

describe("scheduleParents", () => {
  const catalogWith = (jobRegion?: string) =>
    parseCatalog([
      { path: "pipelines/project.yaml", text: "kind: project\nproject: test-project\nregion: us-central1\nartifactRegistry: { repository: dataface }\n" },
      {
        path: "pipelines/jobs/etl.yaml",
        text: `kind: job\nname: etl\nbuild: { context: jobs/etl }\nrun: { ${jobRegion ? `region: ${jobRegion}` : ""} }\nschedules:\n  - { name: etl-nightly, schedule: "0 3 * * *", serviceAccount: scheduler-invoker }\n`,
      },
    ]);

  it("always looks in the environment's region", () => {
    expect(scheduleParents(catalogWith(), ENV)).toEqual([PARENT]);
  });

  it("adds the regions the catalog schedules in, sorted and without duplicates", () => {
    expect(scheduleParents(catalogWith("europe-west1"), ENV)).toEqual(["projects/test-project/locations/europe-west1", PARENT]);
  });
});
