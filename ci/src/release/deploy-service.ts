/**
 * Releases one rendered service to Cloud Run behind a health gate.
 *
 * blue-green: new revision at 0% with a candidate tag, probe its tag URL, then 100% to it and the
 * tag dropped; on any failure the traffic snapshot taken before the deploy is restored (every
 * revision serves its old share; a LATEST entry comes back pinned to what LATEST resolved to).
 * direct: 100% to the new revision once it is ready. First deploy: create, then probe the URL.
 * Same image digest and configuration as live: nothing is called that mutates.
 */
import { errorCode } from "../gcp/retry.js";
import { DeadlineExceeded, withDeadline } from "../lib/deadline.js";
import { OperationFailedError, type CloudRunGateway } from "../gcp/cloud-run.js";
import { diffService } from "./diff.js";
import { isPublic, policyFor } from "./iam.js";
import { candidateTag, revisionName, timeSuffix, validateServiceId, validateTag } from "./names.js";
import { healthUrl, probeHealth } from "./probe.js";
import { CONFIG_HASH_ANNOTATION, type RenderedService } from "./render.js";
import type { ServiceReleaseReport } from "./report.js";
import type { CloudRunServiceResource, TrafficTarget } from "./resource.js";
import { shortName, unmanagedFields, writable } from "./resource.js";
import { allTo, allToLatest, candidateTraffic, describeTraffic, restoreTraffic, soleRevision, takeSnapshot, type TrafficSnapshot } from "./traffic.js";

export type Strategy = "blue-green" | "direct";

export interface DeployServiceOptions {
  strategy: Strategy;
  environment: string;
  project: string;
  region: string;
  commit: string;
  /** How long the new revision may take to become ready AND healthy, in total. */
  healthTimeoutMs: number;
  probeIntervalMs?: number;
  /** Mints an ID token for a private service's URL (audience). */
  idToken?: (audience: string) => Promise<string>;
  warnings?: string[];
  now?: () => number;
}

const ABORTED = 10;
const FAILED_PRECONDITION = 9;

function logHint(project: string, region: string, service: string, revision?: string): string {
  const filter = revision ? `resource.labels.revision_name="${revision}"` : `resource.labels.service_name="${service}"`;
  return `gcloud logging read 'resource.type="cloud_run_revision" AND ${filter}' --project=${project} --limit=50  (console: https://console.cloud.google.com/run/detail/${region}/${service}/revisions?project=${project})`;
}

export function isUnchanged(live: CloudRunServiceResource, rendered: RenderedService, livePublic: boolean): boolean {
  const container = live.template?.containers?.[0];
  const created = shortName(live.latestCreatedRevision);
  return (
    live.template?.annotations?.[CONFIG_HASH_ANNOTATION] === rendered.configHash &&
    container?.image === rendered.image &&
    created !== "" &&
    created === shortName(live.latestReadyRevision) &&
    soleRevision(live) === created &&
    livePublic === rendered.public
  );
}

