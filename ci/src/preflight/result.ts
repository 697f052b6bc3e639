/**
 * One preflight check and its verdict: OK, WARN (could not be verified, or will work with a
 * caveat; never fails the run) or FAIL (the release would fail), with the message and the exact
 * command that fixes it. Pure.
 */
export type CheckStatus = "OK" | "WARN" | "FAIL";

export type CheckName = "api" | "credentials" | "id-tokens" | "deployer-permissions" | "registry" | "bucket" | "service-account" | "secret" | "cloud-sql" | "uptime-invoker";

export interface Verdict {
  status: CheckStatus;
  message: string;
  /** The command (or edit) that fixes it; absent on OK. */
  remediation?: string;
}

export interface CheckResult extends Verdict {
  check: CheckName;
  /** What was checked: an API, a bucket, "service alie: openai-api-key@latest", ... */
  target: string;
}

export interface PreflightCheck {
  check: CheckName;
  target: string;
  run(): Promise<Verdict>;
}

export const ok = (message: string): Verdict => ({ status: "OK", message });
export const warn = (message: string, remediation: string): Verdict => ({ status: "WARN", message, remediation });
export const fail = (message: string, remediation: string): Verdict => ({ status: "FAIL", message, remediation });

const RANK: Record<CheckStatus, number> = { OK: 0, WARN: 1, FAIL: 2 };

/** Several findings about one target as one verdict: the worst status, every non-OK message and fix. */
export function combine(parts: readonly Verdict[]): Verdict {
  const worst = parts.reduce<CheckStatus>((w, p) => (RANK[p.status] > RANK[w] ? p.status : w), "OK");
  if (worst === "OK") return ok(parts.map((p) => p.message).join("; "));
  const bad = parts.filter((p) => p.status !== "OK");
  return { status: worst, message: bad.map((p) => p.message).join("; "), remediation: bad.map((p) => p.remediation).filter(Boolean).join("\n") };
}

/** The deployer as an IAM member for remediation commands (a placeholder when the credentials do not say). */
export const deployerMember = (serviceAccount: string | undefined): string => (serviceAccount ? `serviceAccount:${serviceAccount}` : "serviceAccount:DEPLOYER_EMAIL");
