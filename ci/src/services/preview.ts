/**
 * A pull request's preview of one service: the PR's image as a new revision tagged `pr-N` at 0%,
 * probed on its tag URL. Users are never served anything else: the write keeps every revision's
 * share exactly (a LATEST entry is pinned to the revision it routes to, so the new revision gets
 * nothing), carries the etag of the preview's own read (a concurrent change wins and nothing is
 * overwritten), and only the revision template and the traffic tags change: service-level
 * settings (ingress, IAM, service labels) are the live service's. A second preview of the same PR
 * moves the tag to its new revision. A service that does not exist yet is refused: a first
 * deploy serves 100% and must go through `deploy`.
 */
import type { CloudRunGateway } from "../gcp/cloud-run.js";
import { type CloudRunServiceResource, LATEST, shortName, writable } from "../gcp/run-resource.js";
import { withSpan } from "../lib/spans.js";
import { type DeployServiceOptions, privateServiceError, remainingHealthTime, TRAFFIC_WRITE_TIMEOUT_MS, UPDATE_PERMISSION } from "./deploy-service.js";
import { isPublic } from "./iam.js";
import { revisionName, timeSuffix, validateServiceId, validateTag } from "./names.js";
import { PREVIEW_LABEL, previewTag } from "../lib/preview-names.js";
import type { ServicePreviewReport } from "./preview-report.js";
import { healthUrl, probeHealth } from "./probe.js";
import type { RenderedService } from "./render.js";
import { logHint } from "./deploy-run.js";
import { writeService } from "./service-write.js";
import { describeShares, sameShares, serviceShares, sharesOf } from "./shares.js";
import { candidateTraffic, describeTraffic, restoreTraffic, sameTraffic, takeSnapshot, type TrafficSnapshot } from "./traffic.js";
import { unmanagedFieldsError, unmanagedTemplateFields } from "./unmanaged.js";

/** A preview is released with a deploy's options (no strategy, hooks or canary: it never takes traffic). */
export type PreviewOptions = Pick<
  DeployServiceOptions,
  "environment" | "project" | "region" | "commit" | "healthTimeoutMs" | "probeIntervalMs" | "pollIntervalMs" | "idToken" | "idTokenUnavailable" | "dropUnmanaged" | "warnings" | "now" | "call"
> & {
  pr: number;
};

const deployFirst = (r: RenderedService, options: PreviewOptions) => options.call(`deploy --service=${r.target} --env=${options.environment}`);

const tagStatus = (s: CloudRunServiceResource | undefined, tag: string) => (s?.trafficStatuses ?? []).find((t) => t.tag === tag);

export async function previewService(gw: CloudRunGateway, rendered: RenderedService, options: PreviewOptions): Promise<ServicePreviewReport> {
  const tag = previewTag(options.pr);
  return withSpan(`preview service ${rendered.target} ${tag}`, async (span) => {
    const report = await preview(gw, rendered, options, tag);
    span.set({ "preview.status": report.status, "preview.revision": report.revision ?? "" });
    if (report.status !== "ready") span.fail(report.reason ?? report.status);
    return report;
  }, { "service.name": rendered.serviceId, "preview.tag": tag, "release.environment": options.environment });
}

