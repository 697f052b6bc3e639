import { afterEach, describe, expect, it } from "vitest";
import { status } from "@grpc/grpc-js";
import { CloudSchedulerClient } from "@google-cloud/scheduler";
import { startFakeScheduler, type FakeScheduler } from "../../fakes/scheduler/index.js";
import { PARENT, fixedTokenAuthClient, nightlyJob, rejection } from "./clients.js";

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

describe("fake Cloud Scheduler: requireAuth refuses calls Google would not authenticate", () => {
  let fake: FakeScheduler;
  let client: CloudSchedulerClient;
  afterEach(async () => {
    await client.close();
    await fake.close();
  });

  it("rejects a call with no token with UNAUTHENTICATED and stores nothing", async () => {
    fake = await startFakeScheduler({ tls: true, requireAuth: true });
    client = new CloudSchedulerClient(fake.clientOptions());
    const err = await rejection(client.createJob({ parent: PARENT, job: nightlyJob() }));
    expect(err.code).toBe(status.UNAUTHENTICATED);
    expect(err.details).toMatch(/^Request is missing required authentication credential\./);
    expect(fake.jobs.size).toBe(0);
  });

  it("rejects a garbage bearer token with UNAUTHENTICATED", async () => {
    fake = await startFakeScheduler({ tls: true, requireAuth: true });
    client = new CloudSchedulerClient(fake.clientOptions(fixedTokenAuthClient("garbage")));
    const err = await rejection(client.createJob({ parent: PARENT, job: nightlyJob() }));
    expect(err.code).toBe(status.UNAUTHENTICATED);
    expect(err.details).toMatch(/^Request had invalid authentication credentials\./);
    expect(fake.jobs.size).toBe(0);
  });

  it("accepts an OAuth access token (ya29.) by default", async () => {
    fake = await startFakeScheduler({ tls: true, requireAuth: true });
    client = new CloudSchedulerClient(fake.clientOptions(fixedTokenAuthClient("ya29.scheduler-token")));
    await client.createJob({ parent: PARENT, job: nightlyJob() });
    expect(fake.jobs.size).toBe(1);
  });
});
