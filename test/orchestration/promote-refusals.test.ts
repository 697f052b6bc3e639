/**
 * `dagger call promote` checks its request before Google: a protected target without --confirm
 * (or with a wrong one), --from equal to --to, an unknown environment or target, a bad --format.
 * Through the module class the credentials hold garbage and are never even read (no Secret leaf
 * reaches the fake Dagger session), so no client is opened and no request is sent; the other
 * cases run the same checks on commands/promote.ts planPromotion, which runs before Google opens.
 */
import { dag, type Secret } from "@dagger.io/dagger";
import { describe, expect, it } from "vitest";
import { parseCatalog } from "../../ci/src/catalog/parse.js";
import { Format } from "../../ci/src/commands/choices.js";
import { planPromotion, type PromotionFlags } from "../../ci/src/commands/promote.js";
import { CloudRunPipeline } from "../../ci/src/index.js";
import { BUNDLED_EXAMPLE_NOTICE } from "../../ci/src/source/bundled.js";
import { layoutFiles, LAYOUTS } from "../support/catalog-layouts.js";
import { useFakeDaggerSession } from "../support/dagger/index.js";
import { GIT_SHA, rejection, repoSource } from "./support.js";
import { testCall } from "../support/suggested-call.js";

const session = useFakeDaggerSession();
const credentials = (): Secret => dag.setSecret("gcp-credentials", "garbage that is not a credential");
const pipeline = (): CloudRunPipeline => new CloudRunPipeline(repoSource(), GIT_SHA);

async function refusedBeforeGoogle(call: Promise<unknown>): Promise<string> {
  const err = await rejection(call);
  // Its uri (where it came from, which suggested commands repeat) is read up front; nothing else of it.
  expect(session().leaves().filter((l) => l.on === "Secret" && l.field !== "uri")).toEqual([]);
  return err.message.replace(`${BUNDLED_EXAMPLE_NOTICE}\n\n`, "");
}

describe("promote into a protected environment", () => {
  it("is refused without --confirm, with the exact command to re-run", async () => {
    const message = await refusedBeforeGoogle(pipeline().promote("staging", "prod", credentials(), "alie"));
    expect(message).toBe(
      'environment "prod" is protected (protected: true in project.yaml): promoting into it needs --confirm=prod; nothing was read or changed. Run:\n  dagger call promote --from=staging --to=prod --service=alie --confirm=prod --credentials=CREDENTIALS',
    );
  });

  it("is refused with a --confirm that is not the target's name", async () => {
    const message = await refusedBeforeGoogle(pipeline().promote("staging", "prod", credentials(), "", "ingestion", false, "production"));
    expect(message).toContain('--confirm=production does not match the target environment "prod"');
    expect(message).toContain("dagger call promote --from=staging --to=prod --job=ingestion --confirm=prod --credentials=CREDENTIALS");
  });

});

/** The same checks on the plan itself (commands/promote.ts planPromotion), which runs before Google is opened. */
describe("promote checks its request", () => {
  const catalog = () => parseCatalog(layoutFiles(LAYOUTS.bundled), LAYOUTS.bundled.dir);
  const flags = (over: Partial<PromotionFlags>): PromotionFlags => ({ from: "staging", to: "prod", service: "", job: "", all: false, confirm: "prod", format: "text", ...over });
  const planError = (over: Partial<PromotionFlags>): string => {
    try {
      planPromotion(catalog(), flags(over), testCall);
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error("expected a refusal");
  };

  it("refuses --from equal to --to through the module, before Google", async () => {
    expect(await refusedBeforeGoogle(pipeline().promote("staging", "staging", credentials(), "alie"))).toContain('--from and --to are both "staging"');
  });

  it("refuses --all without --confirm into prod", () => {
    expect(planError({ all: true, confirm: "" })).toContain("dagger call promote --from=staging --to=prod --all --confirm=prod --credentials=env://GCP_CREDENTIALS");
  });

  it("lists the declared environments for an unknown one", () => {
    expect(planError({ from: "qa", service: "alie" })).toBe('Unknown environment "qa". Valid environments: dev, staging, prod.');
    expect(planError({ to: "production", service: "alie", confirm: "" })).toBe('Unknown environment "production". Valid environments: dev, staging, prod.');
  });

  it("lists the valid names for an unknown service or job", () => {
    expect(planError({ service: "alie-v2" })).toBe('Unknown service "alie-v2". Valid services: alie, cloud, playground.');
    expect(planError({ job: "ingest" })).toBe('Unknown job "ingest". Valid jobs: ingestion.');
  });

  it("needs a target, and --all alone", () => {
    expect(planError({})).toContain("promote needs something to promote");
    expect(planError({ service: "alie", all: true })).toContain("promote takes --all OR --service/--job, not both");
  });

  it("plans every service and job for --all, and the named ones otherwise", () => {
    const all = planPromotion(catalog(), flags({ all: true }), testCall);
    expect([all.from.name, all.to.name, all.to.project]).toEqual(["staging", "prod", "dataface-prod"]);
    expect([...all.services.map((s) => s.name), ...all.jobs.map((j) => j.name)]).toEqual(["alie", "cloud", "playground", "ingestion"]);
    const one = planPromotion(catalog(), flags({ from: "dev", to: "staging", confirm: "", job: "ingestion" }), testCall);
    expect([one.services.length, one.jobs.map((j) => j.name)]).toEqual([0, ["ingestion"]]);
  });
});

describe("status --all-envs", () => {
  it("is refused with --env, before Google", async () => {
    expect(await refusedBeforeGoogle(pipeline().status(credentials(), "", "prod", Format.Text, true))).toBe("--all-envs reads every environment of the catalog; drop --env=prod (or drop --all-envs to see prod alone).");
  });
});
