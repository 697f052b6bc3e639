/**
 * The rules a promotion request passes before Google is touched (promotion/request.ts): what to
 * promote, two different environments, and --confirm=<to> for a protected target, each refusal
 * printing the command to run instead.
 */
import { describe, expect, it } from "vitest";
import { checkConfirmation, checkEnvironmentPair, parseSelection, promoteCommandLine, type PromotionFlags } from "../../ci/src/promotion/request.js";
import { testCall } from "../support/suggested-call.js";

const flags = (over: Partial<PromotionFlags> = {}): PromotionFlags => ({ from: "staging", to: "prod", service: "alie", job: "", all: false, confirm: "", format: "text", ...over });
const message = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("expected an error");
};

describe("confirming a protected target", () => {
  it("refuses a protected target without --confirm, with the exact command to re-run", () => {
    expect(message(() => checkConfirmation(flags(), true, testCall))).toBe(
      'environment "prod" is protected (protected: true in project.yaml): promoting into it needs --confirm=prod; nothing was read or changed. Run:\n  dagger call promote --from=staging --to=prod --service=alie --confirm=prod --credentials=env://GCP_CREDENTIALS',
    );
  });

  it("accepts --confirm equal to the target's name", () => {
    expect(() => checkConfirmation(flags({ confirm: "prod" }), true, testCall)).not.toThrow();
  });

  it("refuses a --confirm that is not the target's name exactly (case, another environment)", () => {
    for (const confirm of ["Prod", "production", "staging", "yes"]) {
      const text = message(() => checkConfirmation(flags({ confirm }), true, testCall));
      expect(text).toContain(`--confirm=${confirm} does not match the target environment "prod"`);
      expect(text).toContain("dagger call promote --from=staging --to=prod --service=alie --confirm=prod");
    }
  });

  it("refuses a --confirm naming another environment even when the target is not protected", () => {
    expect(message(() => checkConfirmation(flags({ to: "staging", from: "dev", confirm: "prod" }), false, testCall))).toContain('--confirm=prod does not match the target environment "staging"');
  });

  it("needs no --confirm for an unprotected target", () => {
    expect(() => checkConfirmation(flags({ from: "dev", to: "staging" }), false, testCall)).not.toThrow();
  });

  it("keeps --all, --job and --format in the command it prints", () => {
    expect(promoteCommandLine(flags({ service: "", all: true, format: "json" }), testCall, "prod")).toBe("dagger call promote --from=staging --to=prod --all --confirm=prod --format=json --credentials=env://GCP_CREDENTIALS");
    expect(promoteCommandLine(flags({ job: "ingestion" }), testCall, "prod")).toBe("dagger call promote --from=staging --to=prod --service=alie --job=ingestion --confirm=prod --credentials=env://GCP_CREDENTIALS");
  });
});

describe("the environments", () => {
  it("refuses --from equal to --to", () => {
    expect(message(() => checkEnvironmentPair({ from: "prod", to: "prod" }))).toBe('--from and --to are both "prod": promote copies what one environment runs into another. To release again in prod, use deploy.');
  });

  it("needs both", () => {
    expect(message(() => checkEnvironmentPair({ from: "", to: "prod" }))).toContain("promote needs both --from");
  });
});

describe("what to promote", () => {
  it("takes a service, a job, or both", () => {
    expect(parseSelection({ service: "alie", job: "", all: false })).toEqual({ all: false, services: ["alie"], jobs: [] });
    expect(parseSelection({ service: "alie", job: "ingestion", all: false })).toEqual({ all: false, services: ["alie"], jobs: ["ingestion"] });
  });

  it("takes --all alone", () => {
    expect(parseSelection({ service: "", job: "", all: true })).toEqual({ all: true });
    expect(message(() => parseSelection({ service: "alie", job: "", all: true }))).toContain("promote takes --all OR --service/--job, not both (got --all with --service=alie)");
  });

  it("needs something", () => {
    expect(message(() => parseSelection({ service: "", job: "", all: false }))).toContain("--service=NAME, --job=NAME (or both), or --all");
  });
});
