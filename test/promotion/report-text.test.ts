/**
 * Promotion reports: the whole reason of a digest mismatch for a service and for a job, a refused
 * target with its source, the text of a failed target without a revision or digest, and an OK
 * summary. Written from Stryker's survivors in promotion/report.ts (issue 12).
 */
import { describe, expect, it } from "vitest";
import { concludePromotion, formatPromotion, promotionReport, refusedPromotion } from "../../ci/src/promotion/report.js";
import type { PromotionSource } from "../../ci/src/promotion/source.js";
import { testCall } from "../support/suggested-call.js";

const A = `sha256:${"a".repeat(64)}`;
const B = `sha256:${"b".repeat(64)}`;
const ENVS = { from: "staging", to: "prod" };
const source: PromotionSource = { cloudRunName: "alie", revision: "alie-89abcde-k3x9p", image: `reg/alie@${A}`, digest: A, commit: "89abcde", gate: "served" };
const jobSource: PromotionSource = { cloudRunName: "ingestion", image: `reg/ingestion@${A}`, digest: A, commit: "89abcde", gate: "served" } as PromotionSource;

describe("promotion report text", () => {
  it("gives the whole reason of a mismatch, with the status command for the service", () => {
    const t = concludePromotion(ENVS, "service", "alie", source, { status: "deployed" as const }, { cloudRunName: "alie", digest: B, image: `x@${B}` }, testCall);
    expect(t.reason).toBe(
      `the release into prod reported deployed, but prod now serves ${B} while staging serves ${A} (revision alie-89abcde-k3x9p): the digests differ, so nothing proves prod runs what staging validated. Check \`dagger call status --all-envs --service=alie --credentials=env://GCP_CREDENTIALS\` before promoting again.`,
    );
  });

  it("gives the status command without --service for a job, and says when nothing was read back", () => {
    const t = concludePromotion(ENVS, "job", "ingestion", jobSource, { status: "created" as const }, { cloudRunName: "ingestion" }, testCall);
    expect(t.reason).toBe(
      `the release into prod reported created, but prod now serves no single digest (nothing read back) while staging serves ${A}: the digests differ, so nothing proves prod runs what staging validated. Check \`dagger call status --all-envs --credentials=env://GCP_CREDENTIALS\` before promoting again.`,
    );
  });

  it("names the release's status when it failed without a reason", () => {
    const t = concludePromotion(ENVS, "service", "alie", source, { status: "failed" as const }, { cloudRunName: "alie", digest: A }, testCall);
    expect(t).toMatchObject({ status: "failed", ok: false, reason: "the release into prod ended failed" });
  });

  it("keeps the source of a refused target, and leaves it out when there is none", () => {
    expect(refusedPromotion("service", "alie", "split", source)).toEqual({ kind: "service", target: "alie", status: "refused", ok: false, reason: "split", source });
    expect(refusedPromotion("service", "alie", "split")).toEqual({ kind: "service", target: "alie", status: "refused", ok: false, reason: "split" });
  });

  it("prints a mismatch with the missing revision, image and digest spelled out", () => {
    const t = concludePromotion(ENVS, "job", "ingestion", jobSource, { status: "created" as const }, { cloudRunName: "ingestion", problem: "no execution template" }, testCall);
    expect(formatPromotion(promotionReport(ENVS, [t], 250)).split("\n")).toEqual([
      "promote staging -> prod: FAILED (1 of 1 not promoted) in 0.3s",
      "",
      "job ingestion: FAILED",
      `  staging serves: ${jobSource.image}  (commit 89abcde)`,
      "  prod serves:    (no execution template)  (read back after the release)",
      `  digest: DIFFERENT: staging ${A}, prod none`,
      `  reason: ${t.reason}`,
    ]);
  });

  it("prints a refused target with its source but no read-back, and an OK summary", () => {
    const refused = formatPromotion(promotionReport(ENVS, [refusedPromotion("service", "alie", "split", source)], 0)).split("\n");
    expect(refused).toEqual([
      "promote staging -> prod: FAILED (1 of 1 not promoted) in 0.0s",
      "",
      "service alie: REFUSED",
      `  staging serves: alie-89abcde-k3x9p  ${source.image}  (commit 89abcde)`,
      "  reason: split",
    ]);
    const ok = concludePromotion(ENVS, "service", "alie", source, { status: "unchanged" as const }, { cloudRunName: "alie", digest: A, image: source.image }, testCall);
    expect(formatPromotion(promotionReport(ENVS, [ok], 2000)).split("\n")[0]).toBe("promote staging -> prod: OK (1 promoted) in 2.0s");
    expect(formatPromotion(promotionReport(ENVS, [ok], 2000)).split("\n")).toHaveLength(6);
  });
});
