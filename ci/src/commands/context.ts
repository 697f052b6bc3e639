/**
 * What every verb shares: the input the module passes, the output format, the strategy flag, and
 * Google Cloud opened for one environment for the length of one command (closed after it,
 * whatever happens).
 */
import type { Directory, Secret } from "@dagger.io/dagger";
import { type ResolvedEnvironment, resolveEnvironment } from "../catalog/lookup.js";
import type { Catalog } from "../catalog/parse.js";
import { DEFAULT_CATALOG_DIR } from "../catalog/read.js";
import { catalogFlagOf, credentialsFlagOf, type SuggestCall, suggestCallWith } from "../lib/suggested-call.js";
import type { Strategy } from "../services/deploy-service.js";
import type { GoogleCloud } from "./cloud.js";
import type { ReleaseContext } from "./pipeline.js";

export type OutputFormat = "text" | "json";

export function parseFormat(format: string): OutputFormat {
  if (format !== "text" && format !== "json") throw new Error(`--format must be "text" or "json", not "${format}".`);
  return format;
}

export function parseStrategy(strategy: string): Strategy | undefined {
  if (strategy === "") return undefined;
  if (strategy !== "blue-green" && strategy !== "direct") throw new Error(`--strategy must be "blue-green" or "direct", not "${strategy}".`);
  return strategy;
}

/** The Google clients, imported when a command first opens Google Cloud (not by list, build or verify). */
const googleCloud = () => import("./cloud.js");

export interface CommandInput {
  source: Directory;
  catalog: Catalog;
  gitSha: string;
  credentials: Secret;
  env?: string;
  /** --build-secrets: `ID=value` lines for the catalog's build.secrets. */
  buildSecrets?: Secret;
  /** Writes the `dagger call` commands reports suggest, with this command's --catalog and --credentials (suggestCallFor). */
  call: SuggestCall;
}

/**
 * The suggestion writer of a command called with `credentials` and the catalog folder
 * `catalogDir` (normalized, as Catalog.dir): the URI the Secret was made from (Secret.uri(); ""
 * for a setSecret, or when it cannot be read) decides what its flag shows.
 */
export async function suggestCallFor(credentials: Secret, catalogDir: string): Promise<SuggestCall> {
  const uri = await credentials.uri().catch(() => "");
  return suggestCallWith({ catalogFlag: catalogFlagOf(catalogDir, DEFAULT_CATALOG_DIR), credentialsFlag: credentialsFlagOf(uri) });
}

export async function withContext<T>(input: CommandInput, fn: (ctx: ReleaseContext) => Promise<T>): Promise<T> {
  const env = resolveEnvironment(input.catalog, input.env);
  let cloud: GoogleCloud | undefined;
  try {
    cloud = await (await googleCloud()).openGoogleCloud(input.credentials, env);
    return await fn({ source: input.source, catalog: input.catalog, env, gitSha: input.gitSha, cloud, buildSecrets: input.buildSecrets, call: input.call });
  } finally {
    // A failure to close must not replace the error (or result) of the work itself.
    await cloud?.close().catch(() => undefined);
  }
}

/** Google Cloud opened once per environment (e.g. promote's source and target), all closed after `fn`, whatever happens. */
export async function withClouds<T>(credentials: Secret, envs: readonly ResolvedEnvironment[], fn: (clouds: GoogleCloud[]) => Promise<T>): Promise<T> {
  const clouds: GoogleCloud[] = [];
  try {
    const { openGoogleCloud } = await googleCloud();
    for (const env of envs) clouds.push(await openGoogleCloud(credentials, env));
    return await fn(clouds);
  } finally {
    await Promise.all(clouds.map((cloud) => cloud.close().catch(() => undefined)));
  }
}

export const render = (value: object, text: string, format: OutputFormat): string => (format === "json" ? JSON.stringify(value, null, 2) : text);

/** Release reports can also be markdown (deploy, deploy-all, publish-site: for $GITHUB_STEP_SUMMARY). */
export type ReportFormat = OutputFormat | "markdown";

export function parseReportFormat(format: string): ReportFormat {
  if (format === "markdown") return format;
  if (format !== "text" && format !== "json") throw new Error(`--format must be "text", "json" or "markdown", not "${format}".`);
  return format;
}

export const renderReport = (value: object, text: string, format: ReportFormat, markdown: (text: string) => string): string => (format === "markdown" ? markdown(text) : render(value, text, format));
