/**
 * The monitoring report as text: one line per uptime check and alert policy, with what the sync
 * did (or, in a dry run, would do) and the name read back. Pure.
 */
import type { MonitoringReport } from "./sync.js";

export function formatMonitoringReport(r: MonitoringReport): string {
  const status = r.dryRun ? "DRY RUN, nothing changed" : r.ok ? "OK" : "FAILED";
  const lines = [`monitoring (${r.environment}, ${r.project}): ${status}`];
  for (const o of r.outcomes) {
    const what = o.resource === "uptime-check" ? "uptime check" : "alert policy";
    lines.push(`  ${o.action.toUpperCase().padEnd(9)} ${what} ${o.key || o.name}${o.displayName ? ` "${o.displayName}"` : ""}${o.fields ? ` (${o.fields.join(", ")})` : ""}${o.name && o.key ? ` ${o.name}` : ""}${o.error ? `: ${o.error}` : ""}`);
  }
  if (!r.outcomes.length) lines.push("  nothing to monitor: the catalog has no monitoring settings for this environment");
  const orphans = r.outcomes.filter((o) => o.action === "orphaned" || o.action === "orphan").length;
  if (orphans) lines.push(`  ${orphans} resource(s) carry this pipeline's labels for ${r.environment} but are no longer in the catalog; pass --prune to delete them.`);
  return lines.join("\n");
}
