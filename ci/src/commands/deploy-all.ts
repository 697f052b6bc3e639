/**
 * deploy-all: every service released in parallel under a concurrency limit, one report; a
 * failure of one service neither stops nor rolls back the others.
 */
import { runPool } from "../lib/pool.js";
import { formatServiceReport, type ServiceReleaseReport, succeeded } from "../services/report.js";

export interface DeployAllReport {
  kind: "deploy-all";
  environment: string;
  ok: boolean;
  services: ServiceReleaseReport[];
  /** Services that failed before a report could be made (checks, build, publish, credentials). */
  errors: Array<{ service: string; error: string }>;
  durationMs: number;
}

export async function deployAllServices(
  names: string[],
  concurrency: number,
  environment: string,
  release: (name: string) => Promise<ServiceReleaseReport>,
): Promise<DeployAllReport> {
  const started = Date.now();
  const settled = await runPool(names, concurrency, release);
  const services: ServiceReleaseReport[] = [];
  const errors: DeployAllReport["errors"] = [];
  settled.forEach((r, i) => {
    if (r.ok) services.push(r.value);
    else errors.push({ service: names[i]!, error: r.error instanceof Error ? r.error.message : String(r.error) });
  });
  const ok = errors.length === 0 && services.every(succeeded);
  return { kind: "deploy-all", environment, ok, services, errors, durationMs: Date.now() - started };
}

export function formatDeployAll(r: DeployAllReport): string {
  const lines = [`deploy-all (${r.environment}): ${r.ok ? "OK" : "FAILED"} in ${(r.durationMs / 1000).toFixed(1)}s`, ""];
  for (const s of r.services) lines.push(formatServiceReport(s), "");
  for (const e of r.errors) lines.push(`${e.service}: FAILED before release`, `  ${e.error.split("\n").join("\n  ")}`, "");
  const bad = r.services.filter((s) => !succeeded(s)).length + r.errors.length;
  lines.push(`${r.services.length + r.errors.length - bad} succeeded, ${bad} failed`);
  return lines.join("\n");
}
