/**
 * Promotion reports (promotion/report.ts): a succeeded release is a promotion only when the digest
 * read back in the target equals the source's; a mismatch fails naming both digests.
 */
import { describe, expect, it } from "vitest";
import { concludePromotion, formatPromotion, promotionReport, refusedPromotion } from "../../ci/src/promotion/report.js";
import type { PromotionSource } from "../../ci/src/promotion/source.js";
import { testCall } from "../support/suggested-call.js";

const A = `sha256:${"a".repeat(64)}`;
const B = `sha256:${"b".repeat(64)}`;
const ENVS = { from: "staging", to: "prod" };
const source: PromotionSource = { cloudRunName: "alie", revision: "alie-89abcde-k3x9p", image: `europe-west1-docker.pkg.dev/dataface-staging/dataface/alie@${A}`, digest: A, commit: "89abcde", gate: "served" };

describe("concluding a promotion", () => {
  it("is OK when the release succeeded and the target serves the source's digest", () => {
    const t = concludePromotion(ENVS, "service", "alie", source, { status: "deployed" as const }, { cloudRunName: "alie", revision: "alie-89abcde-aaaaa", image: source.image, digest: A }, testCall);
    expect(t).toMatchObject({ status: "deployed", ok: true, digestsEqual: true });
  });

  it("fails, naming both digests, when the target serves another digest after a release that reported success", () => {
    const t = concludePromotion(ENVS, "service", "alie", source, { status: "deployed" as const }, { cloudRunName: "alie", revision: "alie-0000000-other", image: `x@${B}`, digest: B }, testCall);
    expect(t).toMatchObject({ status: "failed", ok: false, digestsEqual: false });
    expect(t.reason).toContain(`prod now serves ${B} (revision alie-0000000-other) while staging serves ${A} (revision alie-89abcde-k3x9p): the digests differ`);
  });

  it("fails when nothing single could be read back", () => {
    const t = concludePromotion(ENVS, "service", "alie", source, { status: "unchanged" as const }, { cloudRunName: "alie", problem: "traffic is split: a 50%, b 50%" }, testCall);
    expect(t.ok).toBe(false);
    expect(t.reason).toContain("no single digest (traffic is split: a 50%, b 50%)");
  });

  it("keeps the release's own status and reason when it did not succeed", () => {
    const t = concludePromotion(ENVS, "service", "alie", source, { status: "rolled-back" as const, reason: "health check failed" }, { cloudRunName: "alie", digest: B }, testCall);
    expect(t).toMatchObject({ status: "rolled-back", ok: false, reason: "health check failed", digestsEqual: false });
  });
});

describe("the report", () => {
  it("is OK only when every target was promoted", () => {
    const ok = concludePromotion(ENVS, "service", "alie", source, { status: "deployed" as const }, { cloudRunName: "alie", digest: A, image: source.image }, testCall);
    expect(promotionReport(ENVS, [ok], 10).ok).toBe(true);
    expect(promotionReport(ENVS, [ok, refusedPromotion("service", "cloud", "split")], 10).ok).toBe(false);
    expect(promotionReport(ENVS, [], 10).ok).toBe(false);
  });

  it("prints both environments' revisions and images and the digest verdict", () => {
    const ok = concludePromotion(ENVS, "service", "alie", source, { status: "deployed" as const }, { cloudRunName: "alie", revision: "alie-89abcde-aaaaa", digest: A, image: source.image }, testCall);
    const text = formatPromotion(promotionReport(ENVS, [ok, refusedPromotion("job", "ingestion", "not managed")], 1500), () => "release details");
    expect(text.split("\n")).toEqual([
      "promote staging -> prod: FAILED (1 of 2 not promoted) in 1.5s",
      "",
      "service alie: DEPLOYED",
      `  staging serves: alie-89abcde-k3x9p  ${source.image}  (commit 89abcde)`,
      `  prod serves:    alie-89abcde-aaaaa  ${source.image}  (read back after the release)`,
      `  digest: ${A} in both environments (EQUAL)`,
      "  release details",
      "",
      "job ingestion: REFUSED",
      "  reason: not managed",
      "  release details",
    ]);
  });
});
