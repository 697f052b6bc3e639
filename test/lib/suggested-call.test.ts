/**
 * The commands reports suggest (lib/suggested-call.ts): pasted as printed, they carry the
 * --credentials the user gave (never a cmd:// one) and the --catalog folder when it is not the
 * default one.
 */
import type { Secret } from "@dagger.io/dagger";
import { describe, expect, it } from "vitest";
import { suggestCallFor } from "../../ci/src/commands/context.js";
import { catalogFlagOf, CREDENTIALS_PLACEHOLDER, credentialsFlagOf, shellWord, suggestCallWith } from "../../ci/src/lib/suggested-call.js";

describe("the credentials flag of a suggested command", () => {
  it.each([
    ["env://GCP_CREDENTIALS", "--credentials=env://GCP_CREDENTIALS"],
    ["file://gha-creds-1a2b.json", "--credentials=file://gha-creds-1a2b.json"],
    ["file:///home/ci/keys/deployer.json", "--credentials=file:///home/ci/keys/deployer.json"],
    ["op://ci/gcp-deployer/credential", "--credentials=op://ci/gcp-deployer/credential"],
    ["vault://secret/gcp/deployer.key", "--credentials=vault://secret/gcp/deployer.key"],
    ["libsecret://login/gcp-deployer", "--credentials=libsecret://login/gcp-deployer"],
  ])("repeats %s verbatim", (uri, flag) => {
    expect(credentialsFlagOf(uri)).toBe(flag);
  });

  it("never shows a cmd:// URI, whose command may carry a token", () => {
    const flag = credentialsFlagOf("cmd://gcloud auth print-access-token --impersonate-service-account=deployer@p.iam.gserviceaccount.com");
    expect(flag).toBe("--credentials=CREDENTIALS");
    expect(flag).not.toContain("gcloud");
  });

  it("uses the placeholder for a setSecret (no URI), an unknown scheme, or a scheme with nothing after it", () => {
    expect(credentialsFlagOf("")).toBe(CREDENTIALS_PLACEHOLDER);
    expect(credentialsFlagOf("https://vault.example.com/v1/token?x=1")).toBe(CREDENTIALS_PLACEHOLDER);
    expect(credentialsFlagOf("env://")).toBe(CREDENTIALS_PLACEHOLDER);
    expect(credentialsFlagOf("ENV://GCP_CREDENTIALS")).toBe(CREDENTIALS_PLACEHOLDER);
  });

  it("quotes a URI the shell would split or expand, so the pasted command still means it", () => {
    expect(credentialsFlagOf("file:///home/ci/my keys/deployer.json")).toBe("--credentials='file:///home/ci/my keys/deployer.json'");
    expect(credentialsFlagOf("file://it's.json")).toBe(`--credentials='file://it'\\''s.json'`);
  });
});

describe("shell words", () => {
  it("leaves plain words alone and single-quotes the rest", () => {
    expect(shellWord("deploy/catalog")).toBe("deploy/catalog");
    expect(shellWord("$HOME/x")).toBe("'$HOME/x'");
    expect(shellWord("a*b")).toBe("'a*b'");
  });
});

describe("the catalog flag of a suggested command", () => {
  it("is left out for the default catalog folder", () => {
    expect(catalogFlagOf("pipelines", "pipelines")).toBe("");
  });

  it("names any other folder, the repository root included", () => {
    expect(catalogFlagOf("deploy/catalog", "pipelines")).toBe("--catalog=deploy/catalog");
    expect(catalogFlagOf(".", "pipelines")).toBe("--catalog=.");
  });
});

describe("a suggested command", () => {
  it("ends with the credentials and puts the catalog, a constructor flag, right after `dagger call`", () => {
    const call = suggestCallWith({ catalogFlag: "--catalog=deploy/catalog", credentialsFlag: "--credentials=env://GCP_CREDENTIALS" });
    expect(call("rollback --service=alie --env=prod --to-revision=alie-1a2b3c4-k3x9p")).toBe(
      "dagger call --catalog=deploy/catalog rollback --service=alie --env=prod --to-revision=alie-1a2b3c4-k3x9p --credentials=env://GCP_CREDENTIALS",
    );
  });

  it("has no catalog flag and no double space with the default catalog", () => {
    const call = suggestCallWith({ catalogFlag: "", credentialsFlag: CREDENTIALS_PLACEHOLDER });
    expect(call("status --service=alie --env=prod")).toBe("dagger call status --service=alie --env=prod --credentials=CREDENTIALS");
  });
});

describe("the suggestion writer of a command (commands/context.ts)", () => {
  const secret = (uri: () => Promise<string>) => ({ uri }) as unknown as Secret;

  it("reads the URI the credentials Secret was made from", async () => {
    const call = await suggestCallFor(secret(async () => "env://DEPLOY_KEY"), "deploy/catalog");
    expect(call("deploy --service=web --env=dev")).toBe("dagger call --catalog=deploy/catalog deploy --service=web --env=dev --credentials=env://DEPLOY_KEY");
  });

  it("falls back to the placeholder when the URI cannot be read", async () => {
    const call = await suggestCallFor(secret(async () => Promise.reject(new Error("unknown field uri"))), "pipelines");
    expect(call("status --service=alie")).toBe("dagger call status --service=alie --credentials=CREDENTIALS");
  });
});
