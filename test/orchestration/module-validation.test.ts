/**
 * The release functions of the module check their input (names, --format, --strategy, --env)
 * before they touch Google: the credentials Secret is not even read, so no client is opened and
 * no request is sent. The credentials hold garbage: had the function gone on to open Google
 * Cloud, it would fail with a CredentialsError instead of the error asserted.
 */
import { dag, type Secret } from "@dagger.io/dagger";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../ci/src/catalog/read.js";
import { DeployStrategy, Format, ReleaseFormat } from "../../ci/src/commands/choices.js";
import { planCommand } from "../../ci/src/commands/services.js";
import { CloudRunPipeline } from "../../ci/src/index.js";
import { BUNDLED_EXAMPLE_NOTICE } from "../../ci/src/source/bundled.js";
import { useFakeDaggerSession } from "../support/dagger/index.js";
import { GIT_SHA, rejection, repoSource, repoWithProject } from "./support.js";
import { testCall } from "../support/suggested-call.js";

const session = useFakeDaggerSession();

const credentials = (): Secret => dag.setSecret("gcp-credentials", "garbage that is not a credential");
const pipeline = (root?: string): CloudRunPipeline => new CloudRunPipeline(repoSource(root), GIT_SHA);

/**
 * Fails the call's test unless it rejects with `message` without reading the credentials. On this
 * repository (its own dagger.json) the module puts the bundled-example notice first: that line is
 * checked on its own in "release functions say first that the source is the bundled example".
 */
async function refusedBeforeGoogle(call: Promise<unknown>, message: string): Promise<void> {
  const err = await rejection(call);
  expect(err.message.replace(`${BUNDLED_EXAMPLE_NOTICE}\n\n`, "")).toBe(message);
  // Its uri (where it came from, which suggested commands repeat) is read up front; nothing else of it.
  expect(session().leaves().filter((l) => l.on === "Secret" && l.field !== "uri")).toEqual([]);
}

type Call = (p: CloudRunPipeline, c: Secret) => Promise<string>;

describe("unknown target names list the valid ones", () => {
  const SERVICES = 'Valid services: alie, cloud, playground.';
  const cases: Array<[string, Call, string]> = [
    ["deploy", (p, c) => p.deploy("alie-v2", c), `Unknown service "alie-v2". ${SERVICES}`],
    ["deploy --dry-run", (p, c) => p.deploy("alie-v2", c, "", undefined, true), `Unknown service "alie-v2". ${SERVICES}`],
    ["deploy-job", (p, c) => p.deployJob("ingest", c), 'Unknown job "ingest". Valid jobs: ingestion.'],
    ["rollback-job", (p, c) => p.rollbackJob("ingest", c), 'Unknown job "ingest". Valid jobs: ingestion.'],
    ["publish-site", (p, c) => p.publishSite("handbook", c), 'Unknown site "handbook". Valid sites: asql-docs, docs, tasks.'],
    ["rollback", (p, c) => p.rollback("alie-v2", c), `Unknown service "alie-v2". ${SERVICES}`],
    ["plan", (p, c) => p.plan("alie-v2", c), `Unknown service "alie-v2". ${SERVICES}`],
    ["status", (p, c) => p.status(c, "alie-v2"), `Unknown service "alie-v2". ${SERVICES}`],
    ["publish", (p, c) => p.publish("alie-v2", c), 'Unknown service or job "alie-v2". Valid services and jobs: alie, cloud, playground, ingestion.'],
  ];
  for (const [verb, call, message] of cases) {
    it(`${verb}`, async () => {
      await refusedBeforeGoogle(call(pipeline(), credentials()), message);
    });
  }
});

// --format and --strategy are enums, so the CLI refuses these values first; the functions still
// check them, for callers from code.
describe("a bad --format names the allowed values", () => {
  const message = '--format must be "text" or "json", not "yaml".';
  const cases: Array<[string, Call]> = [
    ["deploy", (p, c) => p.deploy("alie", c, "", undefined, false, false, "yaml" as ReleaseFormat)],
    ["deploy --dry-run", (p, c) => p.deploy("alie", c, "", undefined, true, false, "yaml" as ReleaseFormat)],
    ["deploy-all", (p, c) => p.deployAll(c, "", undefined, false, false, "yaml" as ReleaseFormat)],
    ["deploy-job", (p, c) => p.deployJob("ingestion", c, "", false, false, false, "yaml" as Format)],
    ["rollback-job", (p, c) => p.rollbackJob("ingestion", c, "", "yaml" as Format)],
    ["schedules", (p, c) => p.schedules(c, "", false, "yaml" as Format)],
    ["publish-site", (p, c) => p.publishSite("docs", c, "", false, false, "yaml" as ReleaseFormat)],
    ["rollback", (p, c) => p.rollback("alie", c, "", "", "yaml" as Format)],
    ["status", (p, c) => p.status(c, "", "", "yaml" as Format)],
    ["plan", (p, c) => p.plan("alie", c, "", "yaml" as Format)],
  ];
  /** The release reports also take markdown (for $GITHUB_STEP_SUMMARY). */
  const withMarkdown = new Set(["deploy", "deploy --dry-run", "deploy-all", "publish-site"]);
  for (const [verb, call] of cases) {
    it(`${verb}`, async () => {
      await refusedBeforeGoogle(call(pipeline(), credentials()), withMarkdown.has(verb) ? '--format must be "text", "json" or "markdown", not "yaml".' : message);
    });
  }
});

