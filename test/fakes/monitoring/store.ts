// What the Cloud Monitoring fake holds: uptime checks, alert policies and notification channels
// by full name, in creation order, with the names, defaults and mutation records the API sets.
import { randomBytes } from "node:crypto";
import { invalidArgument, notFound } from "../grpc/status.js";
import { applyAlertMask, applyUptimeMask } from "./update-mask.js";
import type { IAlertPolicy, ICondition, INotificationChannel, IUptimeCheckConfig } from "./types.js";
import { validateAlertPolicy, validateUptimeCheck } from "./validation.js";

/** `projects/P` -> P; anything else is INVALID_ARGUMENT, as the API answers a malformed parent. */
export function projectOf(name: string | null | undefined, field: string): string {
  const m = /^projects\/([a-z0-9][a-z0-9-]{0,61}[a-z0-9]|[0-9]+)$/.exec(name ?? "");
  if (!m) throw invalidArgument(`${field} must be "projects/[PROJECT_ID_OR_NUMBER]" (got "${name ?? ""}").`);
  return m[1]!;
}

const numericId = (): string => BigInt(`0x${randomBytes(8).toString("hex")}`).toString().padStart(18, "1").slice(0, 20);
const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40) || "check";
const clone = <T>(v: T): T => structuredClone(v);

export class MonitoringStore {
  readonly uptimeChecks = new Map<string, IUptimeCheckConfig>();
  readonly alertPolicies = new Map<string, IAlertPolicy>();
  readonly channels = new Map<string, INotificationChannel>();

  constructor(private readonly clock: () => Date, private readonly caller = "fake-caller@test-project.iam.gserviceaccount.com") {}

  private record(by = this.caller) {
    const now = this.clock();
    return { mutateTime: { seconds: String(Math.floor(now.getTime() / 1000)), nanos: (now.getTime() % 1000) * 1e6 }, mutatedBy: by };
  }

  // ---- uptime checks
  getUptimeCheck(name: string | null | undefined): IUptimeCheckConfig {
    const found = this.uptimeChecks.get(name ?? "");
    if (!found) throw notFound(`Uptime check config ${name ?? ""} does not exist.`);
    return found;
  }

  listUptimeChecks(project: string): IUptimeCheckConfig[] {
    return [...this.uptimeChecks.values()].filter((c) => c.name!.startsWith(`projects/${project}/`));
  }

  createUptimeCheck(project: string, config: IUptimeCheckConfig): IUptimeCheckConfig {
    const stored = withUptimeDefaults({ ...clone(config), name: `projects/${project}/uptimeCheckConfigs/${slug(config.displayName ?? "")}-${randomBytes(4).toString("hex")}` });
    validateUptimeCheck(stored);
    this.uptimeChecks.set(stored.name!, stored);
    return stored;
  }

  updateUptimeCheck(config: IUptimeCheckConfig, paths: readonly string[] | null | undefined): IUptimeCheckConfig {
    if (!config.name) throw invalidArgument("UpdateUptimeCheckConfigRequest.uptime_check_config.name is required.");
    const stored = this.getUptimeCheck(config.name);
    const merged = withUptimeDefaults({ ...applyUptimeMask(stored, config, paths), name: stored.name });
    validateUptimeCheck(merged);
    this.uptimeChecks.set(stored.name!, merged);
    return merged;
  }

  deleteUptimeCheck(name: string | null | undefined): void {
    this.getUptimeCheck(name);
    this.uptimeChecks.delete(name!);
  }

  // ---- alert policies
  getAlertPolicy(name: string | null | undefined): IAlertPolicy {
    const found = this.alertPolicies.get(name ?? "");
    if (!found) throw notFound(`Could not find alert policy ${name ?? ""}.`);
    return found;
  }

  listAlertPolicies(project: string): IAlertPolicy[] {
    return [...this.alertPolicies.values()].filter((p) => p.name!.startsWith(`projects/${project}/`));
  }

