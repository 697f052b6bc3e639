// Handlers of the three services (request in, response out, RpcError on failure).
import { invalidArgument, notFound } from "../grpc/status.js";
import { paginate } from "./pagination.js";
import { MonitoringStore, projectOf } from "./store.js";
import type { INotificationChannel } from "./types.js";

type Handlers = Record<string, (request: never) => unknown>;

interface ListRequest {
  parent?: string;
  name?: string;
  filter?: string;
  pageSize?: number;
  pageToken?: string;
}

/** ListUptimeCheckConfigs/ListAlertPolicies filters are not served: say so instead of silently answering everything. */
function noFilter(filter: string | undefined, method: string): void {
  if (filter) throw invalidArgument(`${method}: the fake serves no filter (got "${filter}"); list everything and filter in the caller.`);
}

export function uptimeApi(store: MonitoringStore): Handlers {
  return {
    ListUptimeCheckConfigs(req: ListRequest) {
      const project = projectOf(req.parent, "parent");
      noFilter(req.filter, "ListUptimeCheckConfigs");
      const page = paginate(store.listUptimeChecks(project), req.pageSize, req.pageToken, req.parent!);
      return { uptimeCheckConfigs: page.items, nextPageToken: page.nextPageToken, totalSize: page.total };
    },
    GetUptimeCheckConfig: (req: { name?: string }) => store.getUptimeCheck(req.name),
    CreateUptimeCheckConfig(req: { parent?: string; uptimeCheckConfig?: object }) {
      const project = projectOf(req.parent, "parent");
      if (!req.uptimeCheckConfig) throw invalidArgument("CreateUptimeCheckConfigRequest.uptime_check_config is required.");
      return store.createUptimeCheck(project, req.uptimeCheckConfig);
    },
    UpdateUptimeCheckConfig(req: { uptimeCheckConfig?: object; updateMask?: { paths?: string[] } }) {
      if (!req.uptimeCheckConfig) throw invalidArgument("UpdateUptimeCheckConfigRequest.uptime_check_config is required.");
      return store.updateUptimeCheck(req.uptimeCheckConfig, req.updateMask?.paths);
    },
    DeleteUptimeCheckConfig(req: { name?: string }) {
      store.deleteUptimeCheck(req.name);
      return {};
    },
  };
}

export function alertApi(store: MonitoringStore): Handlers {
  return {
    ListAlertPolicies(req: ListRequest) {
      const project = projectOf(req.name, "name");
      noFilter(req.filter, "ListAlertPolicies");
      const page = paginate(store.listAlertPolicies(project), req.pageSize, req.pageToken, req.name!);
      return { alertPolicies: page.items, nextPageToken: page.nextPageToken, totalSize: page.total };
    },
    GetAlertPolicy: (req: { name?: string }) => store.getAlertPolicy(req.name),
    CreateAlertPolicy(req: { name?: string; alertPolicy?: object }) {
      const project = projectOf(req.name, "name");
      if (!req.alertPolicy) throw invalidArgument("CreateAlertPolicyRequest.alert_policy is required.");
      return store.createAlertPolicy(project, req.alertPolicy);
    },
    UpdateAlertPolicy(req: { alertPolicy?: object; updateMask?: { paths?: string[] } }) {
      if (!req.alertPolicy) throw invalidArgument("UpdateAlertPolicyRequest.alert_policy is required.");
      return store.updateAlertPolicy(req.alertPolicy, req.updateMask?.paths);
    },
    DeleteAlertPolicy(req: { name?: string }) {
      store.deleteAlertPolicy(req.name);
      return {};
    },
  };
}

/**
 * ListNotificationChannels filters (https://cloud.google.com/monitoring/api/v3/sorting-and-filtering):
 * the fake serves comparisons of display_name or type joined by AND, e.g.
 * `type = "email" AND display_name = "Ops"`; anything else is INVALID_ARGUMENT naming what it serves.
 */
function channelFilter(filter: string | undefined): (c: INotificationChannel) => boolean {
  if (!filter) return () => true;
  const tests = filter.split(/\s+AND\s+/).map((clause) => {
    const m = /^\s*(display_name|type)\s*=\s*"([^"]*)"\s*$/.exec(clause);
    if (!m) throw invalidArgument(`ListNotificationChannels: the fake serves filters of display_name = "..." and type = "..." joined by AND (got "${filter}").`);
    const [, field, value] = m;
    return (c: INotificationChannel) => (field === "type" ? c.type : c.displayName) === value;
  });
  return (c) => tests.every((t) => t(c));
}

export function channelApi(store: MonitoringStore): Handlers {
  return {
    ListNotificationChannels(req: ListRequest) {
      const project = projectOf(req.name, "name");
      const page = paginate(store.listChannels(project).filter(channelFilter(req.filter)), req.pageSize, req.pageToken, req.name!);
      return { notificationChannels: page.items, nextPageToken: page.nextPageToken, totalSize: page.total };
    },
    GetNotificationChannel(req: { name?: string }) {
      const found = store.channels.get(req.name ?? "");
      if (!found) throw notFound(`Notification channel ${req.name ?? ""} does not exist.`);
      return found;
    },
  };
}
