/**
 * MkDocs sites: `mkdocs build --strict` in a pinned Python image; the built site is returned as a
 * Directory. Only what the site needs is copied in (its config and any INHERITed ones, docs_dir,
 * the requirements and the local paths the config references), at their repository paths under
 * /repo, and mkdocs runs in /repo/<mkdocs folder> so relative references resolve as on the
 * user's machine. Requirements are installed before the site files are copied, so the pip layer
 * survives edits to the docs. What a config needs is read by ci/src/mkdocs/ (no Dagger there).
 */
import { dag, type Container, type Directory, ExistsType } from "@dagger.io/dagger";
import { posix } from "node:path";
import type { SiteSpec } from "../catalog/schema.js";
import { inheritOf, mergeInherited, siteNeeds, type MkdocsConfig, type SiteNeeds } from "../mkdocs/config.js";
import { configFileName } from "../mkdocs/config-file.js";
import {
  badConfig, badReference, configMissing, folderMissing, inheritLoop, inheritMissing, needsRequirements, requirementsMissing, type SiteRef,
} from "../mkdocs/errors.js";
import { copyList, fromFolder, inRepository } from "../mkdocs/paths.js";
import { defaultRequirements, findRequirements, requirementIncludes } from "../mkdocs/requirements.js";
import { MkdocsYamlError, parseMkdocsYaml } from "../mkdocs/yaml.js";
import { CONTEXT_EXCLUDES } from "./context.js";
import { CACHES, IMAGES } from "./images.js";
import { entriesOf } from "../source/folder.js";

const REPO_DIR = "/repo";
const OUT_DIR = "/out";
/** The pinned default requirements, written outside /repo so they never mix with the user's files. */
const DEFAULT_REQUIREMENTS = "/opt/pipeline/mkdocs-requirements.txt";
/** Bounds for INHERIT and `-r` chains (a loop is reported, a runaway chain stops here). */
const MAX_CHAIN = 16;

/** What the build of one site copies and installs, all paths relative to the repository root. */
export interface SitePlan {
  folder: string;
  config: string;
  /** Included in the copy into /repo (["."] = the whole repository, local clutter excluded). */
  copy: string[];
  /**
   * Requirements files given to pip (`-r`, in this order) and every file copied in before the
   * install (those plus what they pull in with -r / -c), or the pinned default packages.
   */
  requirements: { install: string[]; files: string[] } | { packages: string[] };
}

export async function buildSite(source: Directory, site: SiteSpec, catalogFile?: string): Promise<Directory> {
  const plan = await planSite(source, site, catalogFile);
  return siteContainer(source, plan).directory(OUT_DIR);
}

function siteContainer(source: Directory, plan: SitePlan): Container {
  const workdir = plan.folder === "." ? REPO_DIR : `${REPO_DIR}/${plan.folder}`;
  let container = dag
    .container()
    .from(IMAGES.python)
    .withMountedCache("/root/.cache/pip", dag.cacheVolume(CACHES.pip))
    .withEnvVariable("PIP_DISABLE_PIP_VERSION_CHECK", "1")
    .withWorkdir(workdir);
  if ("files" in plan.requirements) {
    for (const file of plan.requirements.files) container = container.withFile(`${REPO_DIR}/${file}`, source.file(file));
    const args = plan.requirements.install.flatMap((file) => ["-r", fromFolder(plan.folder, file)]);
    container = container.withExec(["pip", "install", "--no-input", ...args]);
  } else {
    container = container
      .withNewFile(DEFAULT_REQUIREMENTS, `${plan.requirements.packages.join("\n")}\n`)
      .withExec(["pip", "install", "--no-input", "-r", DEFAULT_REQUIREMENTS]);
  }
  const files = plan.copy.includes(".")
    ? source.filter({ exclude: CONTEXT_EXCLUDES })
    : source.filter({ include: plan.copy, exclude: CONTEXT_EXCLUDES });
  return container
    .withDirectory(REPO_DIR, files)
    .withExec(["mkdocs", "build", "--strict", "--config-file", fromFolder(plan.folder, plan.config), "--site-dir", OUT_DIR]);
}

const isFile = (source: Directory, path: string): Promise<boolean> =>
  source.exists(path, { expectedType: ExistsType.RegularType }).catch(() => false);

