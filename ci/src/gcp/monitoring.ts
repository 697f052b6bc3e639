/**
 * Cloud Monitoring v3 over the official client (@google-cloud/monitoring): uptime checks, alert
 * policies and notification channels of one project. Lists page through everything; updates send
 * an update mask; reads, updates and deletes are retried on transient errors. Creates are sent
 * ONCE: a create whose reply was lost may have been applied, and a blind retry would make a
 * duplicate. The caller reconciles by reading back (monitoring/sync.ts finds its own resource by
 * its identity labels).
 */
import { AlertPolicyServiceClient, NotificationChannelServiceClient, UptimeCheckServiceClient } from "@google-cloud/monitoring";
import type { ClientOptions } from "./cloud-run.js";
import type { AlertPolicyResource, NotificationChannelResource, UptimeCheckResource } from "./monitoring-resources.js";
import { orUndefined, type RetryOptions, withRetry } from "./retry.js";

export interface MonitoringGateway {
  listUptimeChecks(project: string): Promise<UptimeCheckResource[]>;
  /** One call, never retried. */
  createUptimeCheck(project: string, check: UptimeCheckResource): Promise<UptimeCheckResource>;
  updateUptimeCheck(check: UptimeCheckResource, fields: string[]): Promise<UptimeCheckResource>;
  /** Deleting a check that is already gone succeeds. */
  deleteUptimeCheck(name: string): Promise<void>;
  listAlertPolicies(project: string): Promise<AlertPolicyResource[]>;
  /** One call, never retried. */
  createAlertPolicy(project: string, policy: AlertPolicyResource): Promise<AlertPolicyResource>;
  updateAlertPolicy(policy: AlertPolicyResource, fields: string[]): Promise<AlertPolicyResource>;
  /** Deleting a policy that is already gone succeeds. */
  deleteAlertPolicy(name: string): Promise<void>;
  listNotificationChannels(project: string): Promise<NotificationChannelResource[]>;
}

type MonitoringOptions = ConstructorParameters<typeof UptimeCheckServiceClient>[0];

export class GoogleMonitoringGateway implements MonitoringGateway {
  private readonly uptime: UptimeCheckServiceClient;
  private readonly alerts: AlertPolicyServiceClient;
  private readonly channels: NotificationChannelServiceClient;

  /** `options` as for the Cloud Run clients: authClient and projectId, or apiEndpoint/port/sslCreds of a test server. */
  constructor(options: ClientOptions, private readonly retry: RetryOptions = {}) {
    const o = options as MonitoringOptions;
    this.uptime = new UptimeCheckServiceClient(o);
    this.alerts = new AlertPolicyServiceClient(o);
    this.channels = new NotificationChannelServiceClient(o);
  }

  async listUptimeChecks(project: string): Promise<UptimeCheckResource[]> {
    const [checks] = await withRetry(() => this.uptime.listUptimeCheckConfigs({ parent: `projects/${project}` }, { autoPaginate: true }), this.retry);
    return checks as UptimeCheckResource[];
  }

  async createUptimeCheck(project: string, check: UptimeCheckResource): Promise<UptimeCheckResource> {
    const [created] = await this.uptime.createUptimeCheckConfig({ parent: `projects/${project}`, uptimeCheckConfig: check as never });
    return created as UptimeCheckResource;
  }

  async updateUptimeCheck(check: UptimeCheckResource, fields: string[]): Promise<UptimeCheckResource> {
    const [updated] = await withRetry(() => this.uptime.updateUptimeCheckConfig({ uptimeCheckConfig: check as never, updateMask: { paths: fields } }), this.retry);
    return updated as UptimeCheckResource;
  }

  async deleteUptimeCheck(name: string): Promise<void> {
    await withRetry(async () => {
      await orUndefined(this.uptime.deleteUptimeCheckConfig({ name }));
    }, this.retry);
  }

  async listAlertPolicies(project: string): Promise<AlertPolicyResource[]> {
    const [policies] = await withRetry(() => this.alerts.listAlertPolicies({ name: `projects/${project}` }, { autoPaginate: true }), this.retry);
    return policies as AlertPolicyResource[];
  }

  async createAlertPolicy(project: string, policy: AlertPolicyResource): Promise<AlertPolicyResource> {
    const [created] = await this.alerts.createAlertPolicy({ name: `projects/${project}`, alertPolicy: policy as never });
    return created as AlertPolicyResource;
  }

  async updateAlertPolicy(policy: AlertPolicyResource, fields: string[]): Promise<AlertPolicyResource> {
    const [updated] = await withRetry(() => this.alerts.updateAlertPolicy({ alertPolicy: policy as never, updateMask: { paths: fields } }), this.retry);
    return updated as AlertPolicyResource;
  }

  async deleteAlertPolicy(name: string): Promise<void> {
    await withRetry(async () => {
      await orUndefined(this.alerts.deleteAlertPolicy({ name }));
    }, this.retry);
  }

  async listNotificationChannels(project: string): Promise<NotificationChannelResource[]> {
    const [channels] = await withRetry(() => this.channels.listNotificationChannels({ name: `projects/${project}` }, { autoPaginate: true }), this.retry);
    return channels as NotificationChannelResource[];
  }

  async close(): Promise<void> {
    await Promise.all([this.uptime.close(), this.alerts.close(), this.channels.close()]);
  }
}
