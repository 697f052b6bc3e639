/**
 * Names of pull-request previews: the traffic tag `pr-N` that gives a preview its own URL, and the
 * revision label that marks a revision as a preview of PR N (so cleanup finds it after the tag
 * moved on to a newer preview revision).
 */

/** Template label on every preview revision: its value is the preview's tag ("pr-12"). */
export const PREVIEW_LABEL = "cloud-run-pipeline-preview";

/** `--pr` as a pull-request number: a whole number from 1, no sign, no leading zero. */
export function parsePr(pr: number): number {
  if (!Number.isSafeInteger(pr) || pr < 1) throw new Error(`--pr must be a pull request number (a whole number from 1), not ${pr}. In GitHub Actions pass \${{ github.event.pull_request.number }} through env:.`);
  return pr;
}

/** The traffic tag of PR N's preview, "pr-N". */
export const previewTag = (pr: number): string => `pr-${parsePr(pr)}`;

/** The object prefix of PR N's preview of a site published under `sitePrefix` ("" or ending in "/"). */
export const previewPrefix = (sitePrefix: string, pr: number): string => `${sitePrefix}${previewTag(pr)}/`;

/** Folders directly under a site's prefix that hold PR previews ("pr-12/"): a publish of the site leaves them alone. */
export const PREVIEW_FOLDER = /^pr-[1-9][0-9]*\//;
