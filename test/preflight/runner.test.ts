/**
 * The preflight runner: every check runs whatever the others do (an API failing or never
 * answering fails only its own check), transient answers are retried, and no more checks are in
 * flight at once than the bound.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import { CredentialsError } from "../../ci/src/gcp/credentials-error.js";
import { GoogleRestClient } from "../../ci/src/gcp/google-rest.js";
import { type PreflightInput, runPreflight } from "../../ci/src/preflight/runner.js";
import { realCatalog } from "../services/support/specs.js";
import { FAST, fixedAuth, seedDataface, startWorld, type World } from "./support.js";
import { testCall } from "../support/suggested-call.js";

const catalog = realCatalog();
const env = resolveEnvironment(catalog, "dev");
let w: World;
beforeEach(async () => {
  w = await startWorld();
  seedDataface(w.fake.state, "dev");
});
afterEach(async () => w.close());

const input = (extra: Partial<PreflightInput> = {}): PreflightInput => ({ catalog, env, auth: w.auth, apis: w.apis, call: testCall, ...extra });
const notOk = (r: Awaited<ReturnType<typeof runPreflight>>) => r.checks.filter((c) => c.status !== "OK").map((c) => ({ target: c.target, message: c.message }));

describe("every check runs even when others fail", () => {
  it("an API that answers 500 every time fails only the checks that read it; the rest still run and pass", async () => {
    w.fake.faults.failPath("/secrets/openai-api-key", 500);
    const report = await runPreflight(input());
    expect(notOk(report)).toEqual([{ target: "service alie: dataface-dev/openai-api-key@latest", message: expect.stringMatching(/^could not check: GET \/secretmanager\/v1\/projects\/dataface-dev\/secrets\/openai-api-key\/versions\/latest: 500 INTERNAL: Injected fault 500\./) }]);
    expect(report.checks.find((c) => c.status === "FAIL")!.remediation).toMatch(/failed rather than refused: run `dagger call preflight --env=dev --credentials=env:\/\/GCP_CREDENTIALS` again/);
    expect(report.counts).toEqual({ ok: 21, warn: 0, fail: 1 });
    // Retried (3 attempts in FAST), then given up; the checks after it in the list were still asked.
    expect(w.fake.requests.filter((r) => r.status === 500)).toHaveLength(3);
    expect(w.fake.requests.some((r) => r.api === "sqlAdmin")).toBe(true);
  });

  it("an API that never answers fails its check after the timeout, and the others pass", async () => {
    w.fake.faults.hangPath(/\/b\/dataface-docs-dev$/);
    const apis = new GoogleRestClient(w.auth, { ...FAST, timeoutMs: 300, roots: w.fake.roots });
    const report = await runPreflight(input({ apis }));
    expect(notOk(report)).toEqual([{ target: "gs://dataface-docs-dev", message: "could not check: GET /storage-api/storage/v1/b/dataface-docs-dev: no answer within 0.3s" }]);
    expect(report.counts.ok).toBe(21);
  });

  it("a transient 503 is retried and the check passes", async () => {
    w.fake.faults.failPath("/locations/europe-west1/repositories/dataface", 503, 1);
    const report = await runPreflight(input());
    expect(report.counts).toEqual({ ok: 22, warn: 0, fail: 0 });
    expect(w.fake.requests.filter((r) => r.api === "artifactRegistry").map((r) => r.status)).toEqual([503, 200, 200]);
  });

  it("credentials that mint no token fail the credentials row and every check that calls an API, all still reported", async () => {
    const broken = new CredentialsError("Could not get an access token with the service-account key for deployer@x while signing in as deployer@x at the OAuth token endpoint: HTTP 400 invalid_grant: Invalid JWT Signature.");
    const auth = fixedAuth({ accessToken: async () => Promise.reject(broken), idToken: async () => Promise.reject(broken) });
    const report = await runPreflight(input({ auth, apis: new GoogleRestClient(auth, { ...FAST, roots: w.fake.roots }) }));
    expect(report.counts).toEqual({ ok: 0, warn: 0, fail: 22 });
    expect(report.checks[0]).toMatchObject({ check: "credentials", status: "FAIL", message: broken.message });
    expect(report.checks.slice(2).every((c) => c.message === `could not check: ${broken.message}` && c.remediation === "fix the credentials (see the credentials row), then run preflight again")).toBe(true);
    expect(w.fake.requests).toEqual([]);
  });
});

describe("bounded parallelism", () => {
  for (const bound of [1, 3]) {
    it(`never has more than ${bound} check(s) in flight, and uses the bound`, async () => {
      w.fake.delayMs = 15;
      const report = await runPreflight(input({ concurrency: bound }));
      expect(report.ok).toBe(true);
      expect(w.fake.maxInFlight).toBe(bound);
    });
  }

  it("runs checks at the same time by default (PREFLIGHT_CONCURRENCY)", async () => {
    w.fake.delayMs = 15;
    await runPreflight(input());
    expect(w.fake.maxInFlight).toBeGreaterThan(1);
    expect(w.fake.maxInFlight).toBeLessThanOrEqual(8);
  });
});

describe("permission checks never write", () => {
  it("sends only GETs and the read-only POSTs (getIamPolicy, testIamPermissions)", async () => {
    await runPreflight(input());
    const posts = w.fake.requests.filter((r) => r.method !== "GET").map((r) => r.path.split(":").pop());
    expect(new Set(posts)).toEqual(new Set(["getIamPolicy", "testIamPermissions"]));
  });
});
