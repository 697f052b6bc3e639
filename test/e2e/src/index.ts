/**
 * Engine tests for cloud-run-pipeline, run by .github/workflows/e2e.yml on a real Dagger engine.
 * Each function fails (throws) when the behaviour it names is broken.
 *
 *   dagger call -m test/e2e all
 */
import { argument, CloudRunPipelineDeployStrategy, CloudRunPipelineFormat, dag, type Directory, func, object } from "@dagger.io/dagger";

/** The first line of every report when --source is the module's own repository (ci/src/source/bundled.ts). */
const NOTE_PREFIX = "NOTE: --source is cloud-run-pipeline's own repository";

@object()
export class CloudRunPipelineE2e {
  /** This repository (the fixture repositories live under test/fixtures/repos). */
  @func()
  repo: Directory;

  constructor(
    /** The repository root: "/" is the root of the git repository test/e2e is loaded from. */
    @argument({ defaultPath: "/", ignore: ["**/node_modules", "**/.venv", "**/__pycache__", "ci/sdk", "test/e2e/sdk", ".git", ".tools"] })
    repo: Directory,
  ) {
    this.repo = repo;
  }

  /** The catalog of the bundled example lists every service, job and site. */
  @func()
  async listNamesEveryTarget(): Promise<string> {
    const out = await dag.cloudRunPipeline().list();
    for (const name of ["playground", "cloud", "alie", "ingestion", "docs", "tasks", "asql-docs"]) {
      if (!out.includes(name)) throw new Error(`list does not mention ${name}:\n${out}`);
    }
    return out;
  }

  /** Without --source the module reads its own repository, and the report's first line says so. */
  @func()
  async bundledExampleNotice(): Promise<string> {
    const out = await dag.cloudRunPipeline().list();
    const first = out.split("\n")[0] ?? "";
    if (!first.startsWith(NOTE_PREFIX) || !first.includes("--source=.")) {
      throw new Error(`list without --source does not start with the bundled-example NOTE:\n${out}`);
    }
    return first;
  }

  /** A pip project at a repository's root (requirements.txt + requirements-dev.txt, no pyproject): list, lint and tests pass. */
  @func()
  async pipFlaskPasses(): Promise<string> {
    const pipeline = dag.cloudRunPipeline({ source: this.repo.directory("test/fixtures/repos/pip-flask") });
    const list = await pipeline.list();
    if (!list.includes("analytics")) throw new Error(`list of pip-flask does not mention analytics:\n${list}`);
    if (list.startsWith("NOTE:")) throw new Error(`list of pip-flask says it reads the bundled example:\n${list}`);
    const lint = await pipeline.lint("analytics");
    const test = await pipeline.test("analytics");
    return [list, lint, test].join("\n\n");
  }

  /** A catalog in a non-default folder (--catalog=deploy/catalog) next to foreign YAML: list finds the service. */
  @func()
  async pdmServiceCatalogFolder(): Promise<string> {
    const list = await dag.cloudRunPipeline({ source: this.repo.directory("test/fixtures/repos/pdm-service"), catalog: "deploy/catalog" }).list();
    if (!list.includes("web")) throw new Error(`list of pdm-service (deploy/catalog) does not mention web:\n${list}`);
    if (!list.includes("deploy/catalog")) throw new Error(`list of pdm-service does not name its catalog folder deploy/catalog:\n${list}`);
    return list;
  }

  /** The playground image builds and answers /health when run as a service. */
  @func()
  async playgroundServesHealth(): Promise<string> {
    const server = (await dag.cloudRunPipeline().build("playground")).withExposedPort(8080).asService({ useEntrypoint: true });
    const body = await dag
      .container()
      .from("python:3.12-slim@sha256:78387bc3881b8273120a12ebe6c1ab22b018ccc2c9adf565ae1ac9b536e184ea")
      .withServiceBinding("playground", server)
      .withExec(["python", "-c", "import urllib.request;print(urllib.request.urlopen('http://playground:8080/health').read().decode())"])
      .stdout();
    if (!body.includes("ok")) throw new Error(`unexpected /health body: ${body}`);
    return body;
  }

