/**
 * The errors a user can cause with a site: each names the site and its catalog file, the folder,
 * what was looked for, and the catalog field (or config setting) to change.
 */
import { REQUIREMENTS_LOOKED_FOR } from "./requirements.js";

export interface SiteRef {
  name: string;
  /** Catalog file the site is declared in, e.g. "pipelines/sites/docs.yaml". */
  file?: string;
  /** The mkdocs folder, relative to the repository root. */
  folder: string;
}

export class SiteSetupError extends Error {
  constructor(site: SiteRef, message: string) {
    super(`Site "${site.name}"${site.file ? ` (${site.file})` : ""}: ${message}`);
    this.name = "SiteSetupError";
  }
}

const shown = (folder: string) => (folder === "." ? "the repository root" : `"${folder}"`);
const inFolder = (folder: string, path: string) => (folder === "." ? path : `${folder}/${path}`);

export const folderMissing = (site: SiteRef): SiteSetupError =>
  new SiteSetupError(site, `the mkdocs folder ${shown(site.folder)} does not exist in the repository; set \`mkdocs\` to the folder holding mkdocs.yml (relative to the repository root, "." for the root).`);

export const configMissing = (site: SiteRef, config: string | undefined): SiteSetupError =>
  new SiteSetupError(
    site,
    config
      ? `${shown(site.folder)} has no ${config} (catalog field \`config\`); fix \`config\`, or point \`mkdocs\` at the folder that has it.`
      : `${shown(site.folder)} has no mkdocs.yml or mkdocs.yaml; point \`mkdocs\` at the folder holding the MkDocs config, or name the file in \`config\`.`,
  );

export const requirementsMissing = (site: SiteRef, requirements: string): SiteSetupError =>
  new SiteSetupError(site, `\`requirements\` names "${requirements}", but ${inFolder(site.folder, requirements)} does not exist; fix \`requirements\` (relative to the mkdocs folder${site.folder === "." ? ", here the repository root" : ` "${site.folder}"`}) or remove it to use ${REQUIREMENTS_LOOKED_FOR.join(" or ")} there.`);

export const needsRequirements = (site: SiteRef, config: string, unknown: string[]): SiteSetupError =>
  new SiteSetupError(
    site,
    `${inFolder(site.folder, config)} uses ${unknown.join(", ")}, which the pipeline's default requirements (mkdocs, and mkdocs-material for theme "material") do not install, and no requirements file was found (looked for ${REQUIREMENTS_LOOKED_FOR.map((p) => inFolder(site.folder, p)).join(" and ")}). Add a requirements file that pins mkdocs and those packages there, or set \`requirements\` in the site's catalog file to it (relative to the mkdocs folder).`,
  );

export const badReference = (site: SiteRef, configPath: string, field: string, path: string, problem: string): SiteSetupError =>
  new SiteSetupError(site, `${configPath}: ${field} "${path}" ${problem}.`);

export const badConfig = (site: SiteRef, configPath: string, problem: string): SiteSetupError =>
  new SiteSetupError(site, `${configPath} is not a valid MkDocs config: ${problem}; fix the file (mkdocs build reads it the same way).`);

export const inheritMissing = (site: SiteRef, configPath: string, inherit: string, resolved: string): SiteSetupError =>
  new SiteSetupError(site, `${configPath}: INHERIT names "${inherit}", but ${resolved} does not exist in the repository; fix INHERIT (relative to ${configPath}).`);

export const inheritLoop = (site: SiteRef, chain: string[]): SiteSetupError =>
  new SiteSetupError(site, `INHERIT loops: ${chain.join(" -> ")}; remove one of the INHERIT settings.`);
