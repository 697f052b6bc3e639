/**
 * Makes Cloud Monitoring match the catalog in one environment. Channels are resolved first (an
 * unknown one stops everything, nothing written); then uptime checks are created, updated or
 * replaced; then alert policies (the uptime alert filters on its check's id); then, only with
 * `prune`, orphans are deleted (policies before checks); checks a replacement superseded are
 * deleted last. `dryRun` reads and plans only. The report is built from what Cloud Monitoring
 * holds when read back after the writes, never from what was sent.
 *
 * A create whose reply is lost (UNAVAILABLE / DEADLINE_EXCEEDED) may have been applied: the sync
 * then lists again and takes the resource carrying the identity labels, and sends the create again
 * only when none does. A rerun finds everything by its labels, so it converges without duplicates.
 */
import type { MonitoringGateway } from "../gcp/monitoring.js";
import { type AlertPolicyResource, type UptimeCheckResource } from "../gcp/monitoring-resources.js";
import { errorCode, TRANSIENT_GRPC_CODES } from "../gcp/retry.js";
import { withSpan } from "../lib/spans.js";
import { resolveChannels } from "./channels.js";
import { alertChanges, uptimeChanges } from "./diff.js";
import { identityKey, identityOf } from "./identity.js";
import { ownedBy, planAlerts, planChecks, type PlannedAlert, type PlannedCheck } from "./plan.js";
import { checkIdOf, type DesiredAlertPolicy, type DesiredMonitoring } from "./render.js";

export type MonitoringAction = "created" | "updated" | "replaced" | "unchanged" | "orphaned" | "deleted" | "failed" | "create" | "update" | "replace" | "orphan" | "delete";

export interface MonitoringOutcome {
  resource: "uptime-check" | "alert-policy";
  /** env/target/check, e.g. "prod/service-alie/errors". */
  key: string;
  displayName: string;
  action: MonitoringAction;
  /** The resource name as read back (or as planned on, in a dry run). */
  name?: string;
  fields?: string[];
  error?: string;
}

export interface MonitoringReport {
  kind: "monitoring";
  environment: string;
  project: string;
  dryRun: boolean;
  prune: boolean;
  ok: boolean;
  outcomes: MonitoringOutcome[];
}

export interface MonitoringSyncInput {
  project: string;
  env: string;
  desired: DesiredMonitoring;
  prune: boolean;
  dryRun: boolean;
}

const CREATE_ATTEMPTS = 3;

/** One create, reconciled on a lost reply by looking for the identity; sent again only when absent. */
async function createReconciled<T>(create: () => Promise<T>, find: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (err) {
      if (!TRANSIENT_GRPC_CODES.has(errorCode(err) ?? -1)) throw err;
      const found = await find();
      if (found) return found;
      if (attempt >= CREATE_ATTEMPTS) throw err;
    }
  }
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

type AnyPlanned = PlannedCheck | PlannedAlert;

function planned(p: AnyPlanned, prune: boolean): MonitoringOutcome {
  const action = p.action === "orphan" && prune ? "delete" : p.action;
  return { resource: p.resource, key: p.key, displayName: (p.want ?? p.live)?.displayName ?? "", action, ...(p.live?.name ? { name: p.live.name } : {}), ...(p.fields ? { fields: p.fields } : {}) };
}

const ORDER = { "uptime-check": 0, "alert-policy": 1 };
const sortOutcomes = (list: MonitoringOutcome[]): MonitoringOutcome[] => [...list].sort((a, b) => ORDER[a.resource] - ORDER[b.resource] || a.key.localeCompare(b.key) || (a.name ?? "").localeCompare(b.name ?? ""));

const done = (p: AnyPlanned, action: MonitoringAction, extra: Partial<MonitoringOutcome> = {}): MonitoringOutcome => ({ ...planned(p, false), action, ...extra });

export function syncMonitoring(gw: MonitoringGateway, input: MonitoringSyncInput): Promise<MonitoringReport> {
  return withSpan(`sync monitoring in ${input.env}`, async (span) => {
    const report = await sync(gw, input);
    span.set({ "monitoring.outcomes": report.outcomes.length, "monitoring.dry_run": input.dryRun, "monitoring.prune": input.prune });
    if (!report.ok) span.fail(`${report.outcomes.filter((o) => o.action === "failed").length} monitoring resource(s) failed`);
    return report;
  });
}

