/**
 * Labels the pipeline owns on a service or job. Labels are merged with the live ones, so labels
 * other people set (billing, org tooling) survive a deploy; the keys the pipeline itself wrote are
 * kept in the annotation `cloud-run-pipeline/labels`, so a label removed from the catalog is
 * removed on the next deploy instead of lingering.
 */
export const OWNED_LABELS_ANNOTATION = "cloud-run-pipeline/labels";

type Labels = Record<string, string> | null | undefined;

export interface MergedLabels {
  labels: Record<string, string>;
  /** The annotation value to store: the keys the pipeline writes now. */
  owned: string;
}

/** Live labels minus the ones the pipeline wrote last time, plus the rendered ones. */
export function mergeLabels(live: Labels, liveAnnotations: Labels, rendered: Record<string, string>): MergedLabels {
  const ownedBefore = new Set((liveAnnotations?.[OWNED_LABELS_ANNOTATION] ?? "").split(",").filter(Boolean));
  const kept = Object.fromEntries(Object.entries(live ?? {}).filter(([key]) => !ownedBefore.has(key)));
  return { labels: { ...kept, ...rendered }, owned: Object.keys(rendered).sort().join(",") };
}
