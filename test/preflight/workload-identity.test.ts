/**
 * Preflight with Workload Identity Federation credentials (an external_account file as
 * google-github-actions/auth writes it) through the real google-auth-library exchange against the
 * local GitHub OIDC, STS and IAM Credentials fakes: impersonation that works is OK and the calls
 * are made as the impersonated deployer; impersonation that is refused is a FAIL naming that step
 * and the grant that fixes it, while every other check is still reported.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import { createGoogleAuth } from "../../ci/src/gcp/credentials-auth.js";
import { parseCredentials } from "../../ci/src/gcp/credentials.js";
import { GoogleRestClient } from "../../ci/src/gcp/google-rest.js";
import { runPreflight } from "../../ci/src/preflight/runner.js";
import { DEPLOYER_SERVICE_ACCOUNT, type GoogleAuthFakes, startGoogleAuthFakes } from "../fakes/google-auth/index.js";
import { type FakeGoogleRest, identifyWith, startFakeGoogleRest } from "../fakes/google-rest/index.js";
import { realCatalog } from "../services/support/specs.js";
import { FAST, seedDataface } from "./support.js";
import { testCall } from "../support/suggested-call.js";

const catalog = realCatalog();
const env = resolveEnvironment(catalog, "prod");
let google: GoogleAuthFakes;
let fake: FakeGoogleRest;
beforeAll(async () => {
  google = await startGoogleAuthFakes();
});
afterAll(async () => google.close());
beforeEach(async () => {
  fake = await startFakeGoogleRest({ identify: identifyWith(google.authority) });
  seedDataface(fake.state, "prod", `serviceAccount:${DEPLOYER_SERVICE_ACCOUNT}`);
});
afterEach(async () => fake.close());

async function preflightWith(file: string) {
  const auth = createGoogleAuth(parseCredentials(file), { projectId: env.project });
  return runPreflight({ catalog, env, auth, apis: new GoogleRestClient(auth, { ...FAST, roots: fake.roots }), call: testCall });
}

describe("preflight with Workload Identity Federation", () => {
  it("passes when impersonation works: the subject token is exchanged, the deployer impersonated, and every call is made as the deployer", async () => {
    const report = await preflightWith(google.workloadIdentityFile());
    expect(report.checks.filter((c) => c.status !== "OK")).toEqual([]);
    expect(report.checks[0]).toMatchObject({ check: "credentials", target: "external_account", message: expect.stringContaining(`impersonating ${DEPLOYER_SERVICE_ACCOUNT}: an access token was minted (subject token, STS exchange, impersonation)`) });
    expect(report.checks.map((c) => c.target)).toContain("iamcredentials.googleapis.com");
    expect(new Set(fake.requests.map((r) => r.caller))).toEqual(new Set([`serviceAccount:${DEPLOYER_SERVICE_ACCOUNT}`]));
    expect(google.iam.calls.map((c) => c.method)).toEqual(expect.arrayContaining(["generateAccessToken", "generateIdToken"]));
  });

  it("FAILs naming the impersonation step when the pool may not impersonate the account, and still reports every check", async () => {
    const other = "release-bot@dataface-prod.iam.gserviceaccount.com";
    const report = await preflightWith(google.workloadIdentityFile({ serviceAccount: other }));
    const credentials = report.checks[0]!;
    expect(credentials).toMatchObject({ check: "credentials", status: "FAIL" });
    expect(credentials.message).toContain(`while impersonating ${other}: HTTP 403`);
    expect(credentials.remediation).toContain(`gcloud iam service-accounts add-iam-policy-binding ${other} --role=roles/iam.workloadIdentityUser --member="principalSet://iam.googleapis.com/projects/POOL_PROJECT_NUMBER/locations/global/workloadIdentityPools/POOL/attribute.repository/OWNER/REPO"`);
    expect(report.checks).toHaveLength(23);
    expect(report.checks.every((c) => c.status === "FAIL")).toBe(true);
    expect(fake.requests).toEqual([]);
  });

  it("FAILs the iamcredentials API check when it is disabled (impersonation and ID tokens go through it)", async () => {
    fake.state.disableService("dataface-prod", "iamcredentials.googleapis.com");
    const report = await preflightWith(google.workloadIdentityFile());
    expect(report.checks.filter((c) => c.status !== "OK")).toEqual([expect.objectContaining({ check: "api", target: "iamcredentials.googleapis.com", status: "FAIL", remediation: "gcloud services enable iamcredentials.googleapis.com --project=dataface-prod" })]);
  });

  it("FAILs id-tokens for direct federation (no impersonation), which cannot mint ID tokens for the private services", async () => {
    const report = await preflightWith(google.workloadIdentityFile({ impersonate: false }));
    const idTokens = report.checks.find((c) => c.check === "id-tokens")!;
    expect(idTokens).toMatchObject({ status: "FAIL", target: "private services alie, cloud", message: expect.stringContaining("Workload Identity Federation without service-account impersonation") });
  });
});
