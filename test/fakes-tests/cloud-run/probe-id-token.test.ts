import { afterEach, describe, expect, it } from "vitest";
import { fakeIdToken, startFakeCloudRun, type FakeCloudRun } from "../../fakes/cloud-run/index.js";

const REVISION = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION" as const;
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe("fake Cloud Run: probe server checking ID-token audiences (probeAuth: \"id-token\")", () => {
  let fake: FakeCloudRun;
  afterEach(async () => fake?.close());

  async function seeded() {
    fake = await startFakeCloudRun({ probeAuth: "id-token" });
    const api = fake.seedService({
      id: "api",
      revisions: [{ name: "api-blue", image: "img:1" }, { name: "api-green", image: "img:2" }],
      traffic: [
        { type: REVISION, revision: "api-blue", percent: 100 },
        { type: REVISION, revision: "api-green", percent: 0, tag: "green" },
      ],
      service: { customAudiences: ["https://api.example.com"] },
    });
    const web = fake.seedService({ id: "web", revisions: [{ name: "web-v1", image: "img:w" }] });
    const open = fake.seedService({ id: "open", public: true, revisions: [{ name: "open-v1", image: "img:o" }] });
    return { api: api.resource.uri!, web: web.resource.uri!, open: open.resource.uri!, green: api.resource.trafficStatuses!.find((t) => t.tag === "green")!.uri! };
  }

  it("serves a private service given an ID token whose audience is that service's URI", async () => {
    const { api } = await seeded();
    const res = await fetch(`${api}/health`, bearer(fakeIdToken(api)));
    expect(res.status).toBe(200);
    expect(fake.probeRequests.at(-1)).toMatchObject({ service: "api", audience: api, status: 200 });
  });

  it("answers 401 naming the wrong audience for a token minted for another service on the same origin", async () => {
    const { api, web } = await seeded();
    expect(new URL(api).origin).toBe(new URL(web).origin);
    const res = await fetch(`${api}/health`, bearer(fakeIdToken(web)));
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token"/);
    const body = await res.text();
    expect(body).toMatch(/^Error: Unauthorized\n/);
    expect(body).toContain(`the ID token's audience '${web}' is wrong for this service`);
    expect(body).toContain(`'${api}'`);
  });

  it("answers 401 for an audience that is only the service URI's origin, or the URI with a trailing slash", async () => {
    const { api } = await seeded();
    for (const audience of [new URL(api).origin, `${api}/`]) {
      expect((await fetch(`${api}/health`, bearer(fakeIdToken(audience)))).status).toBe(401);
    }
  });

  it("answers 401 for a bearer token that is not a JWT (an OAuth access token)", async () => {
    const { api } = await seeded();
    const res = await fetch(`${api}/health`, bearer("ya29.fake-access-token"));
    expect(res.status).toBe(401);
    expect(await res.text()).toContain("not an ID token (JWT)");
  });

  it("answers 401 for an ID token without an audience", async () => {
    const { api } = await seeded();
    const res = await fetch(`${api}/health`, bearer(fakeIdToken(api, { aud: undefined })));
    expect(res.status).toBe(401);
    expect(await res.text()).toContain("no 'aud' (audience) claim");
  });

  it("answers 401 for an expired ID token", async () => {
    const { api } = await seeded();
    const res = await fetch(`${api}/health`, bearer(fakeIdToken(api, { exp: Math.floor(Date.now() / 1000) - 60 })));
    expect(res.status).toBe(401);
    expect(await res.text()).toContain("expired");
  });

  it("accepts one of the service's custom audiences", async () => {
    const { api } = await seeded();
    expect((await fetch(`${api}/health`, bearer(fakeIdToken("https://api.example.com")))).status).toBe(200);
  });

  it("accepts the service URI (or the tag URL itself) as the audience of a tag URL request", async () => {
    const { api, green, web } = await seeded();
    expect((await fetch(`${green}/health`, bearer(fakeIdToken(api)))).status).toBe(200);
    expect((await fetch(`${green}/health`, bearer(fakeIdToken(green)))).status).toBe(200);
    expect((await fetch(`${green}/health`, bearer(fakeIdToken(web)))).status).toBe(401);
  });

  it("still answers 403 without a token and checks no audience on a public service", async () => {
    const { api, open, web } = await seeded();
    expect((await fetch(`${api}/health`)).status).toBe(403);
    expect((await fetch(`${open}/health`)).status).toBe(200);
    expect((await fetch(`${open}/health`, bearer(fakeIdToken(web)))).status).toBe(200);
  });

  it("mints an unsigned JWT whose payload carries the audience", () => {
    const [header, payload, signature] = fakeIdToken("http://127.0.0.1:1/s/api").split(".");
    expect(JSON.parse(Buffer.from(header!, "base64url").toString())).toMatchObject({ alg: "RS256", typ: "JWT" });
    expect(JSON.parse(Buffer.from(payload!, "base64url").toString())).toMatchObject({ aud: "http://127.0.0.1:1/s/api", iss: "https://accounts.google.com" });
    expect(signature).not.toBe("");
  });

  it("accepts any bearer token in the default \"iam\" mode", async () => {
    fake = await startFakeCloudRun();
    const api = fake.seedService({ id: "api", revisions: [{ image: "img:1" }] }).resource.uri!;
    expect((await fetch(`${api}/health`, bearer("ya29.fake-access-token"))).status).toBe(200);
  });
});
