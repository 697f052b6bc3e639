/** Which file in the mkdocs folder is the config: the catalog's `config`, else mkdocs.yml, else mkdocs.yaml. */
export const DEFAULT_CONFIG_FILES = ["mkdocs.yml", "mkdocs.yaml"] as const;

/** The config file's name given the folder's entries, or undefined when it is not there. */
export function configFileName(config: string | undefined, folderEntries: string[]): string | undefined {
  const candidates = config ? [config] : DEFAULT_CONFIG_FILES;
  return candidates.find((name) => folderEntries.includes(name));
}
