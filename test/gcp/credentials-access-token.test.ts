import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGoogleAuth, IdTokenUnavailableError } from "../../ci/src/gcp/credentials-auth.js";
import { parseCredentials } from "../../ci/src/gcp/credentials.js";
import { startApiServer, type ApiServer } from "../fakes/google-auth/api-server.js";
import { GoogleAuthority } from "../fakes/google-auth/authority.js";

let authority: GoogleAuthority;
let api: ApiServer;
let token: string;

beforeAll(async () => {
  authority = new GoogleAuthority();
  api = await startApiServer(authority);
  token = authority.issueAccessToken("someone@example.com", "service_account", ["https://www.googleapis.com/auth/cloud-platform"], 3600);
});

afterAll(() => api.close());

const authFor = (text: string) => createGoogleAuth(parseCredentials(text), { projectId: "acme-prod" });

describe("bare access token credentials", () => {
  it("hand out the token as given, without the newline gcloud prints", async () => {
    expect(await authFor(`${token}\n`).accessToken()).toBe(token);
  });

  it("send the token when the authClient makes a request", async () => {
    const res = await authFor(token).authClient.request<{ principal: string }>({ url: `${api.url}/v1/projects/acme-prod` });
    expect(res.data.principal).toBe("someone@example.com");
    expect(api.authorizations.at(-1)).toBe(`Bearer ${token}`);
  });

  it("refuse ID tokens and explain what to use instead", async () => {
    const err = await authFor(token).idToken("https://alie-abc123-ew.a.run.app").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IdTokenUnavailableError);
    expect((err as Error).message).toMatch(/bare access token.*service-account impersonation.*allUsers/s);
    expect((err as Error).message).not.toContain(token);
  });

  it("are described without the token", () => {
    const auth = authFor(token);
    expect(auth.kind).toBe("access_token");
    expect(auth.description).not.toContain(token.slice(5, 20));
  });
});
