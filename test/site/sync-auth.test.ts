import { Storage } from "@google-cloud/storage";
import { OAuth2Client } from "google-auth-library";
import { describe, expect, it } from "vitest";
import { syncSite } from "../../ci/src/site/site-sync.js";
import { mkdocsSite, useSiteEnv } from "./site-env.js";

const env = useSiteEnv();

function tokenClient(token: string): OAuth2Client {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: token, expiry_date: Date.now() + 3_600_000 });
  return client;
}

describe("credentials on a custom endpoint", () => {
  it("are sent on every call (listing, checks, uploads) with useAuthWithCustomEndpoint", async () => {
    const bucket = await env.newBucket();
    const siteDir = await env.newSite(mkdocsSite());
    const storage = new Storage({
      apiEndpoint: env.proxy.endpoint,
      projectId: "test-project",
      authClient: tokenClient("test-access-token"),
      useAuthWithCustomEndpoint: true,
    });
    await syncSite(storage, { siteDir, bucket });
    expect(env.proxy.requests.length).toBeGreaterThan(3);
    expect(new Set(env.proxy.requests.map((r) => r.authorization))).toEqual(new Set(["Bearer test-access-token"]));
  });

  it("are not sent without useAuthWithCustomEndpoint (the client's emulator mode)", async () => {
    const bucket = await env.newBucket();
    const siteDir = await env.newSite(mkdocsSite());
    const storage = new Storage({ apiEndpoint: env.proxy.endpoint, projectId: "test-project", authClient: tokenClient("unused") });
    await syncSite(storage, { siteDir, bucket });
    expect(env.proxy.requests.filter((r) => r.authorization !== undefined)).toEqual([]);
  });
});
