/**
 * The Google REST fake's Cloud Run v2 services.getIamPolicy and Resource Manager v1 projects.get:
 * 403 before 404 for a caller who may not read, Cloud Run's not-found wording, conditional bindings
 * only for requestedPolicyVersion 3, and the project's number as the API returns it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeGoogleRest, startFakeGoogleRest } from "../../fakes/google-rest/index.js";

const DEPLOYER = "serviceAccount:deployer@acme.iam.gserviceaccount.com";
let fake: FakeGoogleRest;

async function get(api: keyof FakeGoogleRest["roots"], path: string) {
  const res = await fetch(`${fake.roots[api]}${path}`, { headers: { authorization: "Bearer ya29.deployer" }, signal: AbortSignal.timeout(2000) });
  return { status: res.status, body: (await res.json()) as any };
}

beforeEach(async () => {
  fake = await startFakeGoogleRest();
  fake.addCaller("ya29.deployer", DEPLOYER);
});
afterEach(async () => fake.close());

const policyPath = (id: string, version?: number) => `/v2/projects/acme/locations/europe-west1/services/${id}:getIamPolicy${version ? `?options.requestedPolicyVersion=${version}` : ""}`;

describe("Cloud Run services.getIamPolicy", () => {
  it("403 without run.services.getIamPolicy, whether or not the service exists; then 404 for a missing one", async () => {
    fake.state.addRunService({ project: "acme", location: "europe-west1", id: "alie" });
    expect((await get("run", policyPath("alie"))).status).toBe(403);
    expect((await get("run", policyPath("nothing"))).status).toBe(403);
    fake.state.grant("projects/acme", "roles/run.viewer", DEPLOYER);
    expect(await get("run", policyPath("nothing"))).toMatchObject({ status: 404, body: { error: { message: "Resource 'nothing' of kind 'SERVICE' in region 'europe-west1' in project 'acme' does not exist." } } });
  });

  it("returns the service's own bindings, conditional ones only when version 3 is asked for", async () => {
    const name = fake.state.addRunService({ project: "acme", location: "europe-west1", id: "alie" });
    fake.state.grant("projects/acme", "roles/run.viewer", DEPLOYER);
    fake.state.grant(name, "roles/run.invoker", "serviceAccount:a@acme.iam.gserviceaccount.com");
    fake.state.grant(name, "roles/run.invoker", "serviceAccount:b@acme.iam.gserviceaccount.com", { title: "t", expression: "true" });
    const v3 = await get("run", policyPath("alie", 3));
    expect(v3.body.bindings).toEqual([
      { role: "roles/run.invoker", members: ["serviceAccount:a@acme.iam.gserviceaccount.com"] },
      { role: "roles/run.invoker", members: ["serviceAccount:b@acme.iam.gserviceaccount.com"], condition: { title: "t", expression: "true" } },
    ]);
    const v1 = await get("run", policyPath("alie"));
    expect(v1.body.bindings.map((b: { role: string }) => b.role)).toEqual(["roles/run.invoker", expect.stringMatching(/^roles\/run\.invoker_withcond_/)]);
  });

  it("does not answer other methods or paths (a 404 from the server)", async () => {
    fake.state.grant("projects/acme", "roles/run.admin", DEPLOYER);
    expect((await get("run", "/v2/projects/acme/locations/europe-west1/services/alie")).status).toBe(404);
  });
});

describe("Resource Manager projects.get", () => {
  it("403 without resourcemanager.projects.get (and for a project that does not exist), then the project with its number", async () => {
    const number = fake.state.project("acme").number;
    expect((await get("resourceManager", "/v1/projects/acme")).status).toBe(403);
    fake.state.grant("projects/acme", "roles/browser", DEPLOYER);
    expect((await get("resourceManager", "/v1/projects/nope")).status).toBe(403);
    expect(await get("resourceManager", "/v1/projects/acme")).toMatchObject({ status: 200, body: { projectNumber: number, projectId: "acme", lifecycleState: "ACTIVE" } });
  });
});
