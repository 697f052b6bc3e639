import { afterEach, describe, expect, it } from "vitest";
import { startFakeCloudRun, type FakeCloudRun } from "../../fakes/cloud-run/index.js";
import { ACCESS_TOKEN, PARENT, runClients, type RunClients } from "./clients.js";

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
