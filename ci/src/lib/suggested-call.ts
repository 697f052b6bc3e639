/**
 * The `dagger call` commands reports and errors suggest, written so a user can paste them: they
 * repeat the flags the running command was given that the suggested one needs too — the catalog
 * folder (a constructor flag, right after `dagger call`) and the credentials (every release verb
 * needs them). Pure: the credentials' URI is read by the verb layer (Secret.uri()).
 */

/** The flags a suggested command repeats; "" for a flag it leaves out. */
export interface CallFlags {
  /** `--catalog=DIR` when the module was called with a catalog folder other than the default. */
  catalogFlag: string;
  /** `--credentials=URI` as given, or CREDENTIALS_PLACEHOLDER when the URI may not be shown. */
  credentialsFlag: string;
}

/** `call("rollback --service=alie --env=prod")` -> `dagger call rollback --service=alie --env=prod --credentials=env://GCP_CREDENTIALS`. */
export type SuggestCall = (args: string) => string;

/** Shown instead of credentials whose URI may not be repeated (cmd://, or none known). */
export const CREDENTIALS_PLACEHOLDER = "--credentials=CREDENTIALS";

/** Secret providers whose URI names where the secret lives, never the secret itself. */
const SHOWN_SCHEMES = ["env", "file", "op", "vault", "libsecret"];

/** A word the shell passes as is, else single-quoted. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The credentials flag for the URI the Secret was made from: env://, file://, op://, vault:// and
 * libsecret:// verbatim; anything else — cmd:// (its command may embed a token), an empty URI (a
 * setSecret), an unknown scheme — as CREDENTIALS_PLACEHOLDER, with nothing of the URI.
 */
export function credentialsFlagOf(uri: string): string {
  const scheme = /^([a-z]+):\/\/./.exec(uri)?.[1];
  return scheme && SHOWN_SCHEMES.includes(scheme) ? `--credentials=${shellWord(uri)}` : CREDENTIALS_PLACEHOLDER;
}

/** The catalog flag for the (normalized) catalog folder: none for the default folder. */
export function catalogFlagOf(catalogDir: string, defaultDir: string): string {
  return catalogDir === defaultDir ? "" : `--catalog=${shellWord(catalogDir)}`;
}

/** The suggestion writer for one command's flags. */
export function suggestCallWith(flags: CallFlags): SuggestCall {
  const prefix = flags.catalogFlag ? `dagger call ${flags.catalogFlag}` : "dagger call";
  return (args) => [prefix, args, flags.credentialsFlag].filter(Boolean).join(" ");
}
