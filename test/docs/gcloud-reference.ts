/**
 * The gcloud commands the runbooks use, with the flags each takes, copied from gcloud's reference
 * pages (https://cloud.google.com/sdk/gcloud/reference/ + the command path with `/`, e.g.
 * .../reference/run/services/update-traffic): each entry's SYNOPSIS, its LIST COMMAND FLAGS where
 * it has them, and the GCLOUD WIDE FLAGS every command takes. Only GA commands, and
 * `alpha monitoring policies list` (no GA `list` page). Add an entry from its reference page when
 * a runbook uses a command this table lacks; gcloud-commands.test.ts reports any other.
 */

export interface GcloudCommand {
  /** Positional arguments: at least `min`, at most `max`. */
  positionals: { min: number; max: number };
  /** Flags that take a value (`--region=REGION`). */
  flags: string[];
  /** Flags that take none (`--async`). */
  switches?: string[];
}

/** GCLOUD WIDE FLAGS, as every reference page lists them. */
export const WIDE_FLAGS = ["--access-token-file", "--account", "--billing-project", "--configuration", "--flags-file", "--flatten", "--format", "--impersonate-service-account", "--project", "--trace-token", "--verbosity", "--user-output-enabled"];
export const WIDE_SWITCHES = ["--help", "--log-http", "--quiet"];

const LIST_FLAGS = ["--filter", "--limit", "--page-size", "--sort-by"];

export const GCLOUD_COMMANDS: Record<string, GcloudCommand> = {
  "auth print-access-token": { positionals: { min: 0, max: 1 }, flags: ["--lifetime"] },
  "projects describe": { positionals: { min: 1, max: 1 }, flags: [] },
  "services enable": { positionals: { min: 1, max: 99 }, flags: [], switches: ["--async"] },
  "logging read": { positionals: { min: 0, max: 1 }, flags: ["--freshness", "--order", "--billing-account", "--folder", "--organization", "--resource-names", "--bucket", "--location", "--view", "--limit"] },
  "run services describe": { positionals: { min: 1, max: 1 }, flags: ["--namespace", "--region"] },
  "run services update-traffic": { positionals: { min: 0, max: 1 }, flags: ["--namespace", "--region", "--set-tags", "--remove-tags", "--update-tags", "--to-revisions", "--to-tags"], switches: ["--async", "--clear-tags", "--to-latest"] },
  "run services logs read": { positionals: { min: 1, max: 1 }, flags: ["--freshness", "--log-filter", "--order", "--region", "--limit"] },
  "run revisions list": { positionals: { min: 0, max: 0 }, flags: ["--namespace", "--region", "--service", ...LIST_FLAGS], switches: ["--uri"] },
  "run revisions describe": { positionals: { min: 1, max: 1 }, flags: ["--namespace", "--region"] },
  "run jobs describe": { positionals: { min: 1, max: 1 }, flags: ["--namespace", "--region"] },
  "run jobs update": { positionals: { min: 1, max: 1 }, flags: ["--region", "--image", "--tasks", "--max-retries", "--task-timeout", "--parallelism"], switches: ["--async", "--execute-now", "--wait"] },
  "run jobs executions list": { positionals: { min: 0, max: 0 }, flags: ["--namespace", "--region", "--job", ...LIST_FLAGS], switches: ["--uri"] },
  "scheduler jobs pause": { positionals: { min: 1, max: 1 }, flags: ["--location"] },
  "iam service-accounts add-iam-policy-binding": { positionals: { min: 1, max: 1 }, flags: ["--member", "--role", "--condition", "--condition-from-file"] },
  "iam service-accounts keys list": { positionals: { min: 0, max: 0 }, flags: ["--iam-account", "--created-before", "--managed-by", ...LIST_FLAGS] },
  "iam service-accounts keys create": { positionals: { min: 1, max: 1 }, flags: ["--iam-account", "--key-file-type"] },
  "iam service-accounts keys delete": { positionals: { min: 1, max: 1 }, flags: ["--iam-account"] },
  "iam workload-identity-pools create": { positionals: { min: 1, max: 1 }, flags: ["--location", "--description", "--display-name", "--inline-certificate-issuance-config-file", "--inline-trust-config-file", "--mode"], switches: ["--disabled"] },
  "iam workload-identity-pools providers create-oidc": { positionals: { min: 1, max: 1 }, flags: ["--location", "--workload-identity-pool", "--attribute-mapping", "--issuer-uri", "--allowed-audiences", "--attribute-condition", "--description", "--display-name", "--jwk-json-path"], switches: ["--disabled"] },
  "iam workload-identity-pools providers describe": { positionals: { min: 1, max: 1 }, flags: ["--location", "--workload-identity-pool"] },
  "monitoring uptime list-configs": { positionals: { min: 0, max: 0 }, flags: LIST_FLAGS, switches: ["--uri"] },
  "alpha monitoring policies list": { positionals: { min: 0, max: 0 }, flags: LIST_FLAGS, switches: ["--uri"] },
};

/** Checks one `gcloud ...` command's words (starting with "gcloud"); returns what is wrong. */
export function checkGcloud(words: string[]): string[] {
  const rest = words.slice(1);
  let path = "";
  let used = 0;
  for (let n = Math.min(rest.length, 5); n > 0; n--) {
    const candidate = rest.slice(0, n).join(" ");
    if (GCLOUD_COMMANDS[candidate]) {
      path = candidate;
      used = n;
      break;
    }
  }
  if (!path) {
    const group = rest.filter((w) => !w.startsWith("-")).slice(0, 3).join(" ");
    return [`gcloud ${group} is not in the table of gcloud commands (test/docs/gcloud-reference.ts): a command the reference does not have, or one to add from its reference page`];
  }
  const command = GCLOUD_COMMANDS[path]!;
  const valued = new Set([...command.flags, ...WIDE_FLAGS]);
  const switches = new Set([...(command.switches ?? []), ...WIDE_SWITCHES]);
  const problems: string[] = [];
  let positionals = 0;
  for (let i = used; i < rest.length; i++) {
    const word = rest[i]!;
    if (!word.startsWith("--")) {
      positionals++;
      continue;
    }
    const eq = word.indexOf("=");
    const name = eq < 0 ? word : word.slice(0, eq);
    if (switches.has(name)) continue;
    if (!valued.has(name)) {
      problems.push(`gcloud ${path} has no flag ${name} (its flags: ${[...command.flags, ...(command.switches ?? [])].join(", ") || "none"}, and the gcloud-wide ones)`);
      continue;
    }
    if (eq < 0) i++;
  }
  if (positionals < command.positionals.min || positionals > command.positionals.max) {
    problems.push(`gcloud ${path} takes ${command.positionals.min === command.positionals.max ? command.positionals.min : `${command.positionals.min} to ${command.positionals.max}`} positional argument(s), got ${positionals}`);
  }
  return problems;
}
