/**
 * THE TABLE: every object and function of the module as `dagger functions` / `dagger call` must see
 * it, and how each function is called in the runtime tests. Both test/runtime/registration.test.ts
 * and test/runtime/invocation.test.ts read only this table, so renaming, retyping, re-defaulting or
 * moving a function or argument is one edit here, and anything ci/src changes without this table
 * fails those tests.
 *
 * Types are spelled as GraphQL spells the registered type: `String!` is required, `String` optional;
 * `[String!]` is an optional list of strings. An argument with a default is registered non-null
 * with that default (`String!` = `""`, `Format!` = `Text`): still optional on the CLI. A list's
 * default (`= []`) is not registered: the list is optional and the function's own default applies. `default` is the registered default (a JS value; the
 * SDK registers it as JSON, enum defaults by member name). `doc` is text the registered description
 * must contain. `cache`: "default" (the engine's), "session" (PerSession) or "never".
 *
 * Calls: `cli` holds the flags as the user types them (`--format=json` -> format: "json",
 * `--strategy=blue_green`, `--args=a,b` -> ["a", "b"], Secrets and Directories as `secret(...)` /
 * `directory(...)`); `ctor` the constructor's flags given before the function (`dagger call --catalog=x
 * init`); `receives` the JS values the method must be called with, in parameter order; `outcome`
 * what comes back through the SDK's invoker.
 */
import { BUNDLED_EXAMPLE_NOTICE } from "../../ci/src/source/bundled.js";
import { CREDENTIALS_HELP } from "../../ci/src/gcp/credentials.js";

// ---------------------------------------------------------------------------------------------
// Vocabulary of the table (the table itself starts at MODULE below)

export interface ArgSpec {
  type: string;
  default?: unknown;
  doc: string;
  defaultPath?: string;
  ignore?: string[];
}

/** A Secret the test mints in the fake session (`--credentials=env://...` arrives as its ID). */
export interface SecretValue { $secret: string }
/** A folder of this repository as a Directory (`--source=PATH` arrives as its ID). */
export interface DirectoryValue { $directory: string }
/** The Directory the engine loads for a contextual argument left out (defaultPath "/", ignore applied). */
export interface ContextualValue { $contextual: "source" }

export type TableValue = string | number | boolean | string[] | SecretValue | DirectoryValue | ContextualValue;

export type Outcome =
  /** A string result containing each of these. */
  | { text: string[] }
  /** A Directory result holding these files. */
  | { directory: string[] }
  /** A core object result (as an ID) whose last call is `madeBy`. */
  | { object: string; madeBy: string }
  /** A module object result: its state, as the engine stores it and hands back as the parent. */
  | { state: Record<string, TableValue> }
  /** The module's error for a user mistake, exactly (the SDK returns it with dag.error(message)). */
  | { error: string };

export interface CallSpec {
  /** What the call shows, as a test name. */
  name: string;
  cli: Record<string, TableValue>;
  ctor?: Record<string, TableValue>;
  /** The JS values the method receives (not checked for constructors: their outcome is the state they set). */
  receives?: unknown[];
  outcome: Outcome;
}

export interface FunctionSpec {
  returns: string;
  cache: "default" | "session" | "never";
  check?: true;
  doc: string;
  args: Record<string, ArgSpec>;
  calls: CallSpec[];
}

export interface ObjectSpec {
  /** How `dagger call` reaches the object: the entry object's function returning it (absent for the entry object). */
  reachedBy?: string;
  fields: Record<string, { type: string; doc: string }>;
  /** The entry object's constructor (the flags before the function). Other objects' constructors are not callable from the CLI and are not compared. */
  ctor?: { args: Record<string, ArgSpec>; calls: CallSpec[] };
  functions: Record<string, FunctionSpec>;
}

export interface EnumSpec {
  doc: string;
  members: Record<string, string>;
}

export const secret = (plaintext: string): SecretValue => ({ $secret: plaintext });
export const directory = (relativePath: string): DirectoryValue => ({ $directory: relativePath });
const CONTEXTUAL_SOURCE: ContextualValue = { $contextual: "source" };

/** A user error as the module reports it on its own repository (the bundled example notice first). */
const onExample = (message: string): string => `${BUNDLED_EXAMPLE_NOTICE}\n\n${message}`;

