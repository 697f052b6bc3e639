/**
 * The closed choices of the module's flags, as Dagger enums (`dagger call --help` lists them, the
 * CLI refuses anything else before any work starts).
 *
 * How Dagger 0.21 spells them: the engine names each member in SCREAMING_SNAKE_CASE (Json ->
 * JSON, BlueGreen -> BLUE_GREEN) and the CLI matches what the user types against those names
 * case-insensitively, then the SDK hands the function the member's VALUE. So `--format=json`
 * and `--format=markdown` work as before; a hyphen cannot be in a GraphQL name, so blue-green
 * is typed `--strategy=blue_green` (or BLUE_GREEN) and reaches the code as "blue-green", the same
 * word the catalog's deploy.strategy uses.
 */

/** How a command prints its result. */
export enum Format {
  /** For people (the default). */
  Text = "text",
  /** One JSON document, for machines. */
  Json = "json",
}

/** How a release command (deploy, deploy-all, publish-site) prints its report. */
export enum ReleaseFormat {
  /** For people (the default). */
  Text = "text",
  /** One JSON document, for machines. */
  Json = "json",
  /** Markdown, e.g. for $GITHUB_STEP_SUMMARY. */
  Markdown = "markdown",
}

/** How deploy moves traffic to a new revision. */
export enum DeployStrategy {
  /** New revision at 0% with a tag, health-checked on its tag URL, then 100% (--strategy=blue_green). */
  BlueGreen = "blue-green",
  /** The new revision takes 100% in one update once it is ready, without a candidate tag or a probe of run.healthPath; one that never becomes ready restores the previous traffic (--strategy=direct). */
  Direct = "direct",
}
