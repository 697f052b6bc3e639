/**
 * Token failures inside gRPC calls: the real @google-cloud/run clients over TLS against the Cloud
 * Run fake, so grpc-js asks our authClient for headers in its metadata plugin. A failure there
 * must come out as the same explained CredentialsError a direct token call gives (step, server's
 * answer, fix), carry no secret, and never be retried.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { JobsClient, ServicesClient } from "@google-cloud/run";
import { GoogleCloudRunGateway } from "../../ci/src/gcp/cloud-run.js";
import { GoogleJobsGateway } from "../../ci/src/gcp/cloud-run-jobs.js";
import { createGoogleAuth, type CloudAuth } from "../../ci/src/gcp/credentials-auth.js";
import { CredentialsError, parseCredentials } from "../../ci/src/gcp/credentials.js";
import { credentialsFailureOf, withRetry, type RetryOptions } from "../../ci/src/gcp/retry.js";
import { GoogleSchedulerGateway } from "../../ci/src/gcp/scheduler.js";
import { startFakeCloudRun, type FakeCloudRun } from "../fakes/cloud-run/index.js";
import { startFakeScheduler } from "../fakes/scheduler/index.js";
import {
  canaryServiceAccountKey,
  canaryWorkloadIdentityFile,
  DEPLOYER,
  EMAIL,
  expectNoSecrets,
  oauthError,
  scriptedServer,
  subjectTokenServer,
  WIF_SECRETS,
  type ScriptedServer,
} from "./auth-failure-servers.js";

const SERVICE = "projects/acme-prod/locations/europe-west1/services/alie";
const PLUGIN_PREFIX = "Getting metadata from plugin failed with error: ";
const SA_FIX = "Check that the key is not deleted or disabled (`gcloud iam service-accounts keys list --iam-account=SA_EMAIL`) and that the machine clock is right.";
const STS_FIX = "Check the workload identity provider in the audience exists and is enabled, and that its attribute condition accepts this repository and workflow.";
const SERVER_FAILED_FIX = "The server failed rather than refused the credentials: this is not a problem with them; try again later, and check https://status.cloud.google.com if it persists.";

let fake: FakeCloudRun;
const servers: ScriptedServer[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  fake = await startFakeCloudRun({ tls: true });
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => fake.clearRecords());

afterEach(async () => {
  await Promise.all([...servers.splice(0).map((s) => s.close()), ...closers.splice(0).map((c) => c())]);
});

async function server(...args: Parameters<typeof scriptedServer>): Promise<ScriptedServer> {
  const s = await scriptedServer(...args);
  servers.push(s);
  return s;
}

function servicesClient(auth: CloudAuth): ServicesClient {
  const client = new ServicesClient(fake.clientOptions(auth.authClient));
  closers.push(() => client.close());
  return client;
}

/** Retry options that never wait and count what withRetry would have retried. */
function counting(): RetryOptions & { retries: unknown[] } {
  const retries: unknown[] = [];
  return { retries, sleep: async () => undefined, onRetry: (err) => void retries.push(err) };
}

const authFor = (text: string) => createGoogleAuth(parseCredentials(text), { projectId: "acme-prod" });

