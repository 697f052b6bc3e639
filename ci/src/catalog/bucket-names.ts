/**
 * Cloud Storage bucket naming rules, from https://cloud.google.com/storage/docs/buckets#naming
 * (also https://cloud.google.com/storage/docs/naming-buckets):
 * - only lowercase letters, digits, dashes, underscores and dots; starts and ends with a letter or digit;
 * - 3-63 characters; names with dots up to 222, each dot-separated part at most 63;
 * - not an IP address in dotted-decimal notation; not beginning with "goog";
 *   not containing "google" or close misspellings such as "g00gle".
 * (Dotted names also need domain verification, which only Google can check.)
 */

/** The shape editors see in the JSON Schema; bucketNameProblem checks the rest. */
export const BUCKET_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;

export const BUCKET_NAME_RULE =
  'must be a Cloud Storage bucket name: 3-63 lowercase letters, digits, "-", "_" and "." (up to 222 with dots, at most 63 between two dots), starting and ending with a letter or digit';

const isIpAddress = (name: string): boolean => /^\d{1,3}(\.\d{1,3}){3}$/.test(name) && name.split(".").every((part) => Number(part) <= 255);

/** "google" and its close misspellings (digits for letters: g00gle, goog1e, ...). */
const GOOGLE_LOOKALIKE = /g[o0][o0]g[l1][e3]/;

/** What breaks the naming rules, as a clause for the message; undefined for a valid name. */
export function bucketNameProblem(name: string): string | undefined {
  if (!BUCKET_NAME_PATTERN.test(name)) return undefined; // reported by the pattern, with BUCKET_NAME_RULE
  const parts = name.split(".");
  if (parts.some((part) => part === "")) return 'two dots in a row leave an empty part (".."); remove one';
  if (parts.length === 1 && name.length > 63) return `it has ${name.length} characters; names without dots have at most 63`;
  const long = parts.find((part) => part.length > 63);
  if (long) return `the part "${long.slice(0, 20)}..." has ${long.length} characters; each part between dots has at most 63`;
  if (isIpAddress(name)) return "it must not be an IP address";
  if (name.startsWith("goog")) return 'it must not begin with "goog"';
  if (GOOGLE_LOOKALIKE.test(name)) return 'it must not contain "google" or a look-alike such as "g00gle"';
  return undefined;
}
