/**
 * Credentials on the wire: the pipeline's GoogleMonitoringGateway (the three official clients)
 * sends the auth client's bearer token on every call over TLS, and the fake with requireAuth
 * refuses calls without a valid one, writing nothing.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ClientOptions } from "../../../ci/src/gcp/cloud-run.js";
import { GoogleMonitoringGateway } from "../../../ci/src/gcp/monitoring.js";
import { startFakeMonitoring, type FakeMonitoring } from "../../fakes/monitoring/index.js";
import { fixedTokenAuthClient } from "../clients.js";
import { errorPolicy, healthCheck, rejection } from "./clients.js";

describe("fake Cloud Monitoring: credentials", () => {
  let fake: FakeMonitoring;
  let gateway: GoogleMonitoringGateway;
  afterEach(async () => {
    await gateway.close();
    await fake.close();
  });

  it("records the gateway's bearer token on uptime, alert and channel calls over TLS", async () => {
    fake = await startFakeMonitoring({ tls: true, requireAuth: true });
    gateway = new GoogleMonitoringGateway(fake.clientOptions(fixedTokenAuthClient("ya29.monitoring-token")) as ClientOptions, { attempts: 1 });
    await gateway.createUptimeCheck("test-project", healthCheck() as never);
    await gateway.createAlertPolicy("test-project", errorPolicy() as never);
    await gateway.listNotificationChannels("test-project");
    expect(fake.calls.map((c) => `${c.method} ${c.authorization}`)).toEqual([
      "CreateUptimeCheckConfig Bearer ya29.monitoring-token",
      "CreateAlertPolicy Bearer ya29.monitoring-token",
      "ListNotificationChannels Bearer ya29.monitoring-token",
    ]);
  });

  it("answers UNAUTHENTICATED to a token that is not an access token, and stores nothing", async () => {
    fake = await startFakeMonitoring({ tls: true, requireAuth: true });
    gateway = new GoogleMonitoringGateway(fake.clientOptions(fixedTokenAuthClient("not-a-token")) as ClientOptions, { attempts: 1 });
    const err = await rejection(gateway.createAlertPolicy("test-project", errorPolicy() as never));
    expect(err).toMatchObject({ code: 16 });
    expect(fake.store.alertPolicies.size).toBe(0);
  });
});
