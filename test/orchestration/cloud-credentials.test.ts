import { dag } from "@dagger.io/dagger";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { openGoogleCloud } from "../../ci/src/commands/cloud.js";
import { CREDENTIALS_HELP } from "../../ci/src/gcp/credentials.js";
import { useFakeDaggerSession } from "../support/dagger/index.js";
import { rejection } from "./support.js";

const session = useFakeDaggerSession();

const STAGING = { name: "staging", project: "dataface-staging", region: "europe-west1", nameSuffix: "" };

/** Garbage a user might store in GCP_CREDENTIALS, with the parts that must never be echoed. */
const GARBAGE: Array<{ what: string; plaintext: string; secretParts: string[]; says: string }> = [
  {
    what: "a passphrase with spaces",
    plaintext: "hunter2 correct horse battery staple",
    secretParts: ["hunter2", "correct horse"],
    says: "text with spaces or several lines",
  },
  {
    what: "a key file cut off in the middle",
    plaintext: '{"type": "service_account", "client_email": "deployer@dataface-staging.iam.gserviceaccount.com", "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcw',
    secretParts: ["MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcw", "deployer@dataface-staging"],
    says: "not valid JSON",
  },
  {
    what: "a bare private key",
    plaintext: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n",
    secretParts: ["MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7"],
    says: "a PEM block",
  },
  {
    what: "a short word",
    plaintext: "s3cr3tpw",
    secretParts: ["s3cr3tpw"],
    says: "a short word (8 characters)",
  },
];

describe("openGoogleCloud with a credentials Secret that holds garbage", () => {
  for (const garbage of GARBAGE) {
    it(`fails with the credentials help and without echoing the value: ${garbage.what}`, async () => {
      const credentials = dag.setSecret("gcp-credentials", garbage.plaintext);
      const err = await rejection(openGoogleCloud(credentials, STAGING));
      expect(err.name).toBe("CredentialsError");
      expect(err.message).toContain(garbage.says);
      expect(err.message.endsWith(CREDENTIALS_HELP)).toBe(true);
      const everything = `${err.message}\n${err.stack}\n${inspect(err, { depth: 5 })}`;
      for (const part of garbage.secretParts) expect(everything).not.toContain(part);
    });
  }

  it("reads the value through the Dagger Secret (plaintext), not from anywhere else", async () => {
    const credentials = dag.setSecret("gcp-credentials", "hunter2 correct horse battery staple");
    await rejection(openGoogleCloud(credentials, STAGING));
    const reads = session().leaves().filter((l) => l.on === "Secret" && l.field === "plaintext");
    expect(reads).toHaveLength(1);
    expect(session().secrets()).toEqual([{ name: "gcp-credentials", plaintext: "hunter2 correct horse battery staple" }]);
  });
});

describe("openGoogleCloud with a valid access token", () => {
  const token = `ya29.${"a0AfB_byC-Xq9".repeat(10)}`;

  it("opens every client for the environment's project from one auth client, without a request", async () => {
    const cloud = await openGoogleCloud(dag.setSecret("gcp-credentials", token), STAGING);
    try {
      expect(cloud.auth.kind).toBe("access_token");
      expect(cloud.auth.description).not.toContain(token);
      expect(await cloud.auth.accessToken()).toBe(token);
      expect(cloud.storage.projectId).toBe("dataface-staging");
      // Storage wraps the client it is given in a GoogleAuth whose cached credential it is.
      expect((cloud.storage.authClient as unknown as { cachedCredential: unknown }).cachedCredential).toBe(cloud.auth.authClient);
    } finally {
      await cloud.close();
    }
  });

  it("refuses to mint ID tokens from a bare access token, saying why", async () => {
    const cloud = await openGoogleCloud(dag.setSecret("gcp-credentials", token), STAGING);
    try {
      const err = await rejection(cloud.auth.idToken("https://alie-abc123-ew.a.run.app"));
      expect(err.message).toContain("access token");
      expect(err.message).not.toContain(token);
    } finally {
      await cloud.close();
    }
  });
});
