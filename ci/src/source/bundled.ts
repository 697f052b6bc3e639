/**
 * Telling a user when --source is this module's own repository (a remote module called without
 * --source reads the repository it was loaded from, with its bundled example), so a report never
 * passes silently on the wrong repository.
 */
import type { Directory } from "@dagger.io/dagger";

/** The module's name in its own dagger.json. */
export const MODULE_NAME = "cloud-run-pipeline";

export const BUNDLED_EXAMPLE_NOTICE =
  `NOTE: --source is ${MODULE_NAME}'s own repository, so this reads its bundled example catalog, not your repository. ` +
  `Pass your repository: dagger -m github.com/OWNER/${MODULE_NAME}@vX call --source=. <function> (or install it as a toolchain; README "Use it in your repository").`;

/** True when the source's dagger.json declares this module (its own repository). */
export async function isModuleRepository(source: Directory): Promise<boolean> {
  let text: string;
  try {
    text = await source.file("dagger.json").contents();
  } catch {
    return false;
  }
  try {
    return (JSON.parse(text) as { name?: unknown }).name === MODULE_NAME;
  } catch {
    return false;
  }
}

/** The text with the notice as its first line when the source is the module's own repository. */
export function withNotice(notice: string | undefined, text: string): string {
  return notice ? `${notice}\n\n${text}` : text;
}

/** JSON output with a leading "notice" key when the source is the module's own repository. */
export function jsonWithNotice(notice: string | undefined, json: string): string {
  if (!notice) return json;
  const value: unknown = JSON.parse(json);
  const body = value && typeof value === "object" && !Array.isArray(value) ? value : { result: value };
  return JSON.stringify({ notice, ...body }, null, 2);
}

/** The text `make` returns, or the error it fails with, led by the note when there is one. */
export async function withNote(note: string | undefined, make: () => Promise<string>): Promise<string> {
  try {
    return withNotice(note, await make());
  } catch (err) {
    if (note && err instanceof Error) err.message = withNotice(note, err.message);
    throw err;
  }
}

/**
 * A report made by `make`, or the error it fails with, whose first line says so when the source
 * is this module's own repository (the bundled example), never a silent pass on the wrong repository.
 */
export async function reportOn(source: Directory, make: () => Promise<string>, format = "text"): Promise<string> {
  const notice = (await isModuleRepository(source)) ? BUNDLED_EXAMPLE_NOTICE : undefined;
  let out: string;
  try {
    out = await make();
  } catch (err) {
    if (notice && err instanceof Error) err.message = withNotice(notice, err.message);
    throw err;
  }
  return format === "json" ? jsonWithNotice(notice, out) : withNotice(notice, out);
}
