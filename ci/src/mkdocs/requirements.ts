/**
 * Which requirements a site's build installs: the catalog's `requirements`, else requirements.txt
 * beside the config, else docs/requirements*.txt (both relative to the mkdocs folder), else a
 * pinned default: mkdocs plus the package of the theme the config names.
 */
import type { SiteNeeds } from "./config.js";

/** The defaults' pins (versions published on PyPI). */
export const MKDOCS_PACKAGE = "mkdocs==1.6.1";
export const MKDOCS_MATERIAL_PACKAGE = "mkdocs-material==9.8.2";

/** Themes mkdocs itself ships. */
export const BUILTIN_THEMES = ["mkdocs", "readthedocs"] as const;
/** Third-party themes the default can install, by theme name. */
export const THEME_PACKAGES: Readonly<Record<string, string>> = { material: MKDOCS_MATERIAL_PACKAGE };

/** Plugins mkdocs ships, and those mkdocs-material ships (also written `material/NAME`). */
const MKDOCS_PLUGINS = new Set(["search"]);
const MATERIAL_PLUGINS = new Set(["blog", "group", "info", "meta", "offline", "optimize", "privacy", "projects", "search", "social", "tags", "typeset"]);

/** Python-Markdown's own extensions, by short name (markdown.extensions.NAME is the same). */
const MARKDOWN_EXTENSIONS = new Set([
  "abbr", "admonition", "attr_list", "codehilite", "def_list", "extra", "fenced_code", "footnotes", "legacy_attrs", "legacy_em",
  "md_in_html", "meta", "nl2br", "sane_lists", "smarty", "tables", "toc", "wikilinks",
]);

/** Where a requirements file is looked for when the catalog names none (relative to the mkdocs folder). */
export const REQUIREMENTS_LOOKED_FOR = ["requirements.txt", "docs/requirements*.txt"] as const;

const DOCS_REQUIREMENTS = /^requirements.*\.txt$/;

/**
 * The requirements files to install (relative to the mkdocs folder) from the folder's entries and
 * those of its docs/ folder (undefined when it has none), or [] when there is none to use.
 * Entries are names as Directory.entries returns them (folders end in "/").
 */
export function findRequirements(folderEntries: string[], docsEntries: string[] | undefined): string[] {
  if (folderEntries.includes("requirements.txt")) return ["requirements.txt"];
  return (docsEntries ?? [])
    .filter((name) => DOCS_REQUIREMENTS.test(name))
    .sort()
    .map((name) => `docs/${name}`);
}

export type DefaultRequirements = { packages: string[] } | { unknown: string[] };

/**
 * The default when no requirements file exists: mkdocs, plus the theme's package. What needs a
 * package the default cannot name (a third-party theme, plugin or Markdown extension) is listed
 * in `unknown` instead, so the caller can ask for a requirements file.
 */
export function defaultRequirements(needs: SiteNeeds): DefaultRequirements {
  const unknown: string[] = [];
  const packages = [MKDOCS_PACKAGE];
  const theme = needs.theme;
  const material = theme === "material";
  if (theme !== null && !(BUILTIN_THEMES as readonly string[]).includes(theme)) {
    const pkg = THEME_PACKAGES[theme];
    if (pkg) packages.push(pkg);
    else unknown.push(`theme "${theme}"`);
  }
  for (const plugin of needs.plugins) {
    const name = plugin.startsWith("material/") ? plugin.slice("material/".length) : plugin;
    const known = MKDOCS_PLUGINS.has(plugin) || (material && MATERIAL_PLUGINS.has(name));
    if (!known) unknown.push(`plugin "${plugin}"`);
  }
  for (const extension of needs.markdownExtensions) {
    const name = extension.startsWith("markdown.extensions.") ? extension.slice("markdown.extensions.".length) : extension;
    // mkdocs-material depends on pymdown-extensions and ships material.extensions.*.
    const known = MARKDOWN_EXTENSIONS.has(name) || (material && (name.startsWith("pymdownx.") || name.startsWith("material.")));
    if (!known) unknown.push(`Markdown extension "${extension}"`);
  }
  return unknown.length ? { unknown } : { packages };
}

/** Files a requirements file pulls in (`-r`, `-c`, `--requirement`, `--constraint`), relative to its folder. */
export function requirementIncludes(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    const match = /^(?:-r|-c|--requirement|--constraint)(?:\s*=\s*|\s+|(?=[^\s-]))(\S+)$/.exec(line);
    if (match) out.push(match[1]!);
  }
  return out;
}