describe("a bad --strategy names the allowed values", () => {
  const message = '--strategy must be "blue-green" or "direct", not "canary".';
  it("deploy", async () => {
    await refusedBeforeGoogle(pipeline().deploy("alie", credentials(), "", "canary" as DeployStrategy), message);
  });

  it("deploy-all", async () => {
    await refusedBeforeGoogle(pipeline().deployAll(credentials(), "", "canary" as DeployStrategy), message);
  });

  it("the plan behind deploy --dry-run", async () => {
    const input = { source: repoSource(), catalog: await loadCatalog(repoSource()), gitSha: GIT_SHA, credentials: credentials(), call: testCall };
    await refusedBeforeGoogle(planCommand(input, "alie", "text", "canary"), message);
  });
});

describe("an unknown --env lists the environments", () => {
  const message = 'Unknown environment "qa". Valid environments: dev, staging, prod.';
  const cases: Array<[string, Call]> = [
    ["deploy", (p, c) => p.deploy("alie", c, "qa")],
    ["deploy --dry-run", (p, c) => p.deploy("alie", c, "qa", undefined, true)],
    ["deploy-all", (p, c) => p.deployAll(c, "qa")],
    ["deploy-job", (p, c) => p.deployJob("ingestion", c, "qa")],
    ["rollback-job", (p, c) => p.rollbackJob("ingestion", c, "qa")],
    ["schedules", (p, c) => p.schedules(c, "qa")],
    ["publish-site", (p, c) => p.publishSite("docs", c, "qa")],
    ["rollback", (p, c) => p.rollback("alie", c, "qa")],
    ["status", (p, c) => p.status(c, "", "qa")],
    ["plan", (p, c) => p.plan("alie", c, "qa")],
    ["publish", (p, c) => p.publish("alie", c, "qa")],
  ];
  for (const [verb, call] of cases) {
    it(`${verb}`, async () => {
      await refusedBeforeGoogle(call(pipeline(), credentials()), message);
    });
  }
});

describe("deploy-job --wait without --execute is refused before Google, saying how to fix it", () => {
  it("deploy-job --wait", async () => {
    await refusedBeforeGoogle(
      pipeline().deployJob("ingestion", credentials(), "", false, true),
      "--wait waits for the execution that --execute starts, and this deploy starts none: add --execute (`dagger call deploy-job --job=ingestion --execute --wait --credentials=CREDENTIALS`), or leave --wait out to deploy the job without running it.",
    );
  });
});

describe("a protected defaultEnvironment is a catalog problem, refused before Google", () => {
  let root: string;
  beforeAll(() => {
    root = repoWithProject((project) => {
      project["defaultEnvironment"] = "prod";
    });
  });

  const message = [
    "The catalog has 1 problem:",
    '  - pipelines/project.yaml: defaultEnvironment: "prod" is protected (protected: true), so it cannot be the default: protected environments are only used when named with --env=prod; choose an unprotected environment (dev, staging) or remove defaultEnvironment',
    "Fix the files above (the schema.json beside the catalog gives editor completion) and run again.",
  ].join("\n");
  const cases: Array<[string, Call]> = [
    ["deploy", (p, c) => p.deploy("alie", c)],
    ["deploy --dry-run", (p, c) => p.deploy("alie", c, "", undefined, true)],
    ["deploy-all", (p, c) => p.deployAll(c)],
    ["deploy-job", (p, c) => p.deployJob("ingestion", c)],
    ["publish-site", (p, c) => p.publishSite("docs", c)],
    ["rollback", (p, c) => p.rollback("alie", c)],
    ["schedules", (p, c) => p.schedules(c)],
    ["publish", (p, c) => p.publish("alie", c)],
  ];
  for (const [verb, call] of cases) {
    it(`${verb} without --env is refused`, async () => {
      await refusedBeforeGoogle(call(pipeline(root), credentials()), message);
    });
  }

  it("with --env=prod it is refused the same way: the catalog itself is invalid", async () => {
    await refusedBeforeGoogle(pipeline(root).deploy("alie", credentials(), "prod", undefined, true), message);
  });
});

describe("release functions say first that the source is the bundled example", () => {
  it("prefixes the error of a release function called on this module's own repository", async () => {
    const err = await rejection(pipeline().deploy("nope", credentials()));
    expect(err.message.startsWith(`${BUNDLED_EXAMPLE_NOTICE}\n\nUnknown service "nope"`)).toBe(true);
  });

  it("does not on a repository of the user's", async () => {
    const err = await rejection(pipeline(repoWithProject(() => undefined)).deploy("nope", credentials()));
    expect(err.message.startsWith('Unknown service "nope"')).toBe(true);
  });
});
