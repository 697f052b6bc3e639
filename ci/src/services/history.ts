/**
 * What served, kept on the service itself (service annotations the pipeline owns), so `rollback`
 * knows where to go: Cloud Run calls a revision "ready" even when it failed our health gate.
 *
 * - `cloud-run-pipeline/served`: revisions that served 100% after passing the gate (or were
 *   serving before a deploy replaced them), newest first.
 * - `cloud-run-pipeline/failed`: candidates that failed the gate, newest first.
 * Both are written in the same UpdateService as the traffic change they describe, never alone.
 */
export const SERVED_ANNOTATION = "cloud-run-pipeline/served";
export const FAILED_ANNOTATION = "cloud-run-pipeline/failed";
/** Entries kept per list: a revision name is < 64 characters, so this stays far below annotation limits. */
export const HISTORY_LENGTH = 10;

type Annotations = Record<string, string> | null | undefined;

const listOf = (annotations: Annotations, key: string): string[] =>
  (annotations?.[key] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

export const servedHistory = (annotations: Annotations): string[] => listOf(annotations, SERVED_ANNOTATION);
export const failedHistory = (annotations: Annotations): string[] => listOf(annotations, FAILED_ANNOTATION);

function withList(annotations: Annotations, key: string, list: string[]): Record<string, string> {
  const unique = list.filter((r, i) => r && list.indexOf(r) === i).slice(0, HISTORY_LENGTH);
  const { [key]: _old, ...others } = annotations ?? {};
  return unique.length ? { ...others, [key]: unique.join(",") } : others;
}

/** After a promote: the new revision first, then what served before it, then the older history. */
export function recordServed(annotations: Annotations, revision: string, servedBefore: string | undefined): Record<string, string> {
  const rest = servedHistory(annotations);
  const served = withList(annotations, SERVED_ANNOTATION, [revision, ...(servedBefore ? [servedBefore] : []), ...rest]);
  return withList(served, FAILED_ANNOTATION, failedHistory(annotations).filter((r) => r !== revision));
}

/** After a candidate failed the gate (recorded in the restore). */
export function recordFailed(annotations: Annotations, revision: string): Record<string, string> {
  return withList(annotations, FAILED_ANNOTATION, [revision, ...failedHistory(annotations)]);
}
