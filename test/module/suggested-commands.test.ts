/**
 * The commands the module's messages suggest, through the module as the CLI calls it: the
 * credentials arrive as a Secret made from the URI given on the command line
 * (`--credentials=env://GCP_CREDENTIALS` is `secret(uri: "env://GCP_CREDENTIALS")`), and the
 * suggested command repeats that flag exactly, so it can be pasted. A cmd:// URI is never shown.
 */
import { inspect } from "node:util";
import { dag } from "@dagger.io/dagger";
import { describe, expect, it } from "vitest";
import { BUNDLED_EXAMPLE_NOTICE } from "../../ci/src/source/bundled.js";
import { fixturePath, pipeline, rejection, useFakeSession } from "./harness.js";

const session = useFakeSession();

/** A cmd:// credential whose command carries a token, as some CI setups write it. */
const CMD_URI = "cmd://printf ya29.token-from-the-command-line";

const message = (err: Error) => err.message.replace(`${BUNDLED_EXAMPLE_NOTICE}\n\n`, "");

describe("suggested commands repeat --credentials as given", () => {
  it("deploy-job --wait without --execute suggests the command with --credentials=env://GCP_CREDENTIALS", async () => {
    const err = await rejection(pipeline().deployJob("ingestion", dag.secret("env://GCP_CREDENTIALS"), "", false, true));
    expect(message(err)).toBe(
      "--wait waits for the execution that --execute starts, and this deploy starts none: add --execute (`dagger call deploy-job --job=ingestion --execute --wait --credentials=env://GCP_CREDENTIALS`), or leave --wait out to deploy the job without running it.",
    );
  });

  it("repeats the --env the command was given", async () => {
    const err = await rejection(pipeline().deployJob("ingestion", dag.secret("env://GCP_CREDENTIALS"), "staging", false, true));
    expect(message(err)).toContain("(`dagger call deploy-job --job=ingestion --env=staging --execute --wait --credentials=env://GCP_CREDENTIALS`)");
  });

  it("reads where the credentials came from (Secret.uri), never their value", async () => {
    await rejection(pipeline().deployJob("ingestion", dag.secret("file://gha-creds-1a2b.json"), "", false, true));
    expect(session().leaves().filter((l) => l.on === "Secret").map((l) => [l.field, l.result])).toEqual([["uri", "file://gha-creds-1a2b.json"]]);
  });

  it("an override flag without --execute suggests the command with the file:// credentials", async () => {
    const err = await rejection(pipeline().deployJob("ingestion", dag.secret("file://gha-creds-1a2b.json"), "prod", false, false, false, undefined, false, [], false, [], 4));
    expect(message(err)).toContain("(`dagger call deploy-job --job=ingestion --env=prod --execute --tasks=... --credentials=file://gha-creds-1a2b.json`)");
  });

  it("a promote refusal in a repository with its catalog in deploy/catalog suggests --catalog right after `dagger call`", async () => {
    const err = await rejection(pipeline(fixturePath("pdm-service"), undefined, "deploy/catalog").promote("dev", "prod", dag.secret("env://GCP_CREDENTIALS"), "web"));
    expect(message(err).split("\n").at(-1)).toBe("  dagger call --catalog=deploy/catalog promote --from=dev --to=prod --service=web --confirm=prod --credentials=env://GCP_CREDENTIALS");
  });
});

describe("a cmd:// credential is never shown", () => {
  it("the suggestion says --credentials=CREDENTIALS, and nothing of the command appears in the error", async () => {
    const err = await rejection(pipeline().deployJob("ingestion", dag.secret(CMD_URI), "", false, true));
    expect(message(err)).toContain("(`dagger call deploy-job --job=ingestion --execute --wait --credentials=CREDENTIALS`)");
    const everything = `${err.message}\n${err.stack}\n${inspect(err, { depth: 5 })}`;
    for (const part of ["cmd://", "printf", "ya29.token-from-the-command-line"]) expect(everything).not.toContain(part);
  });

  it("nor in a promote refusal", async () => {
    const err = await rejection(pipeline().promote("staging", "prod", dag.secret(CMD_URI), "alie"));
    expect(message(err)).toContain("dagger call promote --from=staging --to=prod --service=alie --confirm=prod --credentials=CREDENTIALS");
    expect(`${err.message}\n${err.stack}`).not.toMatch(/cmd:|printf|ya29/);
  });
});
