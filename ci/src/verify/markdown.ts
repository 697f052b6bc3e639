/**
 * Markdown for GitHub (job summaries, pull-request comments): the building blocks, and the
 * markdown form of the deploy, deploy-all and publish-site reports. Pure: the release reports come
 * in as the fields shown here (the report types of services/, commands/ and site/ have them), so
 * nothing here imports a domain.
 */

/** Text safe inside a table cell: no line breaks, pipes escaped. */
export const cell = (text: string): string => text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");

/** Inline code that survives backticks in the text. */
export function code(text: string): string {
  const ticks = "`".repeat(Math.max(1, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** A fenced block whose fence is longer than any backtick run inside the text. */
export function codeBlock(text: string, lang = "text"): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text.replace(/\s+$/, "")}\n${fence}`;
}

export function table(header: string[], rows: string[][]): string {
  return [`| ${header.map(cell).join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n");
}

/** A collapsed section (GitHub renders <details>); markdown inside needs the blank lines. */
export const details = (summary: string, body: string): string => `<details><summary>${summary.replace(/</g, "&lt;")}</summary>\n\n${body}\n\n</details>`;

export const okMark = (ok: boolean): string => (ok ? "✅ OK" : "❌ FAIL");

// ---- release reports ----

/** The release statuses that count as success (the same list as `succeeded` in services/report.ts). */
const SUCCESS = new Set(["created", "deployed", "unchanged", "planned"]);
const released = (status: string): boolean => SUCCESS.has(status);

/** The fields of a service release report the markdown shows (ServiceReleaseReport). */
export interface ServiceReleaseLike {
  service: string;
  cloudRunName?: string;
  environment: string;
  status: string;
  image: string;
  revision?: string;
  url?: string;
  trafficAfter?: string;
  reason?: string;
  logHint?: string;
  warnings: string[];
}

/** The fields of a job release report the markdown shows (JobReleaseReport). */
export interface JobReleaseLike {
  job: string;
  environment: string;
  status: string;
  image: string;
  reason?: string;
  warnings: string[];
}

/** The fields of a site sync report the markdown shows (SiteSyncReport). */
export interface SiteSyncLike {
  bucket: string;
  prefix: string;
  dryRun: boolean;
  uploaded: string[];
  unchanged: number;
  deleted: string[];
  wouldDelete: string[];
  failed: Array<{ object: string; error: string }>;
}

/** The fields of a deploy-all report the markdown shows (ReleaseAllReport). */
export interface ReleaseAllLike {
  environment: string;
  ok: boolean;
  services: { services: ServiceReleaseLike[]; errors: Array<{ service: string; error: string }> };
  jobs: JobReleaseLike[];
  sites: Array<{ site: string; report: SiteSyncLike }>;
  schedules?: { ok: boolean; outcomes: Array<{ name: string; action: string; error?: string }> };
  errors: Array<{ target: string; error: string }>;
  warnings?: string[];
}

const siteOk = (r: SiteSyncLike): boolean => r.failed.length === 0;

function siteLine(r: SiteSyncLike): string {
  const verb = r.dryRun ? "would upload" : "uploaded";
  const deleted = r.deleted.length ? `, ${r.dryRun ? "would delete" : "deleted"} ${r.deleted.length}` : "";
  const failed = r.failed.length ? `, ${r.failed.length} failed` : "";
  return `${verb} ${r.uploaded.length}, unchanged ${r.unchanged}${deleted}${failed}`;
}

const fullText = (text: string): string => details("Full report", codeBlock(text));

/** `deploy --format=markdown`: a headline, the release's facts, warnings, and the text report folded. */
export function deployMarkdown(r: ServiceReleaseLike, text: string): string {
  const ok = released(r.status);
  const name = r.cloudRunName && r.cloudRunName !== r.service ? `${r.service} (${r.cloudRunName})` : r.service;
  const rows: string[][] = [["status", r.status], ["image", code(r.image)]];
  if (r.revision) rows.push(["revision", code(r.revision)]);
  if (r.url) rows.push(["url", r.url]);
  if (r.trafficAfter !== undefined) rows.push(["traffic", r.trafficAfter]);
  if (r.reason) rows.push(["reason", r.reason]);
  if (r.logHint) rows.push(["logs", r.logHint]);
  const warnings = r.warnings.map((w) => `> **Warning:** ${cell(w)}`);
  return [`## ${ok ? "✅" : "❌"} deploy ${name} to ${r.environment}: ${r.status}`, ...warnings, table(["", ""], rows), fullText(text)].join("\n\n") + "\n";
}

/** `deploy-all --format=markdown`: one row per service, job, site and schedule, then what failed before it had a report. */
export function deployAllMarkdown(r: ReleaseAllLike, text: string): string {
  const rows: string[][] = [
    ...r.services.services.map((s) => ["service", s.service, okMark(released(s.status)), s.reason ? `${s.status}: ${s.reason}` : s.status]),
    ...r.services.errors.map((e) => ["service", e.service, okMark(false), e.error]),
    ...r.jobs.map((j) => ["job", j.job, okMark(released(j.status)), j.reason ? `${j.status}: ${j.reason}` : j.status]),
    ...r.sites.map((s) => ["site", s.site, okMark(siteOk(s.report)), siteLine(s.report)]),
    ...(r.schedules?.outcomes ?? []).map((o) => ["schedule", o.name, okMark(!o.error), o.error ? `${o.action}: ${o.error}` : o.action]),
    ...r.errors.map((e) => ["", e.target, okMark(false), e.error]),
  ];
  const parts = [`## ${r.ok ? "✅" : "❌"} deploy-all to ${r.environment}: ${r.ok ? "OK" : "FAILED"}`];
  const warnings = [...new Set([...(r.warnings ?? []), ...[...r.services.services, ...r.jobs].flatMap((x) => x.warnings)])].map((w) => `> **Warning:** ${cell(w)}`);
  parts.push(...warnings, rows.length ? table(["Kind", "Name", "Result", "What happened"], rows) : "_The catalog has nothing to release._", fullText(text));
  return parts.join("\n\n") + "\n";
}

/** What `deploy --dry-run --format=markdown` reads of a plan (services/plan.ts ReleasePlan). */
export interface PlanLike {
  service: string;
  cloudRunName: string;
  exists: boolean;
  commit: string;
  liveImage?: string;
  liveCommit?: string;
  traffic?: string;
  changes: Array<{ field: string; live?: string; desired?: string }>;
  unmanaged: unknown[];
}

/** `deploy --dry-run --format=markdown`: what a deploy would change, nothing changed. */
export function planMarkdown(p: PlanLike, environment: string, text: string): string {
  const name = p.cloudRunName !== p.service ? `${p.service} (${p.cloudRunName})` : p.service;
  const head = `## 📋 deploy --dry-run ${name} to ${environment}: ${p.exists ? `${p.changes.length} configuration change(s)` : "would be created"}`;
  const rows: string[][] = p.exists ? [["image", p.liveCommit === p.commit ? `commit ${code(p.commit)} is live` : `${code(p.liveImage ?? "?")} -> new build of ${code(p.commit)}`], ["traffic now", p.traffic ?? ""]] : [["commit", code(p.commit)]];
  const changes = p.changes.map((c) => [code(c.field), cell(c.live ?? "(unset)"), cell(c.desired ?? "(unset)")]);
  const parts = [head, table(["", ""], rows)];
  if (p.exists && changes.length) parts.push(table(["Setting", "Live", "Would be"], changes));
  if (p.unmanaged.length) parts.push(`> **Warning:** the live template has ${p.unmanaged.length} setting(s) the catalog does not manage: deploy refuses unless --drop-unmanaged (see the full report).`);
  parts.push(fullText(text));
  return parts.join("\n\n") + "\n";
}

/** `publish-site --format=markdown`: what was (or would be) uploaded and deleted, and any failure. */
export function publishSiteMarkdown(site: string, r: SiteSyncLike, text: string): string {
  const ok = siteOk(r);
  const where = `gs://${r.bucket}/${r.prefix}`;
  const rows: string[][] = [
    [r.dryRun ? "would upload" : "uploaded", String(r.uploaded.length)],
    ["unchanged", String(r.unchanged)],
    [r.dryRun ? "would delete" : "deleted", String(r.deleted.length)],
  ];
  if (r.wouldDelete.length) rows.push(["stale, kept", String(r.wouldDelete.length)]);
  if (r.failed.length) rows.push(["failed", r.failed.map((f) => `${f.object}: ${f.error}`).slice(0, 5).join("; ")]);
  const head = `## ${ok ? "✅" : "❌"} publish-site ${site} to ${code(where)}${r.dryRun ? " (dry run: nothing changed)" : ""}`;
  return [head, table(["", "files"], rows), fullText(text)].join("\n\n") + "\n";
}