  /** The docs site builds with --strict and has an index page. */
  @func()
  async docsSiteBuilds(): Promise<string> {
    const entries = await dag.cloudRunPipeline().docs("docs").entries();
    if (!entries.includes("index.html")) throw new Error(`no index.html in the built site: ${entries.join(", ")}`);
    return entries.join("\n");
  }

  /** --format is an enum: the generated client's CloudRunPipelineFormat.Json reaches list as "json". */
  @func()
  async listFormatEnum(): Promise<string> {
    const out = await dag.cloudRunPipeline({ source: this.repo.directory("test/fixtures/repos/pip-flask") }).list({ format: CloudRunPipelineFormat.Json });
    const parsed = JSON.parse(out) as { services?: Array<{ name: string }> };
    if (!parsed.services?.some((s) => s.name === "analytics")) throw new Error(`list --format=json of pip-flask has no service analytics:\n${out}`);
    return out;
  }

  /** --strategy is an enum too: deploy --dry-run takes BLUE_GREEN and refuses, before any Google call, an environment the catalog does not declare. */
  @func()
  async deployStrategyEnum(): Promise<string> {
    const credentials = dag.setSecret("e2e-credentials", "not a credential");
    try {
      await dag.cloudRunPipeline().deploy("alie", credentials, { env: "qa", strategy: CloudRunPipelineDeployStrategy.BlueGreen, dryRun: true });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (message.includes('Unknown environment "qa"')) return message;
      throw new Error(`deploy --strategy=blue_green --env=qa failed for another reason:\n${message}`);
    }
    throw new Error("deploy --env=qa --dry-run succeeded; it must refuse the unknown environment");
  }

  /** The checks live on checks (dagger check: cloud-run-pipeline:checks:catalog ...); a source without .git builds with the labelled placeholder commit. */
  @func()
  async checksWithoutGit(): Promise<string> {
    const checks = dag.cloudRunPipeline({ source: this.repo.directory("test/fixtures/repos/pip-flask") }).checks();
    const catalog = await checks.catalog();
    if (!/^PASS {2}catalog/m.test(catalog)) throw new Error(`checks catalog did not pass its catalog step:\n${catalog}`);
    const builds = await checks.builds();
    if (!builds.startsWith("NOTE: commit unknown (.git not readable in --source)") || !builds.includes("0000000")) {
      throw new Error(`checks builds of a source without .git does not say it used the placeholder commit:\n${builds}`);
    }
    return [catalog, builds].join("\n\n");
  }

  /** The contextual --source holds of .git only what the commit lookup reads: HEAD, refs/, packed-refs (the constructor's ignore list). */
  @func()
  async sourceGitIsCommitOnly(): Promise<string> {
    const entries = await dag.cloudRunPipeline().source().directory(".git").entries();
    const allowed = ["HEAD", "packed-refs", "refs/"];
    const extra = entries.filter((e) => !allowed.includes(e));
    if (!entries.includes("HEAD") || extra.length > 0) {
      throw new Error(`--source/.git should hold only ${allowed.join(", ")} (HEAD at least); it holds: ${entries.join(", ")}`);
    }
    return entries.join(", ");
  }

  /** The whole pre-merge check passes on the bundled example. */
  @func()
  async verifyPasses(): Promise<string> {
    return dag.cloudRunPipeline().verify();
  }

  /** Every engine test, in sequence. */
  @func()
  async all(): Promise<string> {
    const results = [
      await this.listNamesEveryTarget(),
      await this.bundledExampleNotice(),
      await this.pipFlaskPasses(),
      await this.pdmServiceCatalogFolder(),
      await this.playgroundServesHealth(),
      await this.docsSiteBuilds(),
      await this.listFormatEnum(),
      await this.deployStrategyEnum(),
      await this.checksWithoutGit(),
      await this.sourceGitIsCommitOnly(),
      await this.verifyPasses(),
    ];
    return results.join("\n\n");
  }
}