const GIT_SHA = "0123456789abcdef0123456789abcdef01234567";
/** Malformed credentials: the release functions read and reject them before any call to Google. */
const BAD_CREDENTIALS = secret("{not json");
const BAD_CREDENTIALS_ERROR = onExample(
  "The credentials secret is not valid JSON: it starts like a JSON document but cannot be parsed (syntax error at line 1, column 2); " +
    `pass the key or credential file unmodified. ${CREDENTIALS_HELP}`,
);

const PR_ERROR = "--pr must be a pull request number (a whole number from 1), not 0. In GitHub Actions pass ${{ github.event.pull_request.number }} through env:.";
const UNKNOWN_SITE_ERROR = 'Unknown site "nope". Valid sites: asql-docs, docs, tasks.';
const CREDENTIALS: ArgSpec = { type: "Secret!", doc: "Service-account key JSON, Workload Identity Federation JSON, or an access token." };
const ENV: ArgSpec = { type: "String!", default: "", doc: "Environment from pipelines/project.yaml (default: its defaultEnvironment)." };
const FORMAT: ArgSpec = { type: "Format!", default: "Text", doc: "--format=json" };
const RELEASE_FORMAT: ArgSpec = { type: "ReleaseFormat!", default: "Text", doc: "--format=markdown" };
const STRATEGY: ArgSpec = { type: "DeployStrategy", doc: "--strategy=blue_green or --strategy=direct" };
const SKIP_CHECKS: ArgSpec = { type: "Boolean!", default: false, doc: "Emergencies only" };
const TARGET = (what: string): ArgSpec => ({ type: "String!", doc: `${what} from the catalog.` });

/** The functions of the checks sub-object: argument-free checks returning their report. */
const check = (name: string, cache: FunctionSpec["cache"], passes: string): FunctionSpec => ({
  returns: "String!",
  cache,
  check: true,
  doc: `Example: dagger check cloud-run-pipeline:checks:${name}`,
  args: {},
  calls: [{ name: `runs the ${name} check over the example catalog`, cli: {}, receives: [], outcome: { text: [passes, "passed, 0 failed"] } }],
});

// ---------------------------------------------------------------------------------------------
// THE TABLE

export const ENUMS: Record<string, EnumSpec> = {
  Format: { doc: "How a command prints its result.", members: { Text: "text", Json: "json" } },
  ReleaseFormat: { doc: "How a release command", members: { Text: "text", Json: "json", Markdown: "markdown" } },
  DeployStrategy: { doc: "How deploy moves traffic to a new revision.", members: { BlueGreen: "blue-green", Direct: "direct" } },
};