describe("a service-account key the token endpoint rejects (deleted key: invalid_grant)", () => {
  const rejecting = () => server(() => oauthError(400, "invalid_grant", "Invalid JWT Signature."));
  const expected = `Could not get an access token with the service-account key for ${EMAIL} while signing in as ${EMAIL} at the OAuth token endpoint: HTTP 400 invalid_grant: Invalid JWT Signature. ${SA_FIX}`;

  it("makes grpc-js fail the ServicesClient call with the explained message, code UNKNOWN", async () => {
    const token = await rejecting();
    const key = canaryServiceAccountKey(`${token.url}/token`);
    const raw = await servicesClient(authFor(key.text)).getService({ name: SERVICE }, { retry: null }).catch((e: unknown) => e);
    // Not the token endpoint's HTTP 400 as a gRPC code (a code grpc-js would otherwise copy).
    expect(raw).toMatchObject({ code: 2, details: `${PLUGIN_PREFIX}${expected}` });
    expect(fake.calls).toHaveLength(0); // the call never left the client
    expect(token.hits).toHaveLength(1);
    expectNoSecrets(raw, key.secrets);
    const failure = credentialsFailureOf(raw);
    expect(failure).toBeInstanceOf(CredentialsError);
    expect(failure?.message).toBe(expected);
  });

  it("reaches a withRetry caller as a CredentialsError, attempted once", async () => {
    const token = await rejecting();
    const key = canaryServiceAccountKey(`${token.url}/token`);
    const services = servicesClient(authFor(key.text));
    const retry = counting();
    const err = await withRetry(() => services.getService({ name: SERVICE }, { retry: null }), retry).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect((err as Error).message).toBe(expected);
    expect((err as Error).message).toContain("signing in as"); // the step
    expect((err as Error).message).toContain("gcloud iam service-accounts keys list"); // the fix
    expect(retry.retries).toHaveLength(0);
    expect(token.hits).toHaveLength(1);
    expect(fake.calls).toHaveLength(0);
    expectNoSecrets(err, key.secrets);
  });

  it("is what GoogleCloudRunGateway.getService rejects with, without retrying", async () => {
    const token = await rejecting();
    const key = canaryServiceAccountKey(`${token.url}/token`);
    const retry = counting();
    const gateway = new GoogleCloudRunGateway(fake.clientOptions(authFor(key.text).authClient), retry);
    closers.push(() => gateway.close());
    const err = await gateway.getService(SERVICE).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect((err as Error).message).toBe(expected);
    expect(retry.retries).toHaveLength(0);
    expect(token.hits).toHaveLength(1);
    expect(fake.calls).toHaveLength(0);
    expectNoSecrets(err, key.secrets);
  });

  it("is what the Jobs and Scheduler gateways reject with too", async () => {
    const token = await rejecting();
    const key = canaryServiceAccountKey(`${token.url}/token`);
    const auth = authFor(key.text);
    const scheduler = await startFakeScheduler({ tls: true });
    closers.push(() => scheduler.close());
    const retry = counting();
    const jobs = new GoogleJobsGateway(fake.clientOptions(auth.authClient), retry);
    const schedules = new GoogleSchedulerGateway(scheduler.clientOptions(auth.authClient) as never, retry);
    closers.push(() => jobs.close(), () => schedules.close());
    const jobErr = await jobs.getJob("projects/acme-prod/locations/europe-west1/jobs/nightly").catch((e: unknown) => e);
    const scheduleErr = await schedules.getJob("projects/acme-prod/locations/europe-west1/jobs/nightly").catch((e: unknown) => e);
    for (const err of [jobErr, scheduleErr]) {
      expect(err).toBeInstanceOf(CredentialsError);
      expect((err as Error).message).toBe(expected);
      expectNoSecrets(err, key.secrets);
    }
    expect(retry.retries).toHaveLength(0);
    expect(token.hits).toHaveLength(1); // the refusal is remembered: the Scheduler call did not ask again
    expect(fake.calls).toHaveLength(0);
    expect(scheduler.calls).toHaveLength(0);
  });

  it("redacts a token endpoint answer that quotes the signed assertion", async () => {
    const token = await server((hit) => {
      const assertion = new URLSearchParams(hit.body).get("assertion") ?? "";
      return oauthError(400, "invalid_grant", `Invalid JWT Signature for assertion ${assertion}`);
    });
    const key = canaryServiceAccountKey(`${token.url}/token`);
    const err = await withRetry(() => servicesClient(authFor(key.text)).getService({ name: SERVICE }, { retry: null })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect((err as Error).message).toContain("Invalid JWT Signature for assertion [redacted]");
    expect((err as Error).message).not.toMatch(/eyJ/);
    expectNoSecrets(err, key.secrets);
  });
});

describe("Workload Identity Federation whose STS exchange fails", () => {
  async function wif(sts: ScriptedServer) {
    const subject = await subjectTokenServer();
    servers.push(subject);
    const iam = await server(() => ({ status: 500, body: "must not be reached" }));
    const text = canaryWorkloadIdentityFile({ subjectTokenUrl: `${subject.url}/token`, stsUrl: `${sts.url}/v1/token`, iamUrl: iam.url });
    return { auth: authFor(text), subject, iam, subjectHost: new URL(subject.url).host };
  }

  const prefix = (host: string) =>
    `Could not get an access token with the Workload Identity Federation (pool github, provider monorepo in project 123456789012; subject token from ${host}), impersonating ${DEPLOYER} while exchanging the subject token at the Security Token Service`;

  it("fails a ServicesClient call through withRetry with STS's answer and the fix, once", async () => {
    const sts = await server(() => oauthError(400, "invalid_grant", "The audience in ID Token [https://github.com/acme] does not match the expected audience."));
    const { auth, subject, iam, subjectHost } = await wif(sts);
    const services = servicesClient(auth);
    const raw = await services.getService({ name: SERVICE }, { retry: null }).catch((e: unknown) => e);
    expect((raw as { details?: string }).details).toMatch(new RegExp(`^${PLUGIN_PREFIX}Could not get an access token`));
    const retry = counting();
    const err = await withRetry(() => services.getService({ name: SERVICE }, { retry: null }), retry).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect((err as Error).message).toBe(
      `${prefix(subjectHost)}: HTTP 400 invalid_grant: The audience in ID Token [https://github.com/acme] does not match the expected audience. ${STS_FIX}`,
    );
    expect(retry.retries).toHaveLength(0);
    expect(sts.hits).toHaveLength(1); // the refusal is remembered (REFUSAL_MEMORY_MS): the second call does not exchange again
    expect(subject.hits).toHaveLength(1);
    expect(iam.hits).toHaveLength(0);
    expect(fake.calls).toHaveLength(0);
    // The exchange really carried the secrets the error must not show.
    expect(sts.hits[0]!.body).toContain(`gha-oidc.${WIF_SECRETS[0]}`);
    expect(sts.hits[0]!.headers.authorization).toBe(`Basic ${WIF_SECRETS[3]}`);
    expectNoSecrets(raw, WIF_SECRETS);
    expectNoSecrets(err, WIF_SECRETS);
  });

  it("redacts an STS answer that quotes the subject token and the client credentials", async () => {
    const sts = await server((hit) => {
      const form = new URLSearchParams(hit.body);
      return oauthError(400, "invalid_grant", `Rejected subject_token ${form.get("subject_token")} from client ${hit.headers.authorization}`);
    });
    const { auth } = await wif(sts);
    const gateway = new GoogleCloudRunGateway(fake.clientOptions(auth.authClient), counting());
    closers.push(() => gateway.close());
    const err = await gateway.getService(SERVICE).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect((err as Error).message).toContain("HTTP 400 invalid_grant: Rejected subject_token [redacted] from client Basic [redacted]");
    expectNoSecrets(err, WIF_SECRETS);
  });

  it("reports a rejected runner request token as the subject-token step, without the token", async () => {
    const sts = await server(() => oauthError(500, "internal", "must not be reached"));
    const subject = await server(() => ({ status: 401, body: { message: `Bad credentials: ${"x".repeat(3)}` } }));
    const text = canaryWorkloadIdentityFile({ subjectTokenUrl: `${subject.url}/token`, stsUrl: `${sts.url}/v1/token` });
    const gateway = new GoogleCloudRunGateway(fake.clientOptions(authFor(text).authClient), counting());
    closers.push(() => gateway.close());
    const err = await gateway.getService(SERVICE).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect((err as Error).message).toMatch(/while fetching the subject token from 127\.0\.0\.1:\d+: HTTP 401 .*id-token: write/);
    expect(sts.hits).toHaveLength(0);
    expect(subject.hits).toHaveLength(1);
    expect(subject.hits[0]!.headers.authorization).toBe(`Bearer ${WIF_SECRETS[1]}`);
    expectNoSecrets(err, WIF_SECRETS);
  });
});

describe("a token endpoint that keeps answering HTTP 500", () => {
  it("gives a service-account key's gRPC call one token attempt (the auth library's own) and no gateway retries", async () => {
    const token = await server(() => ({ status: 500, body: "Internal error" }));
    const key = canaryServiceAccountKey(`${token.url}/token`);
    // What one token request costs: google-auth-library retries a token POST on 5xx by itself.
    await authFor(key.text).accessToken().catch(() => undefined);
    const perTokenRequest = token.hits.length;
    expect(perTokenRequest).toBeGreaterThanOrEqual(1);
    expect(perTokenRequest).toBeLessThanOrEqual(4);

    const retry = counting();
    const gateway = new GoogleCloudRunGateway(fake.clientOptions(authFor(key.text).authClient), retry);
    closers.push(() => gateway.close());
    const err = await gateway.getService(SERVICE).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect((err as Error).message).toBe(
      `Could not get an access token with the service-account key for ${EMAIL} while signing in as ${EMAIL} at the OAuth token endpoint: HTTP 500 Internal error. ${SERVER_FAILED_FIX}`,
    );
    expect(retry.retries).toHaveLength(0);
    expect(token.hits).toHaveLength(2 * perTokenRequest);
    expect(fake.calls).toHaveLength(0);
    expectNoSecrets(err, key.secrets);
  });

  it("gives a WIF credential's gRPC call one STS exchange (the auth library's own retries) and no withRetry retries", async () => {
    const sts = await server(() => ({ status: 503, body: { error: { code: 503, status: "UNAVAILABLE", message: "The service is currently unavailable." } } }));
    const subject = await subjectTokenServer();
    servers.push(subject);
    const text = canaryWorkloadIdentityFile({ subjectTokenUrl: `${subject.url}/token`, stsUrl: `${sts.url}/v1/token` });
    await authFor(text).accessToken().catch(() => undefined);
    const perExchange = sts.hits.length; // google-auth-library retries the STS POST on 5xx by itself
    expect(perExchange).toBeLessThanOrEqual(4);
    const retry = counting();
    const client = new JobsClient(fake.clientOptions(authFor(text).authClient));
    closers.push(() => client.close());
    const err = await withRetry(() => client.getJob({ name: "projects/acme-prod/locations/europe-west1/jobs/nightly" }), retry).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect((err as Error).message).toMatch(/while exchanging the subject token at the Security Token Service: HTTP 503 UNAVAILABLE: The service is currently unavailable\. The server failed rather than refused/);
    expect(retry.retries).toHaveLength(0);
    expect(sts.hits).toHaveLength(2 * perExchange);
    expect(fake.calls).toHaveLength(0);
    expectNoSecrets(err, WIF_SECRETS);
  });
});
