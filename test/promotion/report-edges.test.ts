/**
 * Promotion reports, the parts machines and people read that the other report tests leave open:
 * the JSON report's shape (its `kind` says what it is) and a job's lines, which have no revision.
 */
import { describe, expect, it } from "vitest";
import { concludePromotion, formatPromotion, promotionReport } from "../../ci/src/promotion/report.js";
import type { PromotionSource } from "../../ci/src/promotion/source.js";
import { testCall } from "../support/suggested-call.js";

const A = `sha256:${"a".repeat(64)}`;
const ENVS = { from: "staging", to: "prod" };
const jobSource: PromotionSource = { cloudRunName: "ingestion", image: `reg/ingestion@${A}`, digest: A, commit: "89abcde" };

describe("the promotion report as JSON", () => {
  it("says it is a promotion, between which environments, and how long it took", () => {
    expect(promotionReport(ENVS, [], 1500)).toEqual({ kind: "promotion", from: "staging", to: "prod", ok: false, targets: [], durationMs: 1500 });
  });
});

describe("a promoted job in the text report", () => {
  it("names the image each environment runs, with no revision (jobs have none)", () => {
    const job = concludePromotion(ENVS, "job", "ingestion", jobSource, { status: "created" as const }, { cloudRunName: "ingestion", image: jobSource.image, digest: A }, testCall);
    expect(formatPromotion(promotionReport(ENVS, [job], 200)).split("\n")).toEqual([
      "promote staging -> prod: OK (1 promoted) in 0.2s",
      "",
      "job ingestion: CREATED",
      `  staging serves: reg/ingestion@${A}  (commit 89abcde)`,
      `  prod serves:    reg/ingestion@${A}  (read back after the release)`,
      `  digest: ${A} in both environments (EQUAL)`,
    ]);
  });
});
