import { afterEach, describe, expect, it } from "vitest";
import { status } from "@grpc/grpc-js";
import { ServicesClient } from "@google-cloud/run";
import { startFakeCloudRun, type FakeCloudRun } from "../../fakes/cloud-run/index.js";
import { ACCESS_TOKEN, PARENT, fixedTokenAuthClient, runClients, type RunClients } from "./clients.js";
import { rejection } from "./lifecycle.js";

describe("fake Cloud Run: credentials on the wire", () => {
  let fake: FakeCloudRun;
  let run: RunClients;
  afterEach(async () => {
    await run.close();
    await fake.close();
  });

  async function createService() {
    const [op] = await run.services.createService({ parent: PARENT, serviceId: "api", service: { template: { containers: [{ image: "img:1" }] } } });
    await op.promise();
  }

  it("records the client's bearer token on every call when served over TLS", async () => {
    fake = await startFakeCloudRun({ tls: true });
    run = runClients(fake);
    await createService();
    expect(fake.calls.map((c) => c.method)).toEqual(expect.arrayContaining(["CreateService", "GetOperation"]));
    expect(new Set(fake.calls.map((c) => c.authorization))).toEqual(new Set([`Bearer ${ACCESS_TOKEN}`]));
  });

  it("sees no Authorization header over an insecure channel (gRPC drops call credentials there)", async () => {
    fake = await startFakeCloudRun();
    run = runClients(fake);
    await createService();
    expect(fake.calls.every((c) => c.authorization === undefined)).toBe(true);
    expect(fake.calls[0]?.metadata["x-goog-api-client"]).toContain("gapic/");
  });
});

describe("fake Cloud Run: requireAuth refuses calls Google would not authenticate", () => {
  let fake: FakeCloudRun;
  const clients: ServicesClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await fake.close();
  });

  function client(token?: string): ServicesClient {
    const c = new ServicesClient(token === undefined ? fake.clientOptions() : fake.clientOptions(fixedTokenAuthClient(token)));
    clients.push(c);
    return c;
  }

  const create = (c: ServicesClient) => c.createService({ parent: PARENT, serviceId: "api", service: { template: { containers: [{ image: "img:1" }] } } });

  it("rejects a call with no token with UNAUTHENTICATED and changes nothing", async () => {
    fake = await startFakeCloudRun({ tls: true, requireAuth: true });
    const err = await rejection(create(client()));
    expect(err.code).toBe(status.UNAUTHENTICATED);
    expect(err.details).toMatch(/^Request is missing required authentication credential\. Expected OAuth 2 access token/);
    expect(fake.services.size).toBe(0);
    expect(fake.calls.map((c) => [c.method, c.authorization, c.applied])).toEqual([["CreateService", undefined, false]]);
  });

  it("rejects a garbage bearer token with UNAUTHENTICATED", async () => {
    fake = await startFakeCloudRun({ tls: true, requireAuth: true });
    const err = await rejection(create(client("garbage")));
    expect(err.code).toBe(status.UNAUTHENTICATED);
    expect(err.details).toMatch(/^Request had invalid authentication credentials\./);
    expect(fake.calls[0]?.authorization).toBe("Bearer garbage");
    expect(fake.services.size).toBe(0);
  });

  it("accepts an OAuth access token (ya29.) by default", async () => {
    fake = await startFakeCloudRun({ tls: true, requireAuth: true });
    const [op] = await create(client(ACCESS_TOKEN));
    await op.promise();
    expect(fake.services.size).toBe(1);
  });

  it("accepts only the tokens acceptAccessToken registers when given", async () => {
    const issued = new Set(["ya29.issued-by-the-test"]);
    fake = await startFakeCloudRun({ tls: true, requireAuth: true, acceptAccessToken: (t) => issued.has(t) });
    expect((await rejection(create(client("ya29.never-issued")))).code).toBe(status.UNAUTHENTICATED);
    const [op] = await create(client("ya29.issued-by-the-test"));
    await op.promise();
  });

  it("checks auth before injected faults and IAM denials", async () => {
    fake = await startFakeCloudRun({ tls: true, requireAuth: true });
    fake.faults.failNextCalls("CreateService", status.UNAVAILABLE, 1);
    expect((await rejection(create(client("garbage")))).code).toBe(status.UNAUTHENTICATED);
    expect((await rejection(create(client(ACCESS_TOKEN)))).code).toBe(status.UNAVAILABLE);
  });
});