async function preview(gw: CloudRunGateway, rendered: RenderedService, options: PreviewOptions, tag: string): Promise<ServicePreviewReport> {
  const now = options.now ?? Date.now;
  const started = now();
  const notes: string[] = [];
  const report: ServicePreviewReport = {
    kind: "service-preview",
    service: rendered.target,
    cloudRunName: rendered.serviceId,
    environment: options.environment,
    project: options.project,
    region: options.region,
    pr: options.pr,
    tag,
    status: "failed",
    image: rendered.image,
    commit: options.commit,
    warnings: [...(options.warnings ?? [])],
    durationMs: 0,
  };
  const finish = (r: Partial<ServicePreviewReport>): ServicePreviewReport => Object.assign(report, r, notes.length ? { notes } : {}, { durationMs: now() - started });

  validateServiceId(rendered.serviceId);
  validateTag(rendered.serviceId, tag);
  const live = await gw.getService(rendered.name);
  if (!live) {
    throw new Error(`service ${rendered.serviceId} does not exist in ${options.environment} yet, and a preview never creates one (a new service serves 100% of its traffic from its first revision); nothing was changed. Release it first with \`${deployFirst(rendered, options)}\`, then run the preview again.`);
  }
  if (live.defaultUriDisabled) {
    throw new Error(`service ${rendered.serviceId} has its run.app URLs disabled (defaultUrl: false), so a preview's tag URL cannot be reached; nothing was changed. Previews need the default URL: set run.defaultUrl to true in the service's catalog file and deploy.`);
  }
  const latestReady = shortName(live.latestReadyRevision);
  if (!latestReady && (live.traffic ?? []).some((t) => t.type === LATEST && (t.percent ?? 0) > 0)) {
    throw new Error(`service ${rendered.serviceId} has no ready revision and routes its traffic to LATEST, so any new revision would take that traffic; nothing was changed. Fix the service with \`${deployFirst(rendered, options)}\` first.`);
  }
  const unmanaged = unmanagedTemplateFields(live, rendered.resource);
  if (unmanaged.length && !options.dropUnmanaged) throw unmanagedFieldsError(rendered.serviceId, unmanaged, { target: rendered.target, environment: options.environment, call: options.call });
  const held = await gw.testIamPermissions(rendered.name, [UPDATE_PERMISSION]);
  if (!held.includes(UPDATE_PERMISSION)) throw new Error(`the deployer lacks ${UPDATE_PERMISSION} on service ${rendered.serviceId}; nothing was changed. Grant it roles/run.developer (or roles/run.admin) on the service or project.`);
  const bearer = isPublic(await gw.getIamPolicy(rendered.name)) ? undefined : await previewToken(options, live, rendered.serviceId);

  const revision = revisionName(rendered.serviceId, options.commit, timeSuffix(now()));
  const snapshot = takeSnapshot(live);
  const traffic = candidateTraffic(snapshot, revision, tag);
  const before = serviceShares(live);
  const after = sharesOf(traffic, latestReady);
  if (!sameShares(before, after)) {
    throw new Error(`a preview of service ${rendered.serviceId} would change who serves its users (now ${describeShares(before)}, after ${describeShares(after)}); nothing was changed. Set the traffic you want with gcloud run services update-traffic, then run the preview again.`);
  }
  report.trafficBefore = describeTraffic(live);
  const template = { ...rendered.resource.template, revision, labels: { ...(rendered.resource.template?.labels ?? {}), [PREVIEW_LABEL]: tag } };
  const desired: CloudRunServiceResource = { ...writable(live), template, traffic };
  const healthStarted = Date.now();
  const written = await withSpan(`create preview revision ${revision} (${tag}, no traffic)`, () =>
    writeService(gw, { base: live, desired, isOurs: (s) => s.template?.revision === revision, timeoutMs: options.healthTimeoutMs, pollIntervalMs: options.pollIntervalMs, note: (line) => notes.push(line) }),
  );
  const current = written.kind === "rejected" || written.kind === "unknown" ? await readBack(gw, rendered.name) : written.service;
  const trafficAfter = current instanceof Error ? `unknown (reading the service failed: ${current.message})` : current ? describeTraffic(current) : "(the service no longer exists)";
  switch (written.kind) {
    case "conflict":
      return finish({ status: "aborted", trafficAfter, reason: `service ${rendered.serviceId} changed between this preview's read and its write (someone else updated it); their change was kept and nothing of it was overwritten. Run the preview again to add ${tag} on top of it.` });
    case "rejected":
      return finish({ status: "failed", trafficAfter, reason: `Cloud Run refused the preview revision: ${written.error.message}. Nothing was changed.` });
    case "unknown":
      return finish({ status: "failed", trafficAfter, reason: `could not tell whether the preview revision was created (${written.error.message}). Check \`${options.call(`status --service=${rendered.target} --env=${options.environment}`)}\`, then run the preview again.` });
    case "failed":
    case "timeout": {
      // The traffic must not keep naming a revision that is not ready: every later update (a deploy) would fail on it.
      const restored = await restoreTrafficOf(gw, written.service, snapshot, options);
      return finish({ status: "failed", revision, trafficAfter: restored.trafficAfter, logHint: logHint(options.project, options.region, rendered.serviceId, revision), reason: `the preview revision ${revision} did not become ready: ${written.error.message}. Users are still served as before. ${restored.note} Fix the change and push again.` });
    }
    case "applied":
      break;
  }
  const applied = written.service;
  if (!sameShares(before, serviceShares(applied))) report.warnings.push(`the traffic shares changed while the preview was written (now ${describeShares(serviceShares(applied))}, before ${describeShares(before)}): someone else changed them; the preview's write kept them as they were`);
  const url = tagStatus(applied, tag)?.uri;
  if (!url) return finish({ status: "failed", revision, trafficAfter: describeTraffic(applied), reason: `Cloud Run returned no URL for tag ${tag}, so the preview could not be probed. Check \`${options.call(`status --service=${rendered.target} --env=${options.environment}`)}\`.` });
  const probe = await withSpan(`health check ${revision}`, () =>
    probeHealth(healthUrl(url, rendered.healthPath), { timeoutMs: remainingHealthTime(options.healthTimeoutMs, healthStarted, Date.now()), intervalMs: options.probeIntervalMs, bearerToken: bearer }),
  );
  const final = await readBack(gw, rendered.name);
  if (final instanceof Error || !final) {
    return finish({ status: "failed", revision, url, reason: `the preview revision was created, but reading the service back failed: ${final ? final.message : "the service no longer exists"}` });
  }
  const shown = tagStatus(final, tag);
  const read = { revision: shortName(shown?.revision) || undefined, url: shown?.uri ?? undefined, trafficAfter: describeTraffic(final) };
  if (read.revision !== revision) return finish({ status: "aborted", ...read, reason: `tag ${tag} no longer names ${revision} (someone moved or removed it after the preview wrote it); their change was kept. Run the preview again.` });
  if (!probe.ok) return finish({ status: "unhealthy", ...read, logHint: logHint(options.project, options.region, rendered.serviceId, revision), reason: `health check ${probe.url} ${probe.reason} after ${probe.attempts} attempt(s). The preview stays at 0% (users are not affected); fix it and push again.` });
  return finish({ status: "ready", ...read });
}

