/**
 * The module's deploy-job override flags (--args, --clear-args, --execution-env, --tasks,
 * --task-timeout) are checked before Google is touched: the credentials Secret is not even read.
 * The credentials hold garbage, so a call that went on to Google would fail with a CredentialsError
 * instead of the refusal asserted. A job's secrets are those of the environment deployed to.
 */
import { dag, type Secret } from "@dagger.io/dagger";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../ci/src/catalog/read.js";
import { Format } from "../../ci/src/commands/choices.js";
import { deployJobCommand } from "../../ci/src/commands/jobs.js";
import { CloudRunPipeline } from "../../ci/src/index.js";
import { BUNDLED_EXAMPLE_NOTICE } from "../../ci/src/source/bundled.js";
import { useFakeDaggerSession } from "../support/dagger/index.js";
import { GIT_SHA, rejection, repoSource } from "./support.js";
import { testCall } from "../support/suggested-call.js";

const session = useFakeDaggerSession();

const credentials = (): Secret => dag.setSecret("gcp-credentials", "garbage that is not a credential");
const pipeline = (): CloudRunPipeline => new CloudRunPipeline(repoSource(), GIT_SHA);
// Its uri (where it came from, which suggested commands repeat) is read up front; nothing else of it.
const secretsRead = () => session().leaves().filter((l) => l.on === "Secret" && l.field !== "uri");

async function refusedBeforeGoogle(call: Promise<unknown>): Promise<string> {
  const err = await rejection(call);
  expect(secretsRead()).toEqual([]);
  return err.message.replace(`${BUNDLED_EXAMPLE_NOTICE}\n\n`, "");
}

describe("deploy-job override flags, refused before Google", () => {
  it("refuses --tasks without --execute, saying to add it", async () => {
    const message = await refusedBeforeGoogle(pipeline().deployJob("ingestion", credentials(), "", false, false, false, Format.Text, false, [], false, [], 4));
    expect(message).toBe(
      "--tasks only applies to the execution that --execute starts, and this deploy starts none: add --execute (`dagger call deploy-job --job=ingestion --execute --tasks=... --credentials=CREDENTIALS`), or leave it out to deploy the job without running it.",
    );
  });

  it("refuses --args with --clear-args, and a bad --task-timeout, in one message", async () => {
    const message = await refusedBeforeGoogle(pipeline().deployJob("ingestion", credentials(), "", true, true, false, Format.Text, false, ["--full-refresh"], true, [], undefined, "1h"));
    expect(message.split("\n")).toEqual([
      "The execution overrides have 2 problems:",
      expect.stringContaining("--args and --clear-args cannot be given together"),
      expect.stringContaining('--task-timeout must be a whole number of seconds written like "3600s"'),
    ]);
  });

  it("refuses a reserved --execution-env name", async () => {
    const message = await refusedBeforeGoogle(pipeline().deployJob("ingestion", credentials(), "", true, false, false, Format.Text, false, [], false, ["CLOUD_RUN_EXECUTION=x"]));
    expect(message).toContain("--execution-env: CLOUD_RUN_EXECUTION is reserved");
  });

  it("refuses an --execution-env name that is a secret of the job in the environment deployed to", async () => {
    const catalog = await loadCatalog(repoSource());
    const job = catalog.jobs.find((j) => j.name === "ingestion")!;
    job.environments["staging"] = { run: { secrets: { API_TOKEN: { secret: "api-token", version: "latest" } } } };
    const input = (env: string) => ({ source: repoSource(), catalog, gitSha: GIT_SHA, credentials: credentials(), env, call: testCall });
    const flags = { args: [], clearArgs: false, executionEnv: ["API_TOKEN=t0k3n-value"], taskTimeout: "" };
    const options = { execute: true, wait: false, skipChecks: true, format: "text", overrides: flags };
    const message = await refusedBeforeGoogle(deployJobCommand(input("staging"), "ingestion", options));
    expect(message).toContain("--execution-env: API_TOKEN is a secret of job ingestion (run.secrets in the catalog)");
    expect(message).not.toContain("t0k3n-value");
    // In dev the job has no such secret: the flags pass and the deploy goes on to Google (and fails on the garbage credentials).
    const dev = await rejection(deployJobCommand(input("dev"), "ingestion", options));
    expect(dev.message).not.toContain("--execution-env");
    expect(secretsRead().length).toBeGreaterThan(0);
  });
});

describe("plan takes exactly one target", () => {
  it("refuses neither --service nor --job, before reading the credentials", async () => {
    expect(await refusedBeforeGoogle(pipeline().plan("", credentials()))).toBe("plan takes one target: give --service=NAME or --job=NAME; `dagger call list` shows the names.");
  });

  it("refuses both --service and --job", async () => {
    expect(await refusedBeforeGoogle(pipeline().plan("cloud", credentials(), "", Format.Text, "ingestion"))).toContain("(not both: got --service=cloud and --job=ingestion)");
  });
});
