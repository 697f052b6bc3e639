// Fault injection: calls refused before they do anything, and replies lost after the change
// was applied (the client sees UNAVAILABLE / DEADLINE_EXCEEDED although the write happened).
import { status } from "@grpc/grpc-js";

/** Every RPC the fake serves, with the IAM permission it checks (Cloud Monitoring roles reference). */
export const METHOD_PERMISSIONS: Readonly<Record<string, string>> = {
  ListUptimeCheckConfigs: "monitoring.uptimeCheckConfigs.list",
  GetUptimeCheckConfig: "monitoring.uptimeCheckConfigs.get",
  CreateUptimeCheckConfig: "monitoring.uptimeCheckConfigs.create",
  UpdateUptimeCheckConfig: "monitoring.uptimeCheckConfigs.update",
  DeleteUptimeCheckConfig: "monitoring.uptimeCheckConfigs.delete",
  ListAlertPolicies: "monitoring.alertPolicies.list",
  GetAlertPolicy: "monitoring.alertPolicies.get",
  CreateAlertPolicy: "monitoring.alertPolicies.create",
  UpdateAlertPolicy: "monitoring.alertPolicies.update",
  DeleteAlertPolicy: "monitoring.alertPolicies.delete",
  ListNotificationChannels: "monitoring.notificationChannels.list",
  GetNotificationChannel: "monitoring.notificationChannels.get",
};

export const MUTATING_METHODS: ReadonlySet<string> = new Set([
  "CreateUptimeCheckConfig", "UpdateUptimeCheckConfig", "DeleteUptimeCheckConfig", "CreateAlertPolicy", "UpdateAlertPolicy", "DeleteAlertPolicy",
]);

export type LostReplyCode = typeof status.UNAVAILABLE | typeof status.DEADLINE_EXCEEDED;

interface CallFault {
  method: string;
  code: status;
  message: string;
  remaining: number;
}

const known = (method: string, what: string): void => {
  if (!(method in METHOD_PERMISSIONS)) throw new Error(`${what}: unknown method "${method}"; use one of ${Object.keys(METHOD_PERMISSIONS).join(", ")}.`);
};

export class FaultPlan {
  private readonly before: CallFault[] = [];
  private readonly lost: CallFault[] = [];
  readonly deniedPermissions = new Set<string>();

  /** The next `count` calls of `method` fail with `code` before doing anything. */
  failNextCalls(method: string, code: status, count = 1, message = `Injected fault (${status[code]}).`): void {
    known(method, "failNextCalls");
    this.before.push({ method, code, message, remaining: count });
  }

  /** The next `count` calls of `method` are applied, then answered UNAVAILABLE or DEADLINE_EXCEEDED (a lost reply). */
  loseNextReply(method: string, code: LostReplyCode = status.UNAVAILABLE, count = 1): void {
    known(method, "loseNextReply");
    if (code !== status.UNAVAILABLE && code !== status.DEADLINE_EXCEEDED) throw new Error("loseNextReply: a lost reply reaches the client as UNAVAILABLE or DEADLINE_EXCEEDED.");
    this.lost.push({ method, code, remaining: count, message: code === status.UNAVAILABLE ? "Connection reset by peer" : "Deadline exceeded" });
  }

  /** Calls needing the permission `method` checks answer PERMISSION_DENIED. */
  denyMethod(method: string): void {
    known(method, "denyMethod");
    this.deniedPermissions.add(METHOD_PERMISSIONS[method]!);
  }

  takeBefore(method: string): { code: number; message: string } | undefined {
    return take(this.before, method);
  }

  takeLost(method: string): { code: number; message: string } | undefined {
    return take(this.lost, method);
  }

  deniedPermissionFor(method: string): string | undefined {
    const p = METHOD_PERMISSIONS[method];
    return p && this.deniedPermissions.has(p) ? p : undefined;
  }
}

function take(list: CallFault[], method: string): { code: number; message: string } | undefined {
  const i = list.findIndex((f) => f.method === method);
  if (i < 0) return undefined;
  const f = list[i]!;
  if (--f.remaining <= 0) list.splice(i, 1);
  return { code: f.code, message: f.message };
}
