import { describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { imageRepository, registryHost } from "../../ci/src/registry/address.js";
import { publishImage, REGISTRY_USER } from "../../ci/src/registry/publish.js";
import { isObjectRef } from "../support/dagger/chain.js";
import { pipeline, rejection, SHORT_SHA, useFakeSession } from "./harness.js";

const session = useFakeSession();

const TARGET = { location: "europe-west1", project: "dataface-dev", repository: "dataface", image: "alie" };
const REPOSITORY = "europe-west1-docker.pkg.dev/dataface-dev/dataface/alie";

/** An access-token source like the GCP one: a new token on each call, and a call count. */
function tokenSource(): { accessToken: () => Promise<string>; minted: string[] } {
  const minted: string[] = [];
  return {
    minted,
    accessToken: async () => {
      const token = `ya29.fake-${minted.length + 1}-${randomBytes(12).toString("hex")}`;
      minted.push(token);
      return token;
    },
  };
}

/** The registry auth steps on a published chain: address, user and the secret's name/plaintext. */
function registryAuths(index: number): { address: string; username: string; secretName: string; plaintext: string }[] {
  const published = session().published()[index]!;
  return published.chain
    .filter((s) => s.field === "withRegistryAuth")
    .map((s) => {
      const secret = s.args["secret"];
      if (!isObjectRef(secret)) throw new Error("withRegistryAuth without a secret");
      const set = secret.chain[secret.chain.length - 1]!;
      return { address: String(s.args["address"]), username: String(s.args["username"]), secretName: String(set.args["name"]), plaintext: String(set.args["plaintext"]) };
    });
}

describe("publishImage", () => {
  it("addresses REGION-docker.pkg.dev/PROJECT/REPO/IMAGE:TAG", async () => {
    expect(imageRepository(TARGET)).toBe(REPOSITORY);
    const tokens = tokenSource();
    const result = await publishImage({ image: await pipeline().build("alie"), repository: REPOSITORY, location: "europe-west1", tags: [SHORT_SHA], accessToken: tokens.accessToken });
    expect(session().published().map((p) => p.address)).toEqual([`${REPOSITORY}:${SHORT_SHA}`]);
    expect(result.tagged).toEqual([`${REPOSITORY}:${SHORT_SHA}`]);
  });

  it("authenticates to the location's registry host as oauth2accesstoken with the token as a secret", async () => {
    const tokens = tokenSource();
    await publishImage({ image: await pipeline().build("alie"), repository: REPOSITORY, location: "europe-west1", tags: [SHORT_SHA], accessToken: tokens.accessToken });
    expect(registryHost("europe-west1")).toBe("europe-west1-docker.pkg.dev");
    const [auth] = registryAuths(0);
    expect(auth).toMatchObject({ address: "europe-west1-docker.pkg.dev", username: REGISTRY_USER, plaintext: tokens.minted[0] });
    expect(REGISTRY_USER).toBe("oauth2accesstoken");
    expect(auth!.secretName).not.toContain(tokens.minted[0]!);
    expect(session().secrets().map((s) => s.plaintext)).toEqual(tokens.minted);
  });

  it("mints one fresh token per pushed tag", async () => {
    const tokens = tokenSource();
    await publishImage({ image: await pipeline().build("alie"), repository: REPOSITORY, location: "europe-west1", tags: [SHORT_SHA, "latest"], accessToken: tokens.accessToken });
    expect(tokens.minted).toHaveLength(2);
    expect(session().published().map((p) => p.address)).toEqual([`${REPOSITORY}:${SHORT_SHA}`, `${REPOSITORY}:latest`]);
    expect(registryAuths(0).map((a) => a.plaintext)).toEqual([tokens.minted[0]]);
    expect(registryAuths(1).map((a) => a.plaintext)).toEqual([tokens.minted[1]]);
    const names = session().secrets().map((s) => s.name);
    expect(new Set(names).size).toBe(2);
    for (const name of names) for (const token of tokens.minted) expect(name).not.toContain(token);
  });

  it("returns the digest reference the registry reported", async () => {
    const tokens = tokenSource();
    const result = await publishImage({ image: await pipeline().build("alie"), repository: REPOSITORY, location: "europe-west1", tags: [SHORT_SHA, "latest"], accessToken: tokens.accessToken });
    expect(result.digestRef).toMatch(new RegExp(`^${REPOSITORY.replaceAll(".", "\\.")}@sha256:[0-9a-f]{64}$`));
    const digests = session().published().map((p) => p.ref.slice(p.ref.indexOf("@")));
    expect(digests).toEqual([result.digestRef.slice(result.digestRef.indexOf("@")), result.digestRef.slice(result.digestRef.indexOf("@"))]);
  });

  it("pushes a repeated tag once", async () => {
    const tokens = tokenSource();
    const result = await publishImage({ image: await pipeline().build("alie"), repository: REPOSITORY, location: "europe-west1", tags: ["latest", "latest"], accessToken: tokens.accessToken });
    expect(session().published()).toHaveLength(1);
    expect(tokens.minted).toHaveLength(1);
    expect(result.tagged).toEqual([`${REPOSITORY}:latest`]);
  });

  it("rejects an invalid tag before any push or token", async () => {
    const tokens = tokenSource();
    const err = await rejection(publishImage({ image: await pipeline().build("alie"), repository: REPOSITORY, location: "europe-west1", tags: [SHORT_SHA, "release 1.0", "-x"], accessToken: tokens.accessToken }));
    expect(err.message).toBe('invalid image tag(s) release 1.0, -x: tags are letters, digits, "_", "." and "-", up to 128 characters.');
    expect(tokens.minted).toEqual([]);
    expect(session().published()).toEqual([]);
    expect(session().secrets()).toEqual([]);
  });

  it("refuses to publish without any tag rather than return no digest", async () => {
    const tokens = tokenSource();
    const err = await rejection(publishImage({ image: await pipeline().build("alie"), repository: REPOSITORY, location: "europe-west1", tags: [], accessToken: tokens.accessToken }));
    expect(err.message).toBe(`no tag to push ${REPOSITORY} with: pass at least one tag (the commit's short SHA).`);
    expect(tokens.minted).toEqual([]);
  });

  it("fails when the image changes between tags", async () => {
    let n = 0;
    const base = await pipeline().build("alie");
    const changing = { withRegistryAuth: (...a: Parameters<typeof base.withRegistryAuth>) => base.withLabel("n", String(++n)).withRegistryAuth(...a) } as unknown as typeof base;
    const err = await rejection(publishImage({ image: changing, repository: REPOSITORY, location: "europe-west1", tags: ["a", "b"], accessToken: tokenSource().accessToken }));
    expect(err.message).toMatch(/^tag b was pushed as .*@sha256:[0-9a-f]{64}, but earlier tags point at .*; the image changed during publish\.$/);
  });
});
