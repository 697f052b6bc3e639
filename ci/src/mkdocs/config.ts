/**
 * What an MkDocs config needs from the repository: its docs folder, its theme, and every local
 * path it references (theme.custom_dir, hooks, watch, pymdownx.snippets base_path, macros files).
 * Paths are returned as written, relative to the config's folder; `paths.ts` places them in the
 * repository. INHERIT is merged the way MkDocs merges it (mkdocs.utils.yaml.merge).
 */
import { RelativePath } from "./yaml.js";

export type MkdocsConfig = Record<string, unknown>;

/** A local path the config names, with the setting that names it (for error messages). */
export interface ConfigReference {
  field: string;
  path: string;
}

export interface SiteNeeds {
  /** docs_dir, relative to the config's folder (MkDocs' default: "docs"). */
  docsDir: string;
  /** theme name; "mkdocs" when the config names none; null for `theme: { custom_dir }` alone. */
  theme: string | null;
  /** Plugin names as written (`search`, `material/blog`, `macros`). */
  plugins: string[];
  /** Markdown extension names as written (`admonition`, `pymdownx.snippets`). */
  markdownExtensions: string[];
  /** Local paths besides docs_dir, relative to the config's folder. */
  references: ConfigReference[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof RelativePath);

/** The INHERIT setting: the parent config, relative to the file that names it. */
export function inheritOf(config: MkdocsConfig): string | undefined {
  const value = config.INHERIT;
  return typeof value === "string" && value.trim() ? value.trim() : undefined;
}

/** MkDocs' merge: the child wins, mappings present in both are merged key by key. */
export function mergeInherited(parent: MkdocsConfig, child: MkdocsConfig): MkdocsConfig {
  const out: MkdocsConfig = { ...parent };
  for (const [key, value] of Object.entries(child)) {
    if (key === "INHERIT") continue;
    const base = out[key];
    out[key] = isRecord(base) && isRecord(value) ? mergeInherited(base, value) : value;
  }
  delete out.INHERIT;
  return out;
}

/**
 * `plugins` and `markdown_extensions` are a list of names and `{ name: options }` items, or a
 * mapping of name -> options.
 */
export function namedEntries(value: unknown): [string, Record<string, unknown>][] {
  const options = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});
  if (isRecord(value)) return Object.entries(value).map(([name, v]) => [name, options(v)]);
  if (!Array.isArray(value)) return [];
  const out: [string, Record<string, unknown>][] = [];
  for (const item of value) {
    if (typeof item === "string") out.push([item, {}]);
    else if (isRecord(item)) for (const [name, v] of Object.entries(item)) out.push([name, options(v)]);
  }
  return out;
}

const strings = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string" && v.trim() !== "").map((v) => v.trim());

/** `!relative $config_dir/x` -> "x"; `$docs_dir/x` -> docs_dir/x; bare `!relative` (the page's folder) -> docs_dir. */
function relativeSpec(value: RelativePath, docsDir: string): string {
  const spec = value.spec;
  if (spec === "" || spec === "$docs_dir") return docsDir;
  if (spec === "$config_dir") return ".";
  if (spec.startsWith("$config_dir/")) return spec.slice("$config_dir/".length);
  if (spec.startsWith("$docs_dir/")) return `${docsDir}/${spec.slice("$docs_dir/".length)}`;
  return spec;
}

function pathList(value: unknown, docsDir: string): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((v) => (v instanceof RelativePath ? [relativeSpec(v, docsDir)] : strings(v)));
}

/** mkdocs-macros: include_dir, include_yaml (paths or { key: path }), module_name (.py file or package). */
function macrosReferences(options: Record<string, unknown>, field: string): ConfigReference[] {
  const refs: ConfigReference[] = [];
  for (const dir of strings(options.include_dir)) refs.push({ field: `${field}.include_dir`, path: dir });
  const yamls = Array.isArray(options.include_yaml) ? options.include_yaml : [options.include_yaml];
  for (const item of yamls) {
    for (const path of isRecord(item) ? strings(Object.values(item)) : strings(item)) refs.push({ field: `${field}.include_yaml`, path });
  }
  const module = strings(options.module_name)[0] ?? "main";
  refs.push({ field: `${field}.module_name`, path: `${module}.py` }, { field: `${field}.module_name`, path: module });
  return refs;
}

export function siteNeeds(config: MkdocsConfig): SiteNeeds {
  const docsDir = strings(config.docs_dir)[0] ?? "docs";
  const references: ConfigReference[] = [];

  let theme: string | null = "mkdocs";
  if (typeof config.theme === "string") theme = config.theme.trim() || "mkdocs";
  else if (isRecord(config.theme)) {
    const name = strings(config.theme.name)[0];
    const customDirs = pathList(config.theme.custom_dir ?? [], docsDir);
    theme = name ?? (customDirs.length ? null : "mkdocs");
    for (const dir of customDirs) references.push({ field: "theme.custom_dir", path: dir });
  }

  for (const hook of pathList(config.hooks ?? [], docsDir)) references.push({ field: "hooks", path: hook });
  for (const watched of pathList(config.watch ?? [], docsDir)) references.push({ field: "watch", path: watched });

  const extensions = namedEntries(config.markdown_extensions);
  for (const [name, options] of extensions) {
    if (name !== "pymdownx.snippets") continue;
    const basePaths = "base_path" in options ? pathList(options.base_path, docsDir) : ["."];
    for (const base of basePaths) references.push({ field: "markdown_extensions.pymdownx.snippets.base_path", path: base });
  }

  const plugins = namedEntries(config.plugins);
  for (const [name, options] of plugins) {
    if (name === "macros") references.push(...macrosReferences(options, "plugins.macros"));
  }

  return { docsDir, theme, plugins: plugins.map(([n]) => n), markdownExtensions: extensions.map(([n]) => n), references };
}