/** Puts the traffic (and the tags) back exactly as the preview found them; says how that went. */
async function restoreTrafficOf(gw: CloudRunGateway, current: CloudRunServiceResource, snapshot: TrafficSnapshot, options: PreviewOptions): Promise<{ trafficAfter: string; note: string }> {
  const desired = { ...writable(current), traffic: restoreTraffic(snapshot, current.latestCreatedRevision) };
  const restored = await withSpan(`restore the traffic of ${shortName(current.name)}`, () =>
    writeService(gw, { base: current, desired, isOurs: (s) => sameTraffic(s.traffic ?? [], desired.traffic), timeoutMs: TRAFFIC_WRITE_TIMEOUT_MS, pollIntervalMs: options.pollIntervalMs }),
  );
  if (restored.kind === "applied") return { trafficAfter: describeTraffic(restored.service), note: `The traffic and its tags were put back as they were.` };
  const cleanup = options.call(`preview-cleanup --pr=${options.pr} --env=${options.environment}`);
  const after = restored.kind === "rejected" || restored.kind === "unknown" ? undefined : restored.service;
  return { trafficAfter: after ? describeTraffic(after) : describeTraffic(current), note: `Putting the traffic back failed (${restored.kind}${"error" in restored && restored.error ? `: ${restored.error.message}` : ""}); the tag ${previewTag(options.pr)} may still name the failed revision, which makes later updates of the service fail: run \`${cleanup}\`.` };
}

async function previewToken(options: PreviewOptions, live: CloudRunServiceResource, serviceId: string): Promise<string> {
  if (!options.idToken || options.idTokenUnavailable) throw privateServiceError(serviceId, options.idTokenUnavailable);
  return options.idToken((live.uri ?? "").replace(/\/+$/, ""));
}

async function readBack(gw: CloudRunGateway, name: string): Promise<CloudRunServiceResource | undefined | Error> {
  try {
    return await gw.getService(name);
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}