export const MODULE: Record<string, ObjectSpec> = {
  CloudRunPipeline: {
    fields: {
      source: { type: "Directory!", doc: "The repository: pipelines/ (the catalog)" },
      gitSha: { type: "String!", doc: "Commit SHA used for image tags" },
      catalog: { type: "String!", doc: "The catalog folder inside source" },
    },
    ctor: {
      args: {
        source: {
          type: "Directory!",
          doc: "The repository root",
          defaultPath: "/",
          ignore: [
            "**/node_modules", "**/.venv", "**/__pycache__", "**/.pytest_cache", "**/.ruff_cache", "ci/sdk",
            ".git/*", "!.git/HEAD", "!.git/refs", "!.git/packed-refs", ".tools", "gha-creds-*.json",
          ],
        },
        gitSha: { type: "String!", default: "", doc: "Commit SHA (e.g. $GITHUB_SHA)" },
        catalog: { type: "String!", default: "pipelines", doc: "The catalog folder, relative to source" },
        buildSecrets: { type: "Secret", doc: "Build secrets for private package indexes" },
      },
      calls: [
        { name: "loads the repository root as --source when left out", cli: {}, outcome: { state: { source: CONTEXTUAL_SOURCE, gitSha: "", catalog: "pipelines" } } },
        {
          name: "keeps every flag given, the build secrets as a Secret",
          cli: { source: directory("test/fixtures/repos/pip-flask"), gitSha: GIT_SHA, catalog: "pipelines", buildSecrets: secret("PIP_INDEX=https://user:pw@pypi.example/simple") },
          outcome: { state: { source: directory("test/fixtures/repos/pip-flask"), gitSha: GIT_SHA, catalog: "pipelines", buildSecrets: secret("PIP_INDEX=https://user:pw@pypi.example/simple") } },
        },
      ],
    },
    functions: {
      list: {
        returns: "String!", cache: "default", doc: "Example: dagger call list --format=json",
        args: { format: FORMAT },
        calls: [
          { name: "prints the catalog for people by default", cli: {}, receives: ["text"], outcome: { text: [BUNDLED_EXAMPLE_NOTICE, "project dataface-dev, region europe-west1"] } },
          { name: "prints JSON with --format=json", cli: { format: "json" }, receives: ["json"], outcome: { text: ['"project": "dataface-dev"'] } },
          {
            name: "reads the repository given as --source",
            ctor: { source: directory("test/fixtures/repos/pip-flask") },
            cli: { format: "text" }, receives: ["text"], outcome: { text: ["project acme-dev-123"] },
          },
        ],
      },
      build: {
        returns: "Container!", cache: "default", doc: "Example: dagger call build --service=alie",
        args: { service: TARGET("Service or job name") },
        calls: [{ name: "returns the service's image built from its Dockerfile", cli: { service: "alie" }, receives: ["alie"], outcome: { object: "Container", madeBy: "dockerBuild" } }],
      },
      serve: {
        returns: "Service!", cache: "default", doc: "Example: dagger call serve --service=cloud up --ports=8080:8080",
        args: { service: TARGET("Service name") },
        calls: [{ name: "returns the service's image as a Dagger service", cli: { service: "cloud" }, receives: ["cloud"], outcome: { object: "Service", madeBy: "asService" } }],
      },
      lint: {
        returns: "String!", cache: "default", doc: "Example: dagger call lint --service=cloud",
        args: { service: TARGET("Service or job name") },
        calls: [{ name: "lints one service", cli: { service: "alie" }, receives: ["alie"], outcome: { text: ["PASS  lint alie", "1 passed, 0 failed"] } }],
      },
      test: {
        returns: "String!", cache: "default", doc: "Example: dagger call test --service=cloud",
        args: { service: TARGET("Service or job name") },
        calls: [{ name: "tests one service", cli: { service: "cloud" }, receives: ["cloud"], outcome: { text: ["PASS  test cloud", "1 passed, 0 failed"] } }],
      },
      scan: {
        returns: "String!", cache: "session", doc: "Example: dagger call scan --service=alie",
        args: { service: TARGET("Service or job name") },
        calls: [{ name: "scans one job with every scanner", cli: { service: "ingestion" }, receives: ["ingestion"], outcome: { text: ["PASS  scan:trivy ingestion", "PASS  scan:gitleaks ingestion", "5 passed, 0 failed"] } }],
      },
      docs: {
        returns: "Directory!", cache: "default", doc: "Example: dagger call docs --site=docs export --path=./site",
        args: { site: TARGET("Site name") },
        calls: [{ name: "returns the built site", cli: { site: "docs" }, receives: ["docs"], outcome: { directory: ["index.html"] } }],
      },
      verify: {
        returns: "String!", cache: "session", doc: "Example: dagger call --git-sha=$GITHUB_SHA verify",
        args: {},
        calls: [{ name: "runs every step of the example catalog", cli: {}, receives: [], outcome: { text: ["PASS  catalog", "PASS  secrets", "PASS  docs tasks", "passed, 0 failed"] } }],
      },
      verifyReport: {
        returns: "Directory!", cache: "session", doc: "Example: dagger call verify-report export --path=reports",
        args: {},
        calls: [{ name: "returns the reports folder", cli: {}, receives: [], outcome: { directory: ["summary.md"] } }],
      },
      init: {
        returns: "Directory!", cache: "default", doc: "Example: dagger call --source=. init export --path=.",
        args: {},
        calls: [
          { name: "writes a new catalog into the --catalog folder", ctor: { catalog: "new-catalog" }, cli: {}, receives: [], outcome: { directory: ["new-catalog/project.yaml", "new-catalog/schema.json"] } },
          {
            name: "refuses to overwrite the existing catalog",
            cli: {}, receives: [],
            outcome: {
              error:
                "pipelines/project.yaml already exists: this repository has a catalog in pipelines/, and init never overwrites one. Edit the existing catalog " +
                "(then run `dagger call verify`), or write a new one into another folder: `dagger call --catalog=another/folder init export --path=.` " +
                "(every later call then needs --catalog=another/folder).",
            },
          },
        ],
      },
      checks: {
        returns: "Checks!", cache: "default", doc: "Example: dagger check cloud-run-pipeline:checks:lint",
        args: {},
        calls: [{
          name: "returns the checks object carrying the module's flags",
          cli: {}, receives: [],
          outcome: { state: { source: CONTEXTUAL_SOURCE, gitSha: GIT_SHA, catalogDir: "pipelines" } },
        }],
      },
      publish: {
        returns: "String!", cache: "never", doc: "Example: dagger call publish --service=alie --credentials=env://GCP_CREDENTIALS --env=staging",
        args: { service: TARGET("Service or job name"), credentials: CREDENTIALS, env: ENV },
        calls: [{
          name: "reads and rejects malformed credentials before publishing",
          cli: { service: "alie", credentials: BAD_CREDENTIALS, env: "staging" }, receives: ["alie", BAD_CREDENTIALS, "staging"], outcome: { error: BAD_CREDENTIALS_ERROR },
        }],
      },
      deploy: {
        returns: "String!", cache: "never", doc: "Example: dagger call deploy --service=alie --credentials=env://GCP_CREDENTIALS",
        args: {
          service: TARGET("Service name"), credentials: CREDENTIALS, env: ENV, strategy: STRATEGY,
          dryRun: { type: "Boolean!", default: false, doc: "Print what would change (plan) and change nothing" },
          skipChecks: SKIP_CHECKS, format: RELEASE_FORMAT,
          dropUnmanaged: { type: "Boolean!", default: false, doc: "Deploy even though the live template has settings the catalog does not manage" },
          preflight: { type: "Boolean!", default: false, doc: "Run preflight for this service first" },
        },
        calls: [
          {
            name: "names the valid services for an unknown one",
            cli: { service: "nope", credentials: BAD_CREDENTIALS }, receives: ["nope", BAD_CREDENTIALS, "", undefined, false, false, "text", false, false],
            outcome: { error: onExample('Unknown service "nope". Valid services: alie, cloud, playground.') },
          },
          {
            name: "takes every flag, the enums by their CLI spelling, then rejects malformed credentials",
            cli: { service: "alie", credentials: BAD_CREDENTIALS, env: "prod", strategy: "blue_green", dryRun: false, skipChecks: true, format: "markdown", dropUnmanaged: true, preflight: true },
            receives: ["alie", BAD_CREDENTIALS, "prod", "blue-green", false, true, "markdown", true, true],
            outcome: { error: BAD_CREDENTIALS_ERROR },
          },
          {
            name: "plans with --dry-run --strategy=direct, after reading the credentials",
            cli: { service: "cloud", credentials: BAD_CREDENTIALS, strategy: "direct", dryRun: true, format: "json" },
            receives: ["cloud", BAD_CREDENTIALS, "", "direct", true, false, "json", false, false],
            outcome: { error: BAD_CREDENTIALS_ERROR },
          },
        ],
      },
      deployAll: {
        returns: "String!", cache: "never", doc: "Example: dagger call deploy-all --env=staging --credentials=env://GCP_CREDENTIALS",
        args: {
          credentials: CREDENTIALS, env: ENV, strategy: STRATEGY, skipChecks: SKIP_CHECKS,
          prune: { type: "Boolean!", default: false, doc: "Delete Cloud Scheduler jobs this pipeline created" },
          format: RELEASE_FORMAT,
          dropUnmanaged: { type: "Boolean!", default: false, doc: "Deploy services and jobs even though their live templates" },
          preflight: { type: "Boolean!", default: false, doc: "Run preflight for the whole catalog first" },
        },
        calls: [
          {
            name: "names the valid environments for an unknown one",
            cli: { credentials: BAD_CREDENTIALS, env: "qa" }, receives: [BAD_CREDENTIALS, "qa", undefined, false, false, "text", false, false],
            outcome: { error: onExample('Unknown environment "qa". Valid environments: dev, staging, prod.') },
          },
          {
            name: "takes every flag, then rejects malformed credentials",
            cli: { credentials: BAD_CREDENTIALS, env: "staging", strategy: "DIRECT", skipChecks: false, prune: true, format: "json", dropUnmanaged: true, preflight: true },
            receives: [BAD_CREDENTIALS, "staging", "direct", false, true, "json", true, true],
            outcome: { error: BAD_CREDENTIALS_ERROR },
          },
        ],
      },
      preflight: {
        returns: "String!", cache: "never", doc: "Example: dagger call preflight --env=staging --format=json --credentials=env://GCP_CREDENTIALS",
        args: { credentials: CREDENTIALS, env: ENV, format: FORMAT },
        calls: [{
          name: "reads and rejects malformed credentials before any check",
          cli: { credentials: BAD_CREDENTIALS, env: "staging", format: "json" }, receives: [BAD_CREDENTIALS, "staging", "json"], outcome: { error: BAD_CREDENTIALS_ERROR },
        }],
      },
      deployJob: {
        returns: "String!", cache: "never", doc: "Example: dagger call deploy-job --job=ingestion --execute --wait --env=staging --credentials=env://GCP_CREDENTIALS",
        args: {
          job: TARGET("Job name"), credentials: CREDENTIALS, env: ENV,
          execute: { type: "Boolean!", default: false, doc: "Run the job once after deploying it." },
          wait: { type: "Boolean!", default: false, doc: "With --execute: wait for the execution" },
          skipChecks: SKIP_CHECKS, format: FORMAT,
          dropUnmanaged: { type: "Boolean!", default: false, doc: "Deploy even though the live job template has settings" },
          args: { type: "[String!]", doc: "With --execute: the container's arguments for this execution" },
          clearArgs: { type: "Boolean!", default: false, doc: "With --execute: run this execution with no arguments at all" },
          executionEnv: { type: "[String!]", doc: "With --execute: NAME=value variables" },
          tasks: { type: "Int", doc: "With --execute: the number of tasks of this execution" },
          taskTimeout: { type: "String!", default: "", doc: "With --execute: the timeout of each task" },
        },
        calls: [
          {
            name: "names the valid jobs for an unknown one, lists left out as []",
            cli: { job: "nope", credentials: BAD_CREDENTIALS },
            receives: ["nope", BAD_CREDENTIALS, "", false, false, false, "text", false, undefined, false, undefined, undefined, ""],
            outcome: { error: onExample('Unknown job "nope". Valid jobs: ingestion.') },
          },
          {
            name: "takes lists, an Int and every flag, then rejects malformed credentials",
            cli: {
              job: "ingestion", credentials: BAD_CREDENTIALS, env: "staging", execute: true, wait: true, skipChecks: false, format: "json", dropUnmanaged: false,
              args: ["--full-refresh", "--since=2024-01-01"], clearArgs: false, executionEnv: ["RUN_MODE=backfill"], tasks: 4, taskTimeout: "3600s",
            },
            receives: ["ingestion", BAD_CREDENTIALS, "staging", true, true, false, "json", false, ["--full-refresh", "--since=2024-01-01"], false, ["RUN_MODE=backfill"], 4, "3600s"],
            outcome: { error: BAD_CREDENTIALS_ERROR },
          },
        ],
      },
      rollbackJob: {
        returns: "String!", cache: "never", doc: "Example: dagger call rollback-job --job=ingestion --credentials=env://GCP_CREDENTIALS",
        args: { job: TARGET("Job name"), credentials: CREDENTIALS, env: ENV, format: FORMAT },
        calls: [{
          name: "names the valid jobs for an unknown one",
          cli: { job: "ingest", credentials: BAD_CREDENTIALS, format: "json" }, receives: ["ingest", BAD_CREDENTIALS, "", "json"],
          outcome: { error: onExample('Unknown job "ingest". Valid jobs: ingestion.') },
        }],
      },
      schedules: {
        returns: "String!", cache: "never", doc: "Example: dagger call schedules --env=prod --credentials=env://GCP_CREDENTIALS",
        args: { credentials: CREDENTIALS, env: ENV, prune: { type: "Boolean!", default: false, doc: "Delete schedules this pipeline created" }, format: FORMAT },
        calls: [{
          name: "reads and rejects malformed credentials before any sync",
          cli: { credentials: BAD_CREDENTIALS, env: "prod", prune: true }, receives: [BAD_CREDENTIALS, "prod", true, "text"], outcome: { error: BAD_CREDENTIALS_ERROR },
        }],
      },
      monitoring: {
        returns: "String!", cache: "never", doc: "Example: dagger call monitoring --env=prod --dry-run --credentials=env://GCP_CREDENTIALS",
        args: {
          credentials: CREDENTIALS, env: ENV,
          prune: { type: "Boolean!", default: false, doc: "Delete uptime checks and alert policies this pipeline created" },
          dryRun: { type: "Boolean!", default: false, doc: "Show what would change and change nothing." },
          format: FORMAT,
        },
        calls: [
          {
            name: "names the valid environments for an unknown one, before reading the credentials",
            cli: { credentials: BAD_CREDENTIALS, env: "qa" }, receives: [BAD_CREDENTIALS, "qa", false, false, "text"],
            outcome: { error: onExample('Unknown environment "qa". Valid environments: dev, staging, prod.') },
          },
          {
            name: "takes every flag, then rejects malformed credentials before any call to Cloud Monitoring",
            cli: { credentials: BAD_CREDENTIALS, env: "prod", prune: true, dryRun: true, format: "json" }, receives: [BAD_CREDENTIALS, "prod", true, true, "json"],
            outcome: { error: BAD_CREDENTIALS_ERROR },
          },
        ],
      },
      publishSite: {
        returns: "String!", cache: "never", doc: "Example: dagger call publish-site --site=docs --env=prod --delete-stale --dry-run --credentials=env://GCP_CREDENTIALS",
        args: {
          site: TARGET("Site name"), credentials: CREDENTIALS, env: ENV,
          deleteStale: { type: "Boolean!", default: false, doc: "Delete objects the build no longer has" },
          dryRun: { type: "Boolean!", default: false, doc: "List what would change and change nothing." },
          format: RELEASE_FORMAT,
        },
        calls: [
          {
            name: "names the valid sites for an unknown one",
            cli: { site: "blog", credentials: BAD_CREDENTIALS }, receives: ["blog", BAD_CREDENTIALS, "", false, false, "text"],
            outcome: { error: onExample('Unknown site "blog". Valid sites: asql-docs, docs, tasks.') },
          },
          {
            name: "takes every flag, then rejects malformed credentials",
            cli: { site: "docs", credentials: BAD_CREDENTIALS, env: "prod", deleteStale: true, dryRun: true, format: "markdown" }, receives: ["docs", BAD_CREDENTIALS, "prod", true, true, "markdown"],
            outcome: { error: BAD_CREDENTIALS_ERROR },
          },
        ],
      },
      rollback: {
        returns: "String!", cache: "never", doc: "Example: dagger call rollback --service=alie --to-revision=alie-1a2b3c4-k3x9p --credentials=env://GCP_CREDENTIALS",
        args: { service: TARGET("Service name"), credentials: CREDENTIALS, env: ENV, toRevision: { type: "String!", default: "", doc: "Revision to restore" }, format: FORMAT },
        calls: [{
          name: "reads and rejects malformed credentials before reading the service",
          cli: { service: "alie", credentials: BAD_CREDENTIALS, toRevision: "alie-1a2b3c4-k3x9p" }, receives: ["alie", BAD_CREDENTIALS, "", "alie-1a2b3c4-k3x9p", "text"],
          outcome: { error: BAD_CREDENTIALS_ERROR },
        }],
      },
      status: {
        returns: "String!", cache: "never", doc: "Example: dagger call status --all-envs --credentials=env://GCP_CREDENTIALS",
        args: {
          credentials: CREDENTIALS, service: { type: "String!", default: "", doc: "Service name (default: every service)." }, env: ENV, format: FORMAT,
          allEnvs: { type: "Boolean!", default: false, doc: "Read every declared environment" },
        },
        calls: [
          {
            name: "names the valid services for an unknown one",
            cli: { credentials: BAD_CREDENTIALS, service: "web" }, receives: [BAD_CREDENTIALS, "web", "", "text", false],
            outcome: { error: onExample('Unknown service "web". Valid services: alie, cloud, playground.') },
          },
          {
            name: "takes --all-envs, then rejects malformed credentials",
            cli: { credentials: BAD_CREDENTIALS, allEnvs: true, format: "json" }, receives: [BAD_CREDENTIALS, "", "", "json", true], outcome: { error: BAD_CREDENTIALS_ERROR },
          },
        ],
      },
      promote: {
        returns: "String!", cache: "never", doc: "Example: dagger call promote --from=dev --to=staging --all --credentials=env://GCP_CREDENTIALS",
        args: {
          from: { type: "String!", doc: "The environment whose running image is promoted" },
          to: { type: "String!", doc: "The environment that receives it" },
          credentials: CREDENTIALS,
          service: { type: "String!", default: "", doc: "Service name from the catalog (with or without --job)." },
          job: { type: "String!", default: "", doc: "Job name from the catalog (with or without --service)." },
          all: { type: "Boolean!", default: false, doc: "Every service and job of the catalog" },
          confirm: { type: "String!", default: "", doc: "Required when --to is protected" },
          format: FORMAT,
        },
        calls: [
          {
            name: "asks for --confirm before promoting into a protected environment",
            cli: { from: "staging", to: "prod", credentials: BAD_CREDENTIALS, service: "alie" }, receives: ["staging", "prod", BAD_CREDENTIALS, "alie", "", false, "", "text"],
            outcome: {
              error: onExample(
                'environment "prod" is protected (protected: true in project.yaml): promoting into it needs --confirm=prod; nothing was read or changed. Run:\n' +
                  "  dagger call promote --from=staging --to=prod --service=alie --confirm=prod --credentials=CREDENTIALS",
              ),
            },
          },
          {
            name: "takes every flag, then rejects malformed credentials",
            cli: { from: "dev", to: "staging", credentials: BAD_CREDENTIALS, all: true, format: "json" }, receives: ["dev", "staging", BAD_CREDENTIALS, "", "", true, "", "json"],
            outcome: { error: BAD_CREDENTIALS_ERROR },
          },
        ],
      },
      plan: {
        returns: "String!", cache: "never", doc: "Example: dagger call plan --job=ingestion --env=prod --credentials=env://GCP_CREDENTIALS",
        args: {
          service: { type: "String!", default: "", doc: "Service name from the catalog." },
          credentials: CREDENTIALS, env: ENV, format: FORMAT,
          job: { type: "String!", default: "", doc: "Job name from the catalog (instead of --service)." },
        },
        calls: [
          {
            name: "asks for one target",
            cli: { credentials: BAD_CREDENTIALS }, receives: ["", BAD_CREDENTIALS, "", "text", ""],
            outcome: { error: onExample("plan takes one target: give --service=NAME or --job=NAME; `dagger call list` shows the names.") },
          },
          {
            name: "plans a job, after reading the credentials",
            cli: { credentials: BAD_CREDENTIALS, env: "prod", format: "json", job: "ingestion" }, receives: ["", BAD_CREDENTIALS, "prod", "json", "ingestion"],
            outcome: { error: BAD_CREDENTIALS_ERROR },
          },
        ],
      },
      preview: {
        returns: "String!", cache: "never", doc: "Example: dagger call preview --service=alie --pr=42 --credentials=env://GCP_CREDENTIALS",
        args: {
          service: TARGET("Service name"),
          pr: { type: "Int!", doc: "The pull request's number: the revision is tagged pr-N." },
          credentials: CREDENTIALS, env: ENV, skipChecks: SKIP_CHECKS,
          dropUnmanaged: { type: "Boolean!", default: false, doc: "Preview even though the live template has settings the catalog does not manage" },
          format: RELEASE_FORMAT,
        },
        calls: [
          {
            name: "names the valid services for an unknown one",
            cli: { service: "nope", pr: 42, credentials: BAD_CREDENTIALS }, receives: ["nope", 42, BAD_CREDENTIALS, "", false, false, "text"],
            outcome: { error: onExample('Unknown service "nope". Valid services: alie, cloud, playground.') },
          },
          {
            name: "refuses a PR number below 1 before reading the credentials",
            cli: { service: "alie", pr: 0, credentials: BAD_CREDENTIALS }, receives: ["alie", 0, BAD_CREDENTIALS, "", false, false, "text"],
            outcome: { error: onExample(PR_ERROR) },
          },
          {
            name: "takes every flag, then rejects malformed credentials",
            cli: { service: "alie", pr: 42, credentials: BAD_CREDENTIALS, env: "dev", skipChecks: true, dropUnmanaged: true, format: "markdown" }, receives: ["alie", 42, BAD_CREDENTIALS, "dev", true, true, "markdown"],
            outcome: { error: BAD_CREDENTIALS_ERROR },
          },
        ],
      },
      previewSite: {
        returns: "String!", cache: "never", doc: "Example: dagger call preview-site --site=asql-docs --pr=42 --credentials=env://GCP_CREDENTIALS",
        args: { site: TARGET("Site name"), pr: { type: "Int!", doc: "the site is published under pr-N/" }, credentials: CREDENTIALS, env: ENV, format: RELEASE_FORMAT },
        calls: [
          {
            name: "names the valid sites for an unknown one",
            cli: { site: "nope", pr: 42, credentials: BAD_CREDENTIALS }, receives: ["nope", 42, BAD_CREDENTIALS, "", "text"],
            outcome: { error: onExample(UNKNOWN_SITE_ERROR) },
          },
          {
            name: "takes every flag, then rejects malformed credentials",
            cli: { site: "asql-docs", pr: 42, credentials: BAD_CREDENTIALS, env: "dev", format: "json" }, receives: ["asql-docs", 42, BAD_CREDENTIALS, "dev", "json"],
            outcome: { error: BAD_CREDENTIALS_ERROR },
          },
        ],
      },
      previewCleanup: {
        returns: "String!", cache: "never", doc: "Example: dagger call preview-cleanup --pr=42 --credentials=env://GCP_CREDENTIALS",
        args: {
          pr: { type: "Int!", doc: "The pull request's number whose previews are removed." },
          credentials: CREDENTIALS, env: ENV,
          service: { type: "String!", default: "", doc: "One service from the catalog (default: every service and every site)." },
          format: FORMAT,
        },
        calls: [
          {
            name: "refuses a PR number below 1 before reading the credentials",
            cli: { pr: 0, credentials: BAD_CREDENTIALS }, receives: [0, BAD_CREDENTIALS, "", "", "text"],
            outcome: { error: onExample(PR_ERROR) },
          },
          {
            name: "takes every flag, then rejects malformed credentials",
            cli: { pr: 42, credentials: BAD_CREDENTIALS, env: "dev", service: "alie", format: "json" }, receives: [42, BAD_CREDENTIALS, "dev", "alie", "json"],
            outcome: { error: BAD_CREDENTIALS_ERROR },
          },
        ],
      },
      pruneRevisions: {
        returns: "String!", cache: "never", doc: "Example: dagger call prune-revisions --service=alie --keep=10 --dry-run --credentials=env://GCP_CREDENTIALS",
        args: {
          service: TARGET("Service name"),
          keep: { type: "Int!", doc: "How many of the unused revisions to keep, newest first." },
          credentials: CREDENTIALS, env: ENV,
          dryRun: { type: "Boolean!", default: false, doc: "List what would be deleted and delete nothing." },
          format: FORMAT,
        },
        calls: [
          {
            name: "names the valid services for an unknown one",
            cli: { service: "nope", keep: 10, credentials: BAD_CREDENTIALS }, receives: ["nope", 10, BAD_CREDENTIALS, "", false, "text"],
            outcome: { error: onExample('Unknown service "nope". Valid services: alie, cloud, playground.') },
          },
          {
            name: "takes every flag, then rejects malformed credentials",
            cli: { service: "alie", keep: 3, credentials: BAD_CREDENTIALS, env: "dev", dryRun: true, format: "json" }, receives: ["alie", 3, BAD_CREDENTIALS, "dev", true, "json"],
            outcome: { error: BAD_CREDENTIALS_ERROR },
          },
        ],
      },
    },
  },
  Checks: {
    reachedBy: "checks",
    fields: {},
    functions: {
      catalog: check("catalog", "default", "PASS  catalog"),
      builds: check("builds", "default", "PASS  build ingestion"),
      lint: check("lint", "default", "PASS  lint playground"),
      tests: check("tests", "default", "PASS  test alie"),
      scans: check("scans", "session", "PASS  scan:pip-audit cloud"),
      docs: check("docs", "default", "PASS  docs asql-docs"),
      secrets: check("secrets", "default", "PASS  secrets"),
    },
  },
};

/** The constructor flags of every call unless the call gives its own (a fixed commit: no .git read). */
export const DEFAULT_CONSTRUCTOR: Record<string, TableValue> = { gitSha: GIT_SHA };
