/**
 * The spans of a whole service release as the module runs it (commands/pipeline.ts
 * releaseService with a migration hook), against the fake Dagger session and the Cloud Run fake:
 * the image publish, the deploy, the hook's job deploy, run and execution wait nested in it.
 */
import { OAuth2Client } from "google-auth-library";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HookSpec } from "../../ci/src/catalog/hooks.js";
import { resolveEnvironment } from "../../ci/src/catalog/lookup.js";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import type { ServiceSpec } from "../../ci/src/catalog/schema.js";
import { type ReleaseContext, releaseService } from "../../ci/src/commands/pipeline.js";
import { GoogleJobsGateway } from "../../ci/src/gcp/cloud-run-jobs.js";
import type { ClientOptions } from "../../ci/src/gcp/cloud-run.js";
import type { CloudAuth } from "../../ci/src/gcp/credentials-auth.js";
import { cloudWith, repoSource } from "../orchestration/support.js";
import { useFakeCloud } from "../services/support/harness.js";
import { layoutFiles, LAYOUTS } from "../support/catalog-layouts.js";
import { useFakeDaggerSession } from "../support/dagger/index.js";
import { ERROR, UNSET, useSpanRecorder } from "./support/recorder.js";
import { testCall } from "../support/suggested-call.js";

useFakeDaggerSession();
const cloud = useFakeCloud({ readinessDelayMs: 5, executionDelayMs: 10 });
const spans = useSpanRecorder();

const auth = {
  description: "test credentials",
  kind: "access-token",
  authClient: new OAuth2Client(),
  accessToken: async () => "ya29.spans-tests",
  idToken: async (audience: string) => `id-token-for-${audience}`,
  idTokenUnavailable: undefined,
} as unknown as CloudAuth;

const PROJECT = "dataface-dev";
const REGION = "europe-west1";
const SHA = "89abcde";
const MIGRATE_HOOK = { name: "migrate", command: ["python", "manage.py", "migrate", "--noinput"] };

let jobs: GoogleJobsGateway;
beforeEach(() => {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: "ya29.spans-tests", expiry_date: Date.now() + 3_600_000 });
  jobs = new GoogleJobsGateway(cloud.fake.clientOptions(client) as ClientOptions, { baseDelayMs: 5, maxDelayMs: 20, pollIntervalMs: 10 });
  cloud.fake.seedService({ project: PROJECT, region: REGION, id: "alie", revisions: [{ name: "alie-old", image: `${REGION}-docker.pkg.dev/${PROJECT}/dataface/alie@sha256:${"1".repeat(64)}` }] });
});
afterEach(async () => jobs.close());

function release() {
  const catalog = parseCatalog(layoutFiles(LAYOUTS.bundled), LAYOUTS.bundled.dir);
  const spec = catalog.services.find((s) => s.name === "alie")! as ServiceSpec;
  spec.hooks = { beforeTraffic: [HookSpec.parse(MIGRATE_HOOK)], afterCandidate: [] };
  const ctx: ReleaseContext = { source: repoSource(), catalog, env: resolveEnvironment(catalog, "dev"), gitSha: SHA, cloud: cloudWith({ auth, cloudRun: cloud.gateway, jobs }), call: testCall };
  return releaseService(ctx, spec, { skipChecks: true });
}

describe("spans of a release", () => {
  it("publishes the image in its own span, saying each tag pushed and the digest", async () => {
    const report = await release();
    const publish = spans.named("publish image alie");
    expect(publish.status.code).toBe(UNSET);
    const repository = `${REGION}-docker.pkg.dev/${PROJECT}/dataface/alie`;
    expect(publish.events.map((e) => e.name)).toEqual([`pushed ${repository}:${SHA}`, `pushed ${repository}:latest`]);
    expect(publish.attributes).toMatchObject({ "image.repository": repository, "image.tags": [SHA, "latest"] });
    expect(publish.attributes["image.digest"]).toBe(report.image);
  });

  it("runs the migration hook's job deploy, RunJob and execution wait inside the deploy span, before the candidate", async () => {
    const report = await release();
    expect(report.status, report.reason).toBe("deployed");
    const deploy = spans.named("deploy service alie");
    const hooks = spans.named("run beforeTraffic hooks of alie");
    expect(spans.childrenOf(deploy)).toEqual(["run beforeTraffic hooks of alie", `create candidate revision ${report.revision}`, `health check ${report.revision}`, `promote ${report.revision} to 100%`]);
    const hookJob = spans.named("deploy job alie beforeTraffic hook migrate");
    expect(spans.childrenOf(hooks)).toEqual([hookJob.name]);
    expect(spans.childrenOf(hookJob)).toEqual(["wait for job alie-migrate ready", "run job alie-migrate", expect.stringMatching(/^wait for execution alie-migrate-[a-z0-9]+$/)]);
    expect(spans.named("run job alie-migrate").attributes["execution.name"]).toMatch(/^alie-migrate-/);
    expect(spans.named(/^wait for execution /).attributes).toMatchObject({ "execution.succeeded": 1, "execution.failed": 0 });
  });

  it("fails the execution wait, the hook's job deploy, the hooks and the deploy when the migration fails", async () => {
    cloud.fake.faults.failExecutions("alie-migrate", {}, 1);
    const report = await release();
    expect(report.status).toBe("failed");
    for (const name of [/^wait for execution alie-migrate-/, /^deploy job alie beforeTraffic hook migrate$/, /^run beforeTraffic hooks of alie$/, /^deploy service alie$/]) {
      expect(spans.named(name).status.code, String(name)).toBe(ERROR);
    }
    expect(spans.named("run beforeTraffic hooks of alie").status.message).toMatch(/release hook beforeTraffic "migrate" \(Cloud Run job alie-migrate\) failed in execution alie-migrate-/);
    expect(spans.all(/^create candidate revision/)).toEqual([]);
  });
});