export async function deployService(gw: CloudRunGateway, rendered: RenderedService, options: DeployServiceOptions): Promise<ServiceReleaseReport> {
  const now = options.now ?? Date.now;
  const started = now();
  const shortSha = options.commit;
  const report: ServiceReleaseReport = {
    kind: "service",
    service: rendered.serviceId,
    environment: options.environment,
    project: options.project,
    region: options.region,
    status: "failed",
    strategy: options.strategy,
    image: rendered.image,
    commit: options.commit,
    changes: [],
    warnings: [...(options.warnings ?? [])],
    durationMs: 0,
  };
  const finish = (r: Partial<ServiceReleaseReport>): ServiceReleaseReport => Object.assign(report, r, { durationMs: now() - started });

  validateServiceId(rendered.serviceId);
  const tag = candidateTag(shortSha);
  if (options.strategy === "blue-green") validateTag(rendered.serviceId, tag);
  if (!rendered.public && !options.idToken) {
    throw new Error(`service ${rendered.serviceId} is private, so its health check needs an ID token, and no ID token source was given. Use credentials that can mint ID tokens (a service account key, or Workload Identity Federation with service account impersonation).`);
  }

  const live = await gw.getService(rendered.name);
  report.changes = diffService(live, rendered.resource);
  if (!live) return firstDeploy(gw, rendered, options, finish);

  const policy = await gw.getIamPolicy(rendered.name);
  if (isUnchanged(live, rendered, isPublic(policy))) {
    const traffic = describeTraffic(live);
    return finish({ status: "unchanged", revision: shortName(live.latestReadyRevision), url: live.uri ?? undefined, trafficBefore: traffic, trafficAfter: traffic, changes: [] });
  }

  const snapshot = takeSnapshot(live);
  report.trafficBefore = describeTraffic(live);
  const revision = revisionName(rendered.serviceId, shortSha, timeSuffix(now()));
  const traffic: TrafficTarget[] = options.strategy === "blue-green" ? candidateTraffic(snapshot, revision, tag) : allToLatest();
  const desired: CloudRunServiceResource = {
    ...unmanagedFields(live),
    ...rendered.resource,
    name: rendered.name,
    labels: { ...(live.labels ?? {}), ...(rendered.resource.labels ?? {}) },
    annotations: live.annotations,
    template: { ...rendered.resource.template, revision },
    traffic,
    etag: live.etag,
  };

  let updated: CloudRunServiceResource;
  const healthStarted = Date.now();
  try {
    updated = await withDeadline(gw.updateService(desired), options.healthTimeoutMs, `revision ${revision} did not become ready within ${options.healthTimeoutMs / 1000}s`);
  } catch (err) {
    const code = errorCode(err);
    // An error of the call itself means the change was not accepted (a concurrent change); an
    // accepted change whose operation failed (revision not ready) is rolled back below.
    if (!(err instanceof OperationFailedError) && !(err instanceof DeadlineExceeded) && (code === ABORTED || code === FAILED_PRECONDITION)) {
      return finish({
        status: "aborted",
        trafficAfter: report.trafficBefore,
        reason: `the service changed while this deploy was preparing (etag mismatch: ${(err as Error).message}). Nothing was overwritten; re-run the deploy to release on top of the new state.`,
      });
    }
    return rollBack(gw, rendered, snapshot, options, finish, revision, `revision ${revision} is not ready: ${(err as Error).message}`);
  }

  if (options.strategy === "blue-green") {
    const tagged = (updated.trafficStatuses ?? []).find((t) => t.tag === tag)?.uri;
    if (!tagged) return rollBack(gw, rendered, snapshot, options, finish, revision, `Cloud Run returned no URL for tag ${tag}; cannot health-check the new revision`);
    // IAM changes only after the release, so the candidate is probed under the LIVE policy: a
    // private service that is about to become public still needs an ID token now.
    let bearerToken: string | undefined;
    try {
      // The audience is the service's own URL, which Cloud Run always accepts (tag hosts are not
      // documented as accepted audiences); the request still goes to the tag URL.
      bearerToken = isPublic(policy) ? undefined : await mintToken(options, live.uri || tagged);
    } catch (err) {
      return rollBack(gw, rendered, snapshot, options, finish, revision, `minting an ID token for the health check of the private service failed: ${(err as Error).message}`);
    }
    const probe = await probeHealth(healthUrl(tagged, rendered.healthPath), {
      timeoutMs: remainingHealthTime(options.healthTimeoutMs, healthStarted, Date.now()),
      intervalMs: options.probeIntervalMs,
      bearerToken,
    });
    if (!probe.ok) return rollBack(gw, rendered, snapshot, options, finish, revision, `health check ${probe.url} ${probe.reason} after ${probe.attempts} attempt(s)`);
    try {
      const fresh = (await gw.getService(rendered.name)) ?? updated;
      const promoteTo = shortName(fresh.latestCreatedRevision) === revision ? allToLatest() : allTo(revision);
      updated = await gw.updateService({ ...writable(fresh), traffic: promoteTo });
    } catch (err) {
      return rollBack(gw, rendered, snapshot, options, finish, revision, `moving traffic to ${revision} failed: ${(err as Error).message}`);
    }
  }

  await applyIam(gw, rendered, policy);
  return finish({ status: "deployed", revision, url: updated.uri ?? undefined, trafficAfter: describeTraffic(updated) });
}

