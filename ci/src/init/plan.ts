/**
 * What init will write, decided from what it found: one service or job per Dockerfile, one site per
 * MkDocs config, each with the guesses and their reasons. Pure: inspect.ts does the reading.
 */
import { chooseContext, type ContextChoice } from "./context.js";
import { dockerfileFacts } from "./dockerfile.js";
import { type Guess, guessCommitArg, guessHealthPath, guessKind, guessPort, type TargetKind } from "./guess.js";
import { baseName, buildableRawName, folderOf, siteRawName, uniqueIds } from "./naming.js";

/** Dagger's glob has no {a,b} alternation, and "**\/" may or may not match the root: both forms. */
export const DOCKERFILE_GLOBS = ["Dockerfile", "Dockerfile.*", "*.Dockerfile", "**/Dockerfile", "**/Dockerfile.*", "**/*.Dockerfile"];
export const MKDOCS_GLOBS = ["mkdocs.yml", "mkdocs.yaml", "**/mkdocs.yml", "**/mkdocs.yaml"];

/** Folders whose files are never the user's own targets. */
const SKIPPED_FOLDERS = new Set(["node_modules", ".venv", ".git", "site-packages"]);

export const isSkippedPath = (path: string): boolean => path.split("/").some((part) => SKIPPED_FOLDERS.has(part));

/** Dockerfile, Dockerfile.api, api.Dockerfile (not Dockerfile.dockerignore), outside skipped folders. */
export function isDockerfilePath(path: string): boolean {
  const file = baseName(path);
  if (isSkippedPath(path) || /\.dockerignore$/i.test(file)) return false;
  return file === "Dockerfile" || /^Dockerfile\..+/.test(file) || /.+\.Dockerfile$/.test(file);
}

export interface FoundFile {
  /** Path relative to the repository root. */
  path: string;
  text: string;
}

export interface FoundRepository {
  /** Every Dockerfile, with its text. */
  dockerfiles: FoundFile[];
  /** Every mkdocs.yml / mkdocs.yaml path. */
  mkdocsConfigs: string[];
  /** Whether a repository path exists (asked for the contextProbes of each Dockerfile). */
  exists: (path: string) => boolean;
}

export interface BuildablePlan {
  kind: TargetKind;
  /** Why this kind ("EXPOSE 8080"). */
  kindReason: string;
  name: string;
  /** The Dockerfile, relative to the repository root. */
  dockerfilePath: string;
  build: ContextChoice;
  commitArg?: Guess<string>;
  /** Services only. */
  port?: Guess<number>;
  healthPath?: Guess<string>;
}

export interface SitePlan {
  name: string;
  /** The folder holding the config ("." at the root). */
  folder: string;
  /** The config's file name (mkdocs.yml or mkdocs.yaml). */
  config: string;
}

export interface InitPlan {
  buildables: BuildablePlan[];
  sites: SitePlan[];
}

export function planInit(found: FoundRepository): InitPlan {
  const dockerfiles = [...found.dockerfiles].filter((d) => isDockerfilePath(d.path)).sort((a, b) => a.path.localeCompare(b.path));
  const perFolder = new Map<string, number>();
  for (const d of dockerfiles) perFolder.set(folderOf(d.path), (perFolder.get(folderOf(d.path)) ?? 0) + 1);
  const names = uniqueIds(dockerfiles.map((d) => buildableRawName(d.path, (perFolder.get(folderOf(d.path)) ?? 0) > 1)));
  const buildables = dockerfiles.map((d, i): BuildablePlan => {
    const facts = dockerfileFacts(d.text);
    const kind = guessKind(facts);
    const plan: BuildablePlan = {
      kind: kind.value,
      kindReason: kind.reason,
      name: names[i]!,
      dockerfilePath: d.path,
      build: chooseContext(d.path, facts.copySources, found.exists),
      commitArg: guessCommitArg(facts),
    };
    if (kind.value === "service") {
      plan.port = guessPort(facts);
      plan.healthPath = guessHealthPath(facts);
    }
    return plan;
  });
  return { buildables, sites: planSites(found.mkdocsConfigs) };
}

/** One site per folder holding an MkDocs config; mkdocs.yml wins over mkdocs.yaml (MkDocs' own order). */
function planSites(configs: string[]): SitePlan[] {
  const byFolder = new Map<string, string>();
  for (const path of [...configs].filter((p) => !isSkippedPath(p)).sort()) {
    const file = baseName(path);
    if (file !== "mkdocs.yml" && file !== "mkdocs.yaml") continue;
    const folder = folderOf(path);
    if (byFolder.get(folder) !== "mkdocs.yml") byFolder.set(folder, file);
  }
  const folders = [...byFolder.keys()].sort();
  const names = uniqueIds(folders.map(siteRawName));
  return folders.map((folder, i) => ({ name: names[i]!, folder, config: byFolder.get(folder)! }));
}
