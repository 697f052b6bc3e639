/**
 * Notification channels are named in the catalog by display name, as people see them in Cloud
 * Monitoring; alert policies need the channel's resource name. Every name is resolved before
 * anything is written: an unknown name (or one two channels share) fails the whole sync and lists
 * the channels that exist. Pure.
 */
import type { NotificationChannelResource } from "../gcp/monitoring-resources.js";

export class NotificationChannelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotificationChannelError";
  }
}

export interface ChannelUse {
  /** The display name the catalog gives. */
  displayName: string;
  /** Where the catalog names it: "pipelines/project.yaml: monitoring.notificationChannels". */
  where: string;
}

/** Display name -> projects/P/notificationChannels/ID for every name `uses` gives. */
export function resolveChannels(project: string, uses: readonly ChannelUse[], existing: readonly NotificationChannelResource[]): Map<string, string> {
  const byName = new Map<string, string[]>();
  for (const c of existing) {
    if (!c.name || !c.displayName) continue;
    byName.set(c.displayName, [...(byName.get(c.displayName) ?? []), c.name]);
  }
  const known = [...byName.keys()].sort((a, b) => a.localeCompare(b));
  const problems: string[] = [];
  const resolved = new Map<string, string>();
  const seen = new Set<string>();
  for (const use of uses) {
    if (seen.has(use.displayName)) continue;
    seen.add(use.displayName);
    const names = byName.get(use.displayName) ?? [];
    if (names.length === 1) resolved.set(use.displayName, names[0]!);
    else if (names.length === 0) problems.push(`  - "${use.displayName}" (${use.where}) is not a notification channel of project ${project}`);
    else problems.push(`  - "${use.displayName}" (${use.where}) names ${names.length} channels of project ${project} (${names.join(", ")}); give them distinct display names`);
  }
  if (problems.length) {
    const list = known.length ? known.map((n) => JSON.stringify(n)).join(", ") : "none";
    throw new NotificationChannelError(
      `Notification channels the catalog names could not be found:\n${problems.join("\n")}\nExisting channels in ${project}: ${list}.\nUse one of those display names, or create the channel in Cloud Monitoring (Alerting > Edit notification channels) first. Nothing was changed.`,
    );
  }
  return resolved;
}
