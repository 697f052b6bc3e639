/**
 * The checks `dagger check` runs, on a `checks` sub-object so they are named for what they check
 * (`cloud-run-pipeline:checks:lint`), and the run behind them and behind verify: read the catalog
 * (a catalog that cannot be read is the failed step), run the chosen kinds of steps of every
 * target, fail with every failure or return the report. When the commit is unknown (no readable
 * .git), the steps that build images use the labelled placeholder commit and every report and
 * error starts by saying so.
 */
import { check, type Directory, func, object, type Secret } from "@dagger.io/dagger";
import type { Catalog } from "../catalog/parse.js";
import { loadCatalog } from "../catalog/read.js";
import { reportOn, withNote } from "../source/bundled.js";
import { resolveCheckCommit } from "../source/git.js";
import { assertPassed } from "../verify/run.js";
import { catalogFailure, type StepKind, verifyAll } from "../verify/verify.js";

/** What a check run reads: the module's source, --git-sha, --catalog and --build-secrets. */
export interface ChecksInput {
  source: Directory;
  /** --git-sha ("" = read .git, else the placeholder). */
  gitSha: string;
  /** The catalog folder inside source. */
  catalogDir: string;
  buildSecrets?: Secret;
}

/** Steps that build an image, which carries the commit (build.commitArg). */
const NEEDS_COMMIT: ReadonlySet<StepKind> = new Set(["build", "scan"]);

/** Runs the chosen kinds of steps (every kind by default); fails with every failure, or returns the report. */
export async function runChecks(input: ChecksInput, only?: StepKind[]): Promise<string> {
  return reportOn(input.source, async () => {
    let catalog: Catalog;
    try {
      catalog = await loadCatalog(input.source, input.catalogDir);
    } catch (err) {
      return assertPassed(catalogFailure(err));
    }
    const commit = !only || only.some((k) => NEEDS_COMMIT.has(k)) ? await resolveCheckCommit(input.source, input.gitSha) : { sha: "" };
    return withNote(commit.note, async () => assertPassed(await verifyAll({ source: input.source, catalog, gitSha: commit.sha, buildSecrets: input.buildSecrets }, only)));
  });
}

/**
 * The pre-merge checks, one kind each, for `dagger check` (`dagger check -l` lists them as
 * cloud-run-pipeline:checks:catalog ... :checks:secrets, in this repository and wherever the module
 * is a toolchain; `dagger check cloud-run-pipeline:checks` runs them all). Each covers every service, job and site of the
 * catalog (verify runs them all at once), fails with every failure, and returns its report
 * (`dagger call checks lint` prints it).
 */
@object()
export class Checks {
  source: Directory;
  gitSha: string;
  catalogDir: string;
  buildSecrets?: Secret;

  constructor(source: Directory, gitSha: string, catalogDir: string, buildSecrets?: Secret) {
    this.source = source;
    this.gitSha = gitSha;
    this.catalogDir = catalogDir;
    this.buildSecrets = buildSecrets;
  }

  /** Catalog files parse and everything they point at exists. Example: dagger check cloud-run-pipeline:checks:catalog */
  @func()
  @check()
  async catalog(): Promise<string> {
    return runChecks(this, ["catalog"]);
  }

  /** Every service and job image builds. Example: dagger check cloud-run-pipeline:checks:builds */
  @func()
  @check()
  async builds(): Promise<string> {
    return runChecks(this, ["build"]);
  }

  /** Every service and job passes its lint commands. Example: dagger check cloud-run-pipeline:checks:lint */
  @func()
  @check()
  async lint(): Promise<string> {
    return runChecks(this, ["lint"]);
  }

  /** Every service's and job's tests pass. Example: dagger check cloud-run-pipeline:checks:tests */
  @func()
  @check()
  async tests(): Promise<string> {
    return runChecks(this, ["test"]);
  }

  /** Every service's and job's security scans pass (vulnerability data at most a day old). Example: dagger check cloud-run-pipeline:checks:scans */
  @func({ cache: "session" })
  @check()
  async scans(): Promise<string> {
    return runChecks(this, ["scan"]);
  }

  /** Every MkDocs site builds with --strict. Example: dagger check cloud-run-pipeline:checks:docs */
  @func()
  @check()
  async docs(): Promise<string> {
    return runChecks(this, ["docs"]);
  }

  /** The repository has no leaked secrets (gitleaks). Example: dagger check cloud-run-pipeline:checks:secrets */
  @func()
  @check()
  async secrets(): Promise<string> {
    return runChecks(this, ["secrets"]);
  }
}
