/**
 * uptime-invoker against the Google REST fake: a private service's uptime check calls it as the
 * project's Monitoring service agent, so the agent needs roles/run.invoker on the service (or the
 * project). Every way that can be missing or unverifiable is a WARN with the exact fix.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import { type Catalog, parseCatalog } from "../../ci/src/catalog/parse.js";
import { uptimeInvokers } from "../../ci/src/commands/preflight.js";
import { wholeCatalog } from "../../ci/src/preflight/needs.js";
import { monitoringAgent, uptimeInvokerChecks, type UptimeInvokerNeed } from "../../ci/src/preflight/uptime-invoker.js";
import { catalogFiles, type Doc, type DocKind } from "../catalog/fixtures.js";
import { DEPLOYER, startWorld, type World } from "./support.js";

const P = "acme";
const need: UptimeInvokerNeed = { service: "alie", cloudRunId: "alie-prod", project: P, region: "europe-west1", path: "/health" };
let w: World;
let agent: string;
let service: string;
beforeEach(async () => {
  w = await startWorld();
  agent = monitoringAgent(w.fake.state.project(P).number);
  w.fake.state.grant(`projects/${P}`, "roles/run.admin", DEPLOYER);
  w.fake.state.grant(`projects/${P}`, "roles/monitoring.editor", DEPLOYER);
  w.fake.state.grant(`projects/${P}`, "roles/iam.securityReviewer", DEPLOYER);
  service = w.fake.state.addRunService({ project: P, location: "europe-west1", id: "alie-prod" });
});
afterEach(async () => w.close());

const run = (n = need) => uptimeInvokerChecks(w.ctx, [n])[0]!.run();
const fix = () => `gcloud run services add-iam-policy-binding alie-prod --region=europe-west1 --project=acme --member=${agent} --role=roles/run.invoker`;

describe("uptime-invoker", () => {
  it("names the service by its catalog name", () => {
    expect(uptimeInvokerChecks(w.ctx, [need]).map((c) => [c.check, c.target])).toEqual([["uptime-invoker", "service alie"]]);
  });

  it("OK when the Monitoring service agent of the project's number holds roles/run.invoker on the service", async () => {
    expect(agent).toMatch(/^serviceAccount:service-\d+@gcp-sa-monitoring-notification\.iam\.gserviceaccount\.com$/);
    w.fake.state.grant(service, "roles/run.invoker", agent);
    expect(await run()).toEqual({ status: "OK", message: "the Monitoring service agent holds roles/run.invoker on alie-prod" });
  });

  it("OK when the agent holds it on the whole project", async () => {
    w.fake.state.grant(`projects/${P}`, "roles/run.invoker", agent);
    expect(await run()).toEqual({ status: "OK", message: "the Monitoring service agent holds roles/run.invoker on project acme" });
  });

  it("WARN with the grant when the agent holds nothing (a grant to another account does not count)", async () => {
    w.fake.state.grant(service, "roles/run.invoker", "serviceAccount:someone@acme.iam.gserviceaccount.com");
    expect(await run()).toEqual({
      status: "WARN",
      message: `the Monitoring service agent ${agent} does not hold roles/run.invoker on private service alie-prod, so its uptime check of /health would get 403 and its uptime alert fire`,
      remediation: fix(),
    });
  });

  it("says so when the project's own policy (where the agent might hold it) could not be read", async () => {
    w.fake.state.revoke(`projects/${P}`, "roles/iam.securityReviewer", DEPLOYER);
    expect(await run()).toMatchObject({ status: "WARN", message: expect.stringMatching(/\(the project's own policy was not read: the deployer may not read project acme's IAM policy \(resourcemanager\.projects\.getIamPolicy\)\)$/), remediation: fix() });
  });

  it("WARN that a conditional grant is not evaluated", async () => {
    w.fake.state.grant(service, "roles/run.invoker", agent, { title: "office hours", expression: "request.time.getHours() < 18" });
    expect(await run()).toMatchObject({ status: "WARN", message: expect.stringContaining(`holds roles/run.invoker only under the condition "office hours"`), remediation: fix() });
  });

  it("WARN for a service not deployed yet, with the grant to make after its first deploy", async () => {
    expect(await run({ ...need, cloudRunId: "new-prod" })).toEqual({
      status: "WARN",
      message: `service new-prod does not exist yet; once deployed, its uptime check of /health would get 403 and its uptime alert fire unless the Monitoring service agent ${agent} holds roles/run.invoker on it`,
      remediation: `after the first deploy: gcloud run services add-iam-policy-binding new-prod --region=europe-west1 --project=acme --member=${agent} --role=roles/run.invoker`,
    });
  });

  it("WARN, not FAIL, when the deployer may not read the service's policy, with the read role", async () => {
    w.fake.state.revoke(`projects/${P}`, "roles/run.admin", DEPLOYER);
    w.fake.state.revoke(`projects/${P}`, "roles/iam.securityReviewer", DEPLOYER);
    expect(await run()).toEqual({
      status: "WARN",
      message: `the deployer may not read service alie-prod's IAM policy (run.services.getIamPolicy), so whether the Monitoring service agent ${agent} may call it is not checked`,
      remediation: `gcloud projects add-iam-policy-binding acme --member=${DEPLOYER} --role=roles/run.viewer`,
    });
  });

  it("WARN when the project (and so its number) cannot be read", async () => {
    w.fake.state.revoke(`projects/${P}`, "roles/monitoring.editor", DEPLOYER);
    expect(await run()).toEqual({
      status: "WARN",
      message: "the deployer may not read project acme (resourcemanager.projects.get), so whether the Monitoring service agent may call private service alie-prod for its uptime check is not checked",
      remediation: `gcloud projects add-iam-policy-binding acme --member=${DEPLOYER} --role=roles/browser`,
    });
  });

  it("reads the project once for several services, and asks for conditional bindings (policy version 3)", async () => {
    const other = w.fake.state.addRunService({ project: P, location: "europe-west1", id: "cloud-prod" });
    w.fake.state.grant(other, "roles/run.invoker", agent);
    const checks = uptimeInvokerChecks(w.ctx, [need, { ...need, service: "cloud", cloudRunId: "cloud-prod" }]);
    const verdicts = await Promise.all(checks.map((c) => c.run()));
    expect(verdicts.map((v) => v.status)).toEqual(["WARN", "OK"]);
    expect(w.fake.requests.filter((r) => r.api === "resourceManager" && r.method === "GET")).toHaveLength(1);
    const policyReads = w.fake.requests.filter((r) => r.api === "run");
    expect(policyReads.map((r) => `${r.method} ${r.path}${r.query}`)).toEqual([
      "GET /v2/projects/acme/locations/europe-west1/services/alie-prod:getIamPolicy?options.requestedPolicyVersion=3",
      "GET /v2/projects/acme/locations/europe-west1/services/cloud-prod:getIamPolicy?options.requestedPolicyVersion=3",
    ]);
  });
});

describe("which services preflight checks for it", () => {
  const catalogWith = (edit: (d: Record<DocKind, Doc>) => void) => parseCatalog(catalogFiles(edit));
  const needsOf = (catalog: Catalog, env: string, monitoring = true) => uptimeInvokers({ catalog, env: resolveEnvironment(catalog, env) }, { ...wholeCatalog(catalog), monitoring });

  it("a private monitored service, by its id, project and region in the environment, with the path its check calls", () => {
    const catalog = catalogWith((d) => {
      d.service.monitoring = { uptime: { path: "/ready" } };
      d.service.cloudRunName = "api-live";
    });
    expect(needsOf(catalog, "prod")).toEqual([{ service: "api", cloudRunId: "api-live", project: "acme-prod", region: "us-central1", path: "/ready" }]);
  });

  it("none when monitoring is not synced, the service is public, has no uptime check, or is not monitored", () => {
    const monitored = catalogWith((d) => void (d.service.monitoring = {}));
    expect(needsOf(monitored, "dev")).toHaveLength(1);
    expect(needsOf(monitored, "dev", false)).toEqual([]);
    expect(needsOf(catalogWith((d) => void ((d.service.monitoring = {}), (d.service.run.public = true))), "dev")).toEqual([]);
    expect(needsOf(catalogWith((d) => void (d.service.monitoring = { uptime: { enabled: false } })), "dev")).toEqual([]);
    expect(needsOf(catalogWith(() => {}), "dev")).toEqual([]);
  });
});
