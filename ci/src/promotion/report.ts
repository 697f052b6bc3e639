/**
 * Promotion reports: per target, the digest the source environment serves, the outcome of the
 * release into the target environment, and the proof, from both environments read back, that the
 * target now serves that same digest. Printed for people, JSON for machines. Pure.
 */
import type { ReleaseStatus } from "../lib/release-status.js";
import type { SuggestCall } from "../lib/suggested-call.js";
import type { PromotionSource } from "./source.js";

export type PromotionStatus = ReleaseStatus | "refused";

/** What the target environment runs after the release, read back from Cloud Run. */
export interface TargetReadBack {
  cloudRunName: string;
  /** The revision serving 100% (services). */
  revision?: string;
  image?: string;
  digest?: string;
  /** Why no single serving image could be read (split traffic, no service, a failed read). */
  problem?: string;
}

export interface TargetPromotion<Release = unknown> {
  kind: "service" | "job";
  /** The catalog name. */
  target: string;
  status: PromotionStatus;
  ok: boolean;
  /** The image read in the source environment (absent when refused before it was known). */
  source?: PromotionSource;
  /** The target environment after the release, read back. */
  now?: TargetReadBack;
  /** Whether the digest read back in the target equals the one read in the source. */
  digestsEqual?: boolean;
  reason?: string;
  /** The release's own report (services/report.ts, jobs/job-report.ts). */
  release?: Release;
}

export interface PromotionReport<Release = unknown> {
  kind: "promotion";
  from: string;
  to: string;
  ok: boolean;
  targets: Array<TargetPromotion<Release>>;
  durationMs: number;
}

const SUCCEEDED: readonly ReleaseStatus[] = ["created", "deployed", "unchanged"];

export function refusedPromotion(kind: TargetPromotion["kind"], target: string, reason: string, source?: PromotionSource): TargetPromotion<never> {
  return { kind, target, status: "refused", ok: false, reason, ...(source ? { source } : {}) };
}

/**
 * A release's outcome judged against what was read back: a release that succeeded is a promotion
 * only when the target now serves the source's digest; otherwise it fails naming both digests.
 */
export function concludePromotion<Release>(
  envs: { from: string; to: string },
  kind: TargetPromotion["kind"],
  target: string,
  source: PromotionSource,
  release: Release & { status: ReleaseStatus; reason?: string },
  now: TargetReadBack,
  call: SuggestCall,
): TargetPromotion<Release> {
  const digestsEqual = now.digest === source.digest;
  const base = { kind, target, source, now, digestsEqual, release };
  if (!SUCCEEDED.includes(release.status)) return { ...base, status: release.status, ok: false, reason: release.reason ?? `the release into ${envs.to} ended ${release.status}` };
  if (digestsEqual) return { ...base, status: release.status, ok: true };
  const served = now.digest ? `${now.digest}${now.revision ? ` (revision ${now.revision})` : ""}` : `no single digest (${now.problem ?? "nothing read back"})`;
  return {
    ...base,
    status: "failed",
    ok: false,
    reason: `the release into ${envs.to} reported ${release.status}, but ${envs.to} now serves ${served} while ${envs.from} serves ${source.digest}${source.revision ? ` (revision ${source.revision})` : ""}: the digests differ, so nothing proves ${envs.to} runs what ${envs.from} validated. Check \`${call(`status --all-envs${kind === "service" ? ` --service=${target}` : ""}`)}\` before promoting again.`,
  };
}

export function promotionReport<Release>(envs: { from: string; to: string }, targets: Array<TargetPromotion<Release>>, durationMs: number): PromotionReport<Release> {
  return { kind: "promotion", ...envs, ok: targets.length > 0 && targets.every((t) => t.ok), targets, durationMs };
}

/** `details` adds the release's own report under a target (indented by the caller's formatter). */
export function formatPromotion<Release>(r: PromotionReport<Release>, details: (t: TargetPromotion<Release>) => string | undefined = () => undefined): string {
  const failed = r.targets.filter((t) => !t.ok).length;
  const summary = r.ok ? `OK (${r.targets.length} promoted)` : `FAILED (${failed} of ${r.targets.length} not promoted)`;
  const width = Math.max(r.from.length, r.to.length) + " serves:".length;
  const label = (env: string) => `${env} serves:`.padEnd(width);
  const lines = [`promote ${r.from} -> ${r.to}: ${summary} in ${(r.durationMs / 1000).toFixed(1)}s`];
  for (const t of r.targets) {
    lines.push("", `${t.kind} ${t.target}: ${t.status.toUpperCase()}`);
    if (t.source) lines.push(`  ${label(r.from)} ${t.source.revision ? `${t.source.revision}  ` : ""}${t.source.image}  (commit ${t.source.commit})`);
    if (t.now) lines.push(`  ${label(r.to)} ${t.now.revision ? `${t.now.revision}  ` : ""}${t.now.image ?? `(${t.now.problem ?? "nothing"})`}  (read back after the release)`);
    if (t.source && t.now) lines.push(`  digest: ${t.digestsEqual ? `${t.source.digest} in both environments (EQUAL)` : `DIFFERENT: ${r.from} ${t.source.digest}, ${r.to} ${t.now.digest ?? "none"}`}`);
    if (t.reason) lines.push(`  reason: ${t.reason}`);
    const more = details(t);
    if (more) lines.push(...more.split("\n").map((l) => `  ${l}`));
  }
  return lines.join("\n");
}
