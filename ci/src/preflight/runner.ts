/**
 * preflight: every check a release of the catalog needs in one environment, run in parallel under
 * a bound, each to its own verdict: one failing (or throwing) never stops the others.
 */
import type { ResolvedEnvironment } from "../catalog/lookup.js";
import type { Catalog } from "../catalog/parse.js";
import { CredentialsError } from "../gcp/credentials-error.js";
import type { GoogleApis } from "../gcp/google-rest.js";
import { runPool } from "../lib/pool.js";
import type { SuggestCall } from "../lib/suggested-call.js";
import { apiChecks } from "./apis.js";
import { bucketChecks } from "./buckets.js";
import { cloudSqlChecks } from "./cloud-sql.js";
import { credentialsCheck, idTokenCheck, type PreflightAuth } from "./credentials.js";
import { deployerPermissionsCheck } from "./deployer-permissions.js";
import { type ApiNeed, type PreflightScope, releaseNeeds, wholeCatalog } from "./needs.js";
import { checkContext, httpStatus } from "./reads.js";
import { registryCheck } from "./registry.js";
import { type CheckResult, deployerMember, type PreflightCheck, type Verdict } from "./result.js";
import { secretChecks } from "./secrets.js";
import { serviceAccountChecks } from "./service-accounts.js";
import { type UptimeInvokerNeed, uptimeInvokerChecks } from "./uptime-invoker.js";

/** Checks in flight at once (each makes one to three reads in a row). */
export const PREFLIGHT_CONCURRENCY = 8;

export interface PreflightInput {
  catalog: Catalog;
  env: ResolvedEnvironment;
  apis: GoogleApis;
  auth: PreflightAuth;
  /** Which targets (default: the whole catalog). */
  scope?: PreflightScope;
  concurrency?: number;
  /** Writes the `dagger call` commands remediations suggest (with the command's --catalog and --credentials). */
  call: SuggestCall;
  /** Private services with an uptime check (when monitoring is in scope): their Monitoring service agent needs run.invoker. */
  uptimeInvokers?: readonly UptimeInvokerNeed[];
}

export interface PreflightReport {
  kind: "preflight";
  environment: string;
  project: string;
  ok: boolean;
  counts: { ok: number; warn: number; fail: number };
  checks: CheckResult[];
  durationMs: number;
}

/** IAM Credentials: Workload Identity Federation impersonates (generateAccessToken) and mints ID tokens (generateIdToken) through it. */
const IAM_CREDENTIALS: ApiNeed = { api: "iamcredentials.googleapis.com", why: "Workload Identity Federation impersonation and ID tokens" };

export function preflightChecks(input: PreflightInput): PreflightCheck[] {
  const { catalog, env, auth } = input;
  const needs = releaseNeeds(catalog, env, input.scope ?? wholeCatalog(catalog));
  const ctx = checkContext(input.apis, deployerMember(auth.serviceAccount));
  const apis = auth.kind === "external_account" ? [...needs.apis, IAM_CREDENTIALS] : needs.apis;
  return [
    credentialsCheck(auth),
    ...(needs.privateServices.length ? [idTokenCheck(auth, needs.privateServices)] : []),
    ...apiChecks(ctx, needs.project, apis),
    ...(needs.permissions.length ? [deployerPermissionsCheck(ctx, needs.project, needs.permissions)] : []),
    ...(needs.registry ? [registryCheck(ctx, needs.registry)] : []),
    ...bucketChecks(ctx, needs.buckets, needs),
    ...serviceAccountChecks(ctx, needs.accounts),
    ...secretChecks(ctx, needs.secrets),
    ...cloudSqlChecks(ctx, needs.cloudSql),
    ...uptimeInvokerChecks(ctx, input.uptimeInvokers ?? []),
  ];
}

/** A check that threw: the API failed or did not answer, or the credentials did not work. */
function errorVerdict(err: unknown, input: Pick<PreflightInput, "env" | "call">): Verdict {
  const again = input.call(`preflight --env=${input.env.name}`);
  const text = err instanceof Error ? err.message : String(err);
  if (err instanceof CredentialsError) return { status: "FAIL", message: `could not check: ${text}`, remediation: "fix the credentials (see the credentials row), then run preflight again" };
  const status = httpStatus(err);
  const transient = status === 0 || status === 429 || (status !== undefined && status >= 500);
  return {
    status: "FAIL",
    message: `could not check: ${text}`,
    remediation: transient
      ? `the API failed rather than refused: run \`${again}\` again; https://status.cloud.google.com if it persists`
      : `see the message; run \`${again}\` again once fixed`,
  };
}

export async function runPreflight(input: PreflightInput): Promise<PreflightReport> {
  const started = Date.now();
  const checks = preflightChecks(input);
  const settled = await runPool(checks, input.concurrency ?? PREFLIGHT_CONCURRENCY, (c) => c.run());
  const results: CheckResult[] = settled.map((s, i) => ({ check: checks[i]!.check, target: checks[i]!.target, ...(s.ok ? s.value : errorVerdict(s.error, input)) }));
  const count = (status: CheckResult["status"]) => results.filter((r) => r.status === status).length;
  const counts = { ok: count("OK"), warn: count("WARN"), fail: count("FAIL") };
  return { kind: "preflight", environment: input.env.name, project: input.env.project, ok: counts.fail === 0, counts, checks: results, durationMs: Date.now() - started };
}