async function sync(gw: MonitoringGateway, input: MonitoringSyncInput): Promise<MonitoringReport> {
  const { project, env, desired, prune, dryRun } = input;
  const uses = desired.alerts.flatMap((a) => a.channels.map((displayName) => ({ displayName, where: a.channelsFrom })));
  const channels = uses.length ? resolveChannels(project, uses, await gw.listNotificationChannels(project)) : new Map<string, string>();
  const renderWith = (checkNames: ReadonlyMap<string, string>) => (d: DesiredAlertPolicy): AlertPolicyResource =>
    d.policy({ checkId: d.uptimeCheck ? checkIdOf(checkNames.get(d.uptimeCheck) ?? "") : undefined, channels: d.channels.map((c) => channels.get(c)!) });
  const [liveChecks, liveAlerts] = await Promise.all([gw.listUptimeChecks(project), gw.listAlertPolicies(project)]);
  const checkPlan = planChecks(env, desired.checks, liveChecks);
  const base = { kind: "monitoring" as const, environment: env, project, dryRun, prune };

  if (dryRun) {
    const known = new Map(checkPlan.filter((p) => p.live?.name && (p.action === "update" || p.action === "unchanged")).map((p) => [p.key, p.live!.name!]));
    const alertPlan = planAlerts(env, desired.alerts, liveAlerts, renderWith(known));
    return { ...base, ok: true, outcomes: sortOutcomes([...checkPlan, ...alertPlan].map((p) => planned(p, prune))) };
  }

  const outcomes: MonitoringOutcome[] = [];
  const checkNames = new Map<string, string>();
  const superseded: UptimeCheckResource[] = [];
  const findAlert = async (key: string) => ownedBy(env, await gw.listAlertPolicies(project)).byKey.get(key);

  await Promise.all(checkPlan.filter((p) => p.action !== "orphan").map(async (p) => {
    try {
      let result: UptimeCheckResource = p.live!;
      if (p.action === "update") result = await gw.updateUptimeCheck({ ...p.want, name: p.live!.name }, p.fields!);
      // A replacement is a new check: its key finds the old one until that is deleted, so look for a name that is not the old one's.
      if (p.action === "create" || p.action === "replace") {
        const oldName = p.live?.name;
        result = await createReconciled(() => gw.createUptimeCheck(project, p.want!), async () => {
          const again = (await gw.listUptimeChecks(project)).filter((c) => c.name !== oldName);
          return ownedBy(env, again).byKey.get(p.key);
        });
        if (p.live) superseded.push(p.live);
      }
      checkNames.set(p.key, result.name ?? "");
      outcomes.push(done(p, p.action === "create" ? "created" : p.action === "update" ? "updated" : p.action === "replace" ? "replaced" : "unchanged", { name: result.name ?? "" }));
    } catch (err) {
      outcomes.push(done(p, "failed", { error: message(err) }));
    }
  }));

  const alertPlan = planAlerts(env, desired.alerts, liveAlerts, renderWith(checkNames));
  await Promise.all(alertPlan.filter((p) => p.action !== "orphan").map(async (p) => {
    if (p.desired?.uptimeCheck && !checkNames.get(p.desired.uptimeCheck)) {
      outcomes.push(done(p, "failed", { error: `its uptime check ${p.desired.uptimeCheck} could not be written (see above); nothing was changed for this alert` }));
      return;
    }
    try {
      let name = p.live?.name ?? "";
      if (p.action === "update") await gw.updateAlertPolicy({ ...p.want, name }, p.fields!);
      if (p.action === "create") name = (await createReconciled(() => gw.createAlertPolicy(project, p.want!), () => findAlert(p.key))).name ?? "";
      outcomes.push(done(p, p.action === "create" ? "created" : p.action === "update" ? "updated" : "unchanged", { name }));
    } catch (err) {
      outcomes.push(done(p, "failed", { error: message(err) }));
    }
  }));

  const orphanAlerts = alertPlan.filter((p) => p.action === "orphan");
  const orphanChecks = checkPlan.filter((p) => p.action === "orphan");
  for (const p of [...orphanAlerts, ...orphanChecks]) {
    if (!prune) {
      outcomes.push(done(p, "orphaned"));
      continue;
    }
    try {
      if (p.resource === "alert-policy") await gw.deleteAlertPolicy(p.live!.name!);
      else await gw.deleteUptimeCheck(p.live!.name!);
      outcomes.push(done(p, "deleted"));
    } catch (err) {
      outcomes.push(done(p, "failed", { error: message(err) }));
    }
  }
  const replacedFailures: MonitoringOutcome[] = [];
  for (const old of superseded) {
    try {
      await gw.deleteUptimeCheck(old.name!);
    } catch (err) {
      replacedFailures.push({ resource: "uptime-check", key: "", displayName: old.displayName ?? "", action: "failed", name: old.name ?? "", error: `the check it replaced could not be deleted: ${message(err)}; delete it by hand or rerun` });
    }
  }
  const readBack = await verify(gw, input, outcomes, renderWith(checkNames));
  const all = [...sortOutcomes(readBack), ...replacedFailures];
  return { ...base, ok: all.every((o) => o.action !== "failed"), outcomes: all };
}

/**
 * Every outcome checked against Cloud Monitoring as read back now, by the name of the resource the
 * sync acted on: still there, still carrying its identity, no remaining difference; the report
 * takes its name and display name from what was read.
 */
async function verify(gw: MonitoringGateway, input: MonitoringSyncInput, outcomes: MonitoringOutcome[], render: (d: DesiredAlertPolicy) => AlertPolicyResource): Promise<MonitoringOutcome[]> {
  const { project, desired } = input;
  const [checksNow, alertsNow] = await Promise.all([gw.listUptimeChecks(project), gw.listAlertPolicies(project)]);
  const byName = new Map<string, UptimeCheckResource | AlertPolicyResource>([...checksNow, ...alertsNow].map((r) => [r.name ?? "", r]));
  const wantCheck = new Map(desired.checks.map((d) => [d.key, d.check]));
  const wantAlert = new Map(desired.alerts.map((d) => [d.key, render(d)]));
  return outcomes.map((o) => {
    if (o.action === "failed") return o;
    if (o.action === "deleted") return byName.has(o.name ?? "") ? { ...o, action: "failed", error: "still present when read back after the delete" } : o;
    if (o.action === "orphaned") return o;
    const live = byName.get(o.name ?? "");
    const key = identityOf(live?.userLabels);
    if (!live || !key || identityKey(key) !== o.key) return { ...o, action: "failed", error: "not found with its identity labels when read back after the sync (deleted or relabelled meanwhile?); rerun" };
    const fields = o.resource === "uptime-check" ? uptimeChanges(live as UptimeCheckResource, wantCheck.get(o.key)!) : alertChanges(live as AlertPolicyResource, wantAlert.get(o.key)!);
    const read = { ...o, name: live.name ?? "", displayName: live.displayName ?? "" };
    return fields.length ? { ...read, action: "failed", error: `read back after the sync, it still differs from the catalog in ${fields.join(", ")} (changed meanwhile by someone else?); rerun` } : read;
  });
}
