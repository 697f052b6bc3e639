/**
 * The rules a promotion request must pass before anything is read from Google: which targets
 * (--service / --job / --all), two different environments, and the explicit --confirm=<to> a
 * protected target environment needs. Pure; every refusal prints the command to run instead.
 */
import type { SuggestCall } from "../lib/suggested-call.js";

export interface PromotionFlags {
  from: string;
  to: string;
  service: string;
  job: string;
  all: boolean;
  confirm: string;
  format: string;
}

/** What to promote: every service and job of the catalog, or the named ones. */
export type PromotionSelection = { all: true } | { all: false; services: string[]; jobs: string[] };

/** The promote command line for `flags`, written by `call` (which adds the command's --catalog and --credentials). */
export function promoteCommandLine(flags: PromotionFlags, call: SuggestCall, confirm = flags.confirm): string {
  const parts = ["promote", `--from=${flags.from}`, `--to=${flags.to}`];
  if (flags.all) parts.push("--all");
  if (flags.service) parts.push(`--service=${flags.service}`);
  if (flags.job) parts.push(`--job=${flags.job}`);
  if (confirm) parts.push(`--confirm=${confirm}`);
  if (flags.format && flags.format !== "text") parts.push(`--format=${flags.format}`);
  return call(parts.join(" "));
}

export function parseSelection(flags: Pick<PromotionFlags, "service" | "job" | "all">): PromotionSelection {
  if (flags.all && (flags.service || flags.job)) {
    throw new Error(`promote takes --all OR --service/--job, not both (got --all with ${[flags.service && `--service=${flags.service}`, flags.job && `--job=${flags.job}`].filter(Boolean).join(" and ")}); \`dagger call list\` shows the names.`);
  }
  if (flags.all) return { all: true };
  if (!flags.service && !flags.job) throw new Error("promote needs something to promote: --service=NAME, --job=NAME (or both), or --all for every service and job; `dagger call list` shows the names.");
  return { all: false, services: flags.service ? [flags.service] : [], jobs: flags.job ? [flags.job] : [] };
}

/** --from and --to name two different environments (their existence is checked against the catalog by the caller). */
export function checkEnvironmentPair(flags: Pick<PromotionFlags, "from" | "to">): void {
  if (!flags.from || !flags.to) throw new Error(`promote needs both --from (the environment whose running image is promoted) and --to (the environment that receives it), e.g. --from=staging --to=prod.`);
  if (flags.from === flags.to) throw new Error(`--from and --to are both "${flags.from}": promote copies what one environment runs into another. To release again in ${flags.from}, use deploy.`);
}

/**
 * A protected target needs --confirm equal to its name exactly; a --confirm that names another
 * environment is refused for any target (it was meant for a different promotion).
 */
export function checkConfirmation(flags: PromotionFlags, targetProtected: boolean, call: SuggestCall): void {
  if (flags.confirm && flags.confirm !== flags.to) {
    throw new Error(
      `--confirm=${flags.confirm} does not match the target environment "${flags.to}"; nothing was read or changed. --confirm must name the environment that receives the release, exactly. To promote into ${flags.to}, run:\n  ${promoteCommandLine(flags, call, flags.to)}`,
    );
  }
  if (targetProtected && !flags.confirm) {
    throw new Error(
      `environment "${flags.to}" is protected (protected: true in project.yaml): promoting into it needs --confirm=${flags.to}; nothing was read or changed. Run:\n  ${promoteCommandLine(flags, call, flags.to)}`,
    );
  }
}
