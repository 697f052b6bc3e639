/**
 * `status --all-envs`: per service, the revision and image digest each declared environment
 * serves, and DRIFT when the environments that run the service do not all run the same digest
 * (normal between a deploy and its promotion; `promote` closes it). Pure: built from the
 * ServiceStatus of every environment (status.ts), or the error reading it.
 */
import type { SuggestCall } from "../lib/suggested-call.js";
import { imageDigestOf, shortDigest } from "../registry/address.js";
import type { ServiceStatus } from "./status.js";

export interface EnvironmentRow {
  environment: string;
  cloudRunName?: string;
  state: "serving" | "split" | "not deployed" | "unreadable";
  revision?: string;
  image?: string;
  /** sha256:... of the serving image (absent when it is not pinned by digest). */
  digest?: string;
  /** The traffic split, or why the environment could not be read. */
  detail?: string;
}

export interface ServiceDrift {
  service: string;
  /** The environments that run the service do not all run the same image. */
  drift: boolean;
  rows: EnvironmentRow[];
}

export interface DriftReport {
  kind: "status-all-envs";
  environments: string[];
  /** Some service drifts. */
  drift: boolean;
  services: ServiceDrift[];
}

export function environmentRow(environment: string, read: ServiceStatus | Error): EnvironmentRow {
  if (read instanceof Error) return { environment, state: "unreadable", detail: read.message.split("\n")[0] };
  const base = { environment, cloudRunName: read.cloudRunName };
  if (!read.exists) return { ...base, state: "not deployed" };
  if (!read.serving) return { ...base, state: "split", detail: read.traffic };
  const digest = imageDigestOf(read.serving.image);
  return { ...base, state: "serving", revision: read.serving.revision, image: read.serving.image, ...(digest ? { digest } : {}) };
}

/** What a row runs, for comparing environments: its digest, else its image as it is named, else its split. */
const runs = (row: EnvironmentRow): string | undefined => (row.state === "serving" ? (row.digest ?? row.image ?? "") : row.state === "split" ? `split: ${row.detail}` : undefined);

export function serviceDrift(service: string, rows: EnvironmentRow[]): ServiceDrift {
  const running = new Set(rows.map(runs).filter((r): r is string => r !== undefined));
  return { service, drift: running.size > 1, rows };
}

export function driftReport(environments: string[], services: ServiceDrift[]): DriftReport {
  return { kind: "status-all-envs", environments, drift: services.some((s) => s.drift), services };
}

function digestCell(row: EnvironmentRow): string {
  switch (row.state) {
    case "serving":
      return row.digest ? shortDigest(row.digest) : `${row.image ?? "?"} (not by digest)`;
    case "split":
      return `split: ${row.detail ?? "?"}`;
    case "not deployed":
      return "(not deployed)";
    case "unreadable":
      return `unreadable: ${row.detail ?? "?"}`;
  }
}

/** `call` writes the promote command a drifting service's line suggests. */
export function formatDriftReport(r: DriftReport, call: SuggestCall): string {
  const header = ["service", "env", "revision", "digest", ""];
  const table = r.services.flatMap((s) => s.rows.map((row) => [s.service, row.environment, row.revision ?? "-", digestCell(row), s.drift && row.state !== "not deployed" && row.state !== "unreadable" ? "DRIFT" : ""]));
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  const lines = [`status across ${r.environments.join(", ")}: ${r.drift ? "DRIFT" : "every environment that runs a service runs the same digest"}`, "", line(header), ...table.map(line)];
  const drifting = r.services.filter((x) => x.drift);
  if (drifting.length) lines.push("");
  for (const s of drifting) {
    const byImage = new Map<string, { shown: string; envs: string[] }>();
    for (const row of s.rows) {
      const key = runs(row);
      if (key === undefined) continue;
      const entry = byImage.get(key) ?? { shown: row.state === "split" ? "a split" : digestCell(row), envs: [] };
      byImage.set(key, { ...entry, envs: [...entry.envs, row.environment] });
    }
    const parts = [...byImage.values()].map(({ shown, envs }) => `${shown} in ${envs.join(", ")}`);
    lines.push(`DRIFT ${s.service}: ${parts.join("; ")}. \`${call(`promote --from=ENV --to=ENV --service=${s.service}`)}\` ships one environment's digest to another.`);
  }
  return lines.join("\n");
}