  private channelExists(project: string) {
    return (name: string) => this.channels.has(name) && name.startsWith(`projects/${project}/`);
  }

  createAlertPolicy(project: string, policy: IAlertPolicy, by?: string): IAlertPolicy {
    const name = `projects/${project}/alertPolicies/${numericId()}`;
    const { creationRecord: _c, mutationRecord: _m, validity: _v, ...given } = clone(policy);
    const stored: IAlertPolicy = { ...withPolicyDefaults(given), name };
    stored.conditions = (stored.conditions ?? []).map((c) => ({ ...c, name: `${name}/conditions/${numericId()}` }));
    validateAlertPolicy(stored, this.channelExists(project));
    stored.creationRecord = this.record(by);
    stored.mutationRecord = this.record(by);
    this.alertPolicies.set(name, stored);
    return stored;
  }

  updateAlertPolicy(policy: IAlertPolicy, paths: readonly string[] | null | undefined, by?: string): IAlertPolicy {
    if (!policy.name) throw invalidArgument("UpdateAlertPolicyRequest.alert_policy.name is required.");
    const stored = this.getAlertPolicy(policy.name);
    const merged = withPolicyDefaults(applyAlertMask(stored, policy, paths));
    merged.name = stored.name;
    merged.conditions = (merged.conditions ?? []).map((c) => this.conditionName(stored, c));
    validateAlertPolicy(merged, this.channelExists(stored.name!.split("/")[1]!));
    merged.creationRecord = stored.creationRecord;
    merged.mutationRecord = this.record(by);
    this.alertPolicies.set(stored.name!, merged);
    return merged;
  }

  /** A condition keeps its id when it names one of the policy's conditions, else it gets a new one (alert_service.proto UpdateAlertPolicy). */
  private conditionName(stored: IAlertPolicy, c: ICondition): ICondition {
    if (!c.name) return { ...c, name: `${stored.name}/conditions/${numericId()}` };
    if (!(stored.conditions ?? []).some((s) => s.name === c.name)) {
      throw invalidArgument(`AlertPolicy.conditions: "${c.name}" is not a condition of ${stored.name}; leave the name out for a new condition.`);
    }
    return c;
  }

  deleteAlertPolicy(name: string | null | undefined): void {
    this.getAlertPolicy(name);
    this.alertPolicies.delete(name!);
  }

  // ---- notification channels
  addChannel(project: string, displayName: string, type = "email", labels: Record<string, string> = { email_address: "oncall@example.com" }): INotificationChannel {
    const name = `projects/${project}/notificationChannels/${numericId()}`;
    const channel: INotificationChannel = { name, displayName, type, labels, enabled: { value: true } };
    this.channels.set(name, channel);
    return channel;
  }

  listChannels(project: string): INotificationChannel[] {
    return [...this.channels.values()].filter((c) => c.name!.startsWith(`projects/${project}/`));
  }
}

/** Defaults the API reports for an unset period and HTTP method/port. */
function withUptimeDefaults(c: IUptimeCheckConfig): IUptimeCheckConfig {
  const out = clone(c);
  if (!out.period) out.period = { seconds: "60" };
  if (out.httpCheck) {
    out.httpCheck = { ...out.httpCheck };
    if (!out.httpCheck.requestMethod || out.httpCheck.requestMethod === "METHOD_UNSPECIFIED") out.httpCheck.requestMethod = "GET";
    if (!out.httpCheck.port) out.httpCheck.port = out.httpCheck.useSsl ? 443 : 80;
    if (!out.httpCheck.path) out.httpCheck.path = "/";
  }
  return out;
}

/** An unset `enabled` is true (alert.proto AlertPolicy.enabled). */
function withPolicyDefaults(p: IAlertPolicy): IAlertPolicy {
  const out = clone(p);
  if (!out.enabled) out.enabled = { value: true };
  return out;
}
