import { afterEach, describe, expect, it } from "vitest";
import { CloudSchedulerClient } from "@google-cloud/scheduler";
import { startFakeScheduler, type FakeScheduler } from "../../fakes/scheduler/index.js";
import { PARENT, fixedTokenAuthClient, nightlyJob } from "./clients.js";

describe("fake Cloud Scheduler: credentials on the wire", () => {
  let fake: FakeScheduler;
  let client: CloudSchedulerClient;
  afterEach(async () => {
    await client.close();
    await fake.close();
  });

  it("records the client's bearer token on every call when served over TLS", async () => {
    fake = await startFakeScheduler({ tls: true });
    client = new CloudSchedulerClient(fake.clientOptions(fixedTokenAuthClient("ya29.scheduler-token")));
    await client.createJob({ parent: PARENT, job: nightlyJob() });
    await client.listJobs({ parent: PARENT });
    expect(fake.calls.map((c) => c.authorization)).toEqual(["Bearer ya29.scheduler-token", "Bearer ya29.scheduler-token"]);
  });

  it("sees no Authorization header over an insecure channel (gRPC drops call credentials there)", async () => {
    fake = await startFakeScheduler();
    client = new CloudSchedulerClient(fake.clientOptions(fixedTokenAuthClient()));
    await client.createJob({ parent: PARENT, job: nightlyJob() });
    expect(fake.calls.map((c) => c.authorization)).toEqual([undefined]);
  });
});