/** Reads the site's config (following INHERIT) and listings from the repository and decides what the build needs. */
export async function planSite(source: Directory, site: SiteSpec, catalogFile?: string): Promise<SitePlan> {
  const folder = posix.normalize(site.mkdocs).replace(/\/+$/, "") || ".";
  const ref: SiteRef = { name: site.name, file: catalogFile, folder };
  const entries = await entriesOf(source, folder);
  if (!entries) throw folderMissing(ref);
  const configName = configFileName(site.config, entries);
  if (!configName) throw configMissing(ref, site.config);
  const config = folder === "." ? configName : `${folder}/${configName}`;

  // INHERIT: the parent is relative to the file naming it; the merged config is read relative to the site's config.
  const configs = [config];
  let merged: MkdocsConfig = {};
  const chain: MkdocsConfig[] = [];
  for (let current: string | undefined = config; current; ) {
    const parsed = await readConfig(source, ref, current);
    chain.push(parsed);
    const inherit = inheritOf(parsed);
    if (!inherit) break;
    const placed = inRepository(posix.dirname(current), inherit);
    if ("error" in placed) throw badReference(ref, current, "INHERIT", inherit, placed.error);
    if (configs.includes(placed.path)) throw inheritLoop(ref, [...configs, placed.path]);
    if (configs.length >= MAX_CHAIN) throw inheritLoop(ref, configs);
    if (!(await isFile(source, placed.path))) throw inheritMissing(ref, current, inherit, placed.path);
    configs.push(placed.path);
    current = placed.path;
  }
  for (const parsed of chain.reverse()) merged = mergeInherited(merged, parsed);
  const needs = siteNeeds(merged);

  const copy = [...configs];
  for (const { field, path } of [{ field: "docs_dir", path: needs.docsDir }, ...needs.references]) {
    const placed = inRepository(folder, path);
    if ("error" in placed) throw badReference(ref, config, field, path, placed.error);
    copy.push(placed.path);
  }

  const requirements = await chooseRequirements(source, site, ref, entries, needs, configName);
  if ("files" in requirements) copy.push(...requirements.files);
  return { folder, config, copy: copyList(copy), requirements };
}

async function readConfig(source: Directory, ref: SiteRef, path: string): Promise<MkdocsConfig> {
  const text = await source.file(path).contents();
  try {
    return parseMkdocsYaml(text);
  } catch (err) {
    if (err instanceof MkdocsYamlError) throw badConfig(ref, path, err.message);
    throw err;
  }
}

async function chooseRequirements(
  source: Directory, site: SiteSpec, ref: SiteRef, entries: string[], needs: SiteNeeds, configName: string,
): Promise<SitePlan["requirements"]> {
  const folder = ref.folder;
  let found: string[];
  if (site.requirements) {
    const placed = inRepository(folder, site.requirements);
    if ("error" in placed || !(await isFile(source, placed.path))) throw requirementsMissing(ref, site.requirements);
    found = [placed.path];
  } else {
    const docsEntries = entries.includes("docs/") ? await entriesOf(source, folder === "." ? "docs" : `${folder}/docs`) : undefined;
    found = findRequirements(entries, docsEntries).map((p) => (folder === "." ? p : `${folder}/${p}`));
  }
  if (found.length) return { install: found, files: await withIncludes(source, ref, found) };
  const defaults = defaultRequirements(needs);
  if ("unknown" in defaults) throw needsRequirements(ref, configName, defaults.unknown);
  return defaults;
}

/** The requirements files, then the files they pull in with -r / -c (pip reads them relative to the file). */
async function withIncludes(source: Directory, ref: SiteRef, files: string[]): Promise<string[]> {
  const out = [...files];
  for (let i = 0; i < out.length && out.length < MAX_CHAIN * 4; i++) {
    const file = out[i]!;
    for (const include of requirementIncludes(await source.file(file).contents())) {
      const placed = inRepository(posix.dirname(file), include);
      if ("error" in placed) throw badReference(ref, file, "-r/-c", include, placed.error);
      if (!out.includes(placed.path) && (await isFile(source, placed.path))) out.push(placed.path);
    }
  }
  return out;
}