/** One health budget for readiness and probing together; the probe always gets at least one try. */
export const MIN_PROBE_MS = 2000;
export function remainingHealthTime(healthTimeoutMs: number, started: number, now: number): number {
  return Math.max(MIN_PROBE_MS, healthTimeoutMs - (now - started));
}

async function mintToken(options: DeployServiceOptions, url: string): Promise<string> {
  if (!options.idToken) throw new Error("the service is private and no ID token source was given");
  return options.idToken(new URL(url).origin);
}

async function applyIam(gw: CloudRunGateway, rendered: RenderedService, current: { bindings?: unknown } & Parameters<typeof policyFor>[0]): Promise<void> {
  const next = policyFor(current, rendered.public);
  if (!next) return;
  try {
    await gw.setIamPolicy(rendered.name, next);
  } catch (err) {
    const what = rendered.public ? "make the service public (allUsers -> roles/run.invoker)" : "remove public access";
    throw new Error(`the release succeeded but setting the IAM policy to ${what} failed: ${(err as Error).message}. The deployer needs run.services.setIamPolicy (roles/run.admin); an organization policy (iam.allowedPolicyMemberDomains) can also block allUsers.`);
  }
}

async function firstDeploy(
  gw: CloudRunGateway,
  rendered: RenderedService,
  options: DeployServiceOptions,
  finish: (r: Partial<ServiceReleaseReport>) => ServiceReleaseReport,
): Promise<ServiceReleaseReport> {
  let created: CloudRunServiceResource;
  const healthStarted = Date.now();
  try {
    created = await withDeadline(
      gw.createService(rendered.parent, rendered.serviceId, { ...rendered.resource, traffic: allToLatest() }),
      options.healthTimeoutMs,
      `the first revision did not become ready within ${options.healthTimeoutMs / 1000}s`,
    );
  } catch (err) {
    return finish({ status: "failed", trafficBefore: "", reason: `creating the service failed: ${(err as Error).message}`, logHint: logHint(options.project, options.region, rendered.serviceId) });
  }
  const revision = shortName(created.latestReadyRevision || created.latestCreatedRevision);
  await applyIam(gw, rendered, await gw.getIamPolicy(rendered.name));
  const url = created.uri ?? "";
  const probe = await probeHealth(healthUrl(url, rendered.healthPath), {
    timeoutMs: remainingHealthTime(options.healthTimeoutMs, healthStarted, Date.now()),
    intervalMs: options.probeIntervalMs,
    bearerToken: rendered.public ? undefined : await mintToken(options, url),
  });
  if (!probe.ok) {
    return finish({
      status: "failed",
      revision,
      url,
      trafficBefore: "",
      trafficAfter: describeTraffic(created),
      reason: `first deploy: health check ${probe.url} ${probe.reason}. There is no earlier revision to roll back to; the new service serves this revision. Fix it and deploy again.`,
      logHint: logHint(options.project, options.region, rendered.serviceId, revision),
    });
  }
  return finish({ status: "created", revision, url, trafficBefore: "", trafficAfter: describeTraffic(created) });
}

async function rollBack(
  gw: CloudRunGateway,
  rendered: RenderedService,
  snapshot: TrafficSnapshot,
  options: DeployServiceOptions,
  finish: (r: Partial<ServiceReleaseReport>) => ServiceReleaseReport,
  revision: string,
  reason: string,
): Promise<ServiceReleaseReport> {
  const hint = logHint(options.project, options.region, rendered.serviceId, revision);
  try {
    const current = await gw.getService(rendered.name);
    if (!current) throw new Error("the service disappeared");
    const restored = await gw.updateService({ ...writable(current), traffic: restoreTraffic(snapshot, current.latestCreatedRevision) });
    return finish({ status: "rolled-back", revision, url: restored.uri ?? undefined, trafficAfter: describeTraffic(restored), reason: `${reason.replace(/\.+$/, "")}. Traffic restored to its state before the deploy.`, logHint: hint });
  } catch (err) {
    return finish({
      status: "failed",
      revision,
      reason: `${reason.replace(/\.+$/, "")}. Restoring the previous traffic ALSO failed (${(err as Error).message}); run \`dagger call rollback --service=${rendered.serviceId}\` now.`,
      logHint: hint,
    });
  }
}
