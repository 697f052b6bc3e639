/**
 * The scanners' native SARIF, made ready for GitHub code scanning, and read back for the summary.
 * Two changes only, both in fields SARIF 2.1.0 defines:
 * - every run gets `automationDetails.id` = its category (`cloud-run-pipeline/<tool>/<target>/`):
 *   code scanning refuses one upload holding several runs of the same tool without distinct
 *   categories, and verify-report has one run per tool AND target;
 * - relative `artifactLocation.uri`s get the repository folder the scanner ran in, so an alert
 *   points at the file in the repository (bandit reports `./src/app.py` from the project folder).
 * No Dagger here: pure functions, tested alone.
 */
import { posix } from "node:path";

export class SarifError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SarifError";
  }
}

interface SarifLocation {
  physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } };
}
interface SarifResult {
  ruleId?: string;
  level?: string;
  message?: { text?: string };
  locations?: SarifLocation[];
}
interface SarifRun {
  automationDetails?: { id?: string };
  results?: SarifResult[];
  tool?: { driver?: { name?: string } };
}
interface SarifLog {
  runs?: SarifRun[];
}

function parse(text: string): SarifLog {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new SarifError(`not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof value !== "object" || value === null || !Array.isArray((value as SarifLog).runs)) {
    throw new SarifError('not a SARIF log: no "runs" list at the top level');
  }
  return value as SarifLog;
}

/** The code-scanning category of one tool's run for one target ("" for the repository-wide scan). */
export const sarifCategory = (tool: string, target: string): string => `cloud-run-pipeline/${tool}/${target ? `${target}/` : ""}`;

/** A URI with a scheme (file:, https:) or an absolute path is left as the tool wrote it. */
const isRelative = (uri: string): boolean => !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri) && !uri.startsWith("/");

function inRepository(base: string, uri: string): string {
  const joined = posix.normalize(posix.join(base, uri));
  // A path that climbs out of the repository is not one code scanning can show: keep it as written.
  return joined.startsWith("../") || joined === ".." ? uri : joined;
}

export interface SarifPlacement {
  category: string;
  /** The repository folder the tool's relative paths start from; undefined leaves paths alone (trivy: paths inside the image). */
  uriBase?: string;
}

/** The SARIF with its category set on every run and relative paths made relative to the repository root. Throws SarifError for text that is not SARIF. */
export function placeSarif(text: string, placement: SarifPlacement): string {
  const log = parse(text);
  for (const run of log.runs ?? []) {
    run.automationDetails = { ...run.automationDetails, id: placement.category };
    if (placement.uriBase === undefined) continue;
    for (const result of run.results ?? []) {
      for (const location of result.locations ?? []) {
        const artifact = location.physicalLocation?.artifactLocation;
        if (artifact?.uri && isRelative(artifact.uri)) artifact.uri = inRepository(placement.uriBase, artifact.uri);
      }
    }
  }
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** How many findings the summary shows per step. */
export const SHOWN_FINDINGS = 10;

/** One line per finding: `rule (level) path:line: message`, the first `max`, then how many more. Throws SarifError for text that is not SARIF. */
export function sarifFindings(text: string, max = SHOWN_FINDINGS): string[] {
  const results = (parse(text).runs ?? []).flatMap((run) => run.results ?? []);
  const lines = results.slice(0, max).map((r) => {
    const where = r.locations?.[0]?.physicalLocation;
    const place = where?.artifactLocation?.uri ? `${where.artifactLocation.uri}${where.region?.startLine ? `:${where.region.startLine}` : ""}: ` : "";
    const message = (r.message?.text ?? "").split("\n")[0]!.trim();
    return `${r.ruleId ?? "finding"}${r.level ? ` (${r.level})` : ""} ${place}${message}`.trim();
  });
  if (results.length > max) lines.push(`... and ${results.length - max} more (see the SARIF file)`);
  return lines;
}
