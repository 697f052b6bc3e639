import { describe, expect, it } from "vitest";
import { startFakeCloudRun, type FakeCloudRun } from "../../fakes/cloud-run/index.js";
import { afterEach } from "vitest";

const REVISION = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION" as const;

describe("fake Cloud Run: probe server", () => {
  let fake: FakeCloudRun;
  afterEach(async () => fake?.close());

  async function seeded(options: { public?: boolean } = {}) {
    fake = await startFakeCloudRun();
    return fake.seedService({
      id: "api",
      public: options.public ?? true,
      revisions: [{ name: "api-blue", image: "img:1" }, { name: "api-green", image: "img:2" }],
      traffic: [
        { type: REVISION, revision: "api-blue", percent: 100 },
        { type: REVISION, revision: "api-green", percent: 0, tag: "green" },
      ],
    });
  }

  it("routes the tag URL to the tagged revision and the service URL by the split", async () => {
    const service = await seeded();
    const tagUri = service.resource.trafficStatuses?.find((t) => t.tag === "green")?.uri;
    const viaTag = await fetch(`${tagUri}/health?deep=1`);
    expect(viaTag.headers.get("x-fake-cloud-run-revision")).toBe("api-green");
    expect(await viaTag.json()).toMatchObject({ revision: "api-green", path: "/health?deep=1", tag: "green" });
    const viaService = await fetch(`${service.resource.uri}/health`);
    expect(viaService.headers.get("x-fake-cloud-run-revision")).toBe("api-blue");
  });

  it("answers 403 without a bearer token when the service is private, and serves with one", async () => {
    const service = await seeded({ public: false });
    expect((await fetch(`${service.resource.uri}/health`)).status).toBe(403);
    const ok = await fetch(`${service.resource.uri}/health`, { headers: { authorization: "Bearer id-token" } });
    expect(ok.status).toBe(200);
    expect(fake.probeRequests.map((r) => r.authorization)).toEqual([undefined, "Bearer id-token"]);
  });

  it("answers with the status injected for a revision's image", async () => {
    const service = await seeded();
    fake.faults.probe({ image: "img:2" }, { status: 500, body: "broken" });
    const tagUri = service.resource.trafficStatuses?.find((t) => t.tag === "green")?.uri;
    const res = await fetch(`${tagUri}/health`);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe("broken");
    expect((await fetch(`${service.resource.uri}/health`)).status).toBe(200);
  });

  it("keeps a hanging revision's request open until the client gives up", async () => {
    const service = await seeded();
    fake.faults.probe({ revision: "api-blue" }, { hang: true });
    const err = await fetch(`${service.resource.uri}/health`, { signal: AbortSignal.timeout(200) }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe("TimeoutError");
  });

  it("lets a custom handler answer for a revision", async () => {
    const service = await seeded();
    fake.faults.probe({ service: "api" }, {
      handler: (_req, res, ctx) => {
        res.writeHead(218, { "content-type": "text/plain" });
        res.end(`${ctx.revision}:${ctx.path}`);
      },
    });
    const res = await fetch(`${service.resource.uri}/version`);
    expect(res.status).toBe(218);
    expect(await res.text()).toBe("api-blue:/version");
    expect(fake.probeRequests.at(-1)?.status).toBe(218);
  });

  it("answers 404 for URLs that name no service or tag", async () => {
    await seeded();
    expect((await fetch(`${fake.probeBaseUrl}/t/nope---api/health`)).status).toBe(404);
    expect((await fetch(`${fake.probeBaseUrl}/s/missing`)).status).toBe(404);
  });
});
