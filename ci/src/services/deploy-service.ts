/**
 * Releases one rendered service to Cloud Run behind a health gate.
 *
 * blue-green: new revision at 0% with a candidate tag, probe its tag URL, then 100% to it and the
 * candidate tag dropped (other tags kept); on a failure the traffic snapshot taken before the
 * deploy is restored (every revision serves its old share; a LATEST entry comes back pinned to
 * what LATEST resolved to). direct: 100% to the new revision once it is ready. First deploy, or a
 * service with no ready revision (nothing to protect): 100% to the new revision, then probe the
 * service URL. Same image digest and configuration as live: nothing is called that mutates.
 *
 * Every write carries the etag of this deploy's own last read or write (service-write.ts): when
 * someone else changes the service meanwhile the deploy stops with ABORTED and keeps their change.
 * Every report's `trafficAfter` is read back from Cloud Run after the last write.
 *
 * Spans: "deploy service NAME" (failed unless the release deployed, created or left it unchanged)
 * holds one span per write ("create candidate revision R", "promote R to 100%", "restore previous
 * traffic of S" ...), the health check with its probe attempts, and the hooks.
 */
import type { CloudRunGateway } from "../gcp/cloud-run.js";
import { describeUnmanaged } from "../gcp/run-fields.js";
import { type CloudRunServiceResource, shortName, writable } from "../gcp/run-resource.js";
import { CONFIG_HASH_ANNOTATION } from "../gcp/run-template.js";
import { mergeLabels, OWNED_LABELS_ANNOTATION } from "../lib/owned-labels.js";
import type { SuggestCall } from "../lib/suggested-call.js";
import { withSpan } from "../lib/spans.js";
import { type CanaryOptions, runCanary } from "./canary.js";
import { diffService } from "./diff.js";
import { recordServed } from "./history.js";
import { isPublic, policyFor } from "./iam.js";
import { candidateTag, revisionName, timeSuffix, validateServiceId, validateTag } from "./names.js";
import { healthUrl, probeHealth, type ProbeResult } from "./probe.js";
import type { RenderedService } from "./render.js";
import type { ServiceReleaseReport } from "./report.js";
import { createServiceOnce } from "./service-write.js";
import { allToLatest, candidateTraffic, describeTraffic, promotedTraffic, soleRevision, takeSnapshot, topRevision, type TrafficSnapshot } from "./traffic.js";
import { unmanagedFieldsError, unmanagedTemplateFields } from "./unmanaged.js";
import { type Finish, type Run, desiredService, failUnlessApplied, holdsTraffic, logHint, ourRevision, readTraffic, write } from "./deploy-run.js";
import { aborted, afterFailedWrite, restore, unknownState } from "./deploy-recovery.js";

export { TRAFFIC_WRITE_TIMEOUT_MS } from "./deploy-run.js";

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
  /** The least time a probe gets even when readiness used up the budget (default MIN_PROBE_MS). */
  minProbeMs?: number;
  /** Pause between reads while waiting for a change whose reply was lost (default 1000 ms). */
  pollIntervalMs?: number;
  /** Mints an ID token for a private service's URL (audience). */
  idToken?: (audience: string) => Promise<string>;
  /** Why the credentials cannot mint ID tokens, when they cannot. */
  idTokenUnavailable?: Error;
  /** Deploy even though the live template has settings the catalog does not manage (they are removed). */
  dropUnmanaged?: boolean;
  /** Writes the `dagger call` commands the report suggests (with the command's --catalog and --credentials). */
  call: SuggestCall;
  /** Release hooks (the verb layer runs them as Cloud Run job executions with the new image). */
  hooks?: ReleaseHooks;
  warnings?: string[];
  now?: () => number;
  /** Blue-green only: the catalog's canary steps between the health check and the promotion (services/canary.ts). */
  canary?: CanaryOptions;
}

/** How a release hook ended: `reason` names the execution and its logs command when it failed. */
export interface HookOutcome {
  ok: boolean;
  reason?: string;
  notes: string[];
}

export interface ReleaseHooks {
  /** Runs before the release writes anything to the service (database migrations). */
  beforeTraffic?: () => Promise<HookOutcome>;
  /** Runs once the candidate passed its health check, before it takes traffic, given its URL (smoke tests). */
  afterCandidate?: (candidateUrl: string) => Promise<HookOutcome>;
}

/** The permission every update needs, and the one an IAM change needs. */
export const UPDATE_PERMISSION = "run.services.update";
export const SET_IAM_PERMISSION = "run.services.setIamPolicy";

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

/** A service with no ready revision serves nothing: there is nothing a blue-green deploy could protect. */
export const hasReadyRevision = (live: CloudRunServiceResource): boolean => shortName(live.latestReadyRevision) !== "";

export function privateServiceError(serviceId: string, cause?: Error): Error {
  const why = cause ? ` ${cause.message}` : " No ID token source was given.";
  return new Error(`service ${serviceId} is private, so its health check needs an ID token, and these credentials cannot mint one; nothing was changed.${why}`);
}

/** Outcomes of a release that did not put the new revision in service. */
const NOT_RELEASED = new Set(["failed", "rolled-back", "aborted"]);

export function deployService(gw: CloudRunGateway, rendered: RenderedService, options: DeployServiceOptions): Promise<ServiceReleaseReport> {
  const attributes = { "service.name": rendered.serviceId, "release.strategy": options.strategy, "release.environment": options.environment, "release.commit": options.commit };
  return withSpan(`deploy service ${rendered.target}`, async (span) => {
    const report = await release(gw, rendered, options);
    span.set({ "release.status": report.status, "release.revision": report.revision });
    if (NOT_RELEASED.has(report.status)) span.fail(report.reason ?? report.status);
    return report;
  }, attributes);
}

async function release(gw: CloudRunGateway, rendered: RenderedService, options: DeployServiceOptions): Promise<ServiceReleaseReport> {
  const now = options.now ?? Date.now;
  const started = now();
  const report: ServiceReleaseReport = {
    kind: "service",
    service: rendered.target,
    cloudRunName: rendered.serviceId,
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
  const notes: string[] = [];
  const finish: Finish = (r) => Object.assign(report, r, notes.length ? { notes } : {}, { durationMs: now() - started });

  validateServiceId(rendered.serviceId);
  if (!rendered.public && (!options.idToken || options.idTokenUnavailable)) throw privateServiceError(rendered.serviceId, options.idTokenUnavailable);
  const revision = revisionName(rendered.serviceId, options.commit, timeSuffix(now()));
  const run: Run = { gw, rendered, options, finish, notes, revision, tag: candidateTag(options.commit) };

  const live = await gw.getService(rendered.name);
  report.changes = diffService(live, rendered.resource);
  if (!live) return (await beforeTraffic(run, "")) ?? firstDeploy(run);

  const policy = await gw.getIamPolicy(rendered.name);
  if (isUnchanged(live, rendered, isPublic(policy))) {
    const traffic = describeTraffic(live);
    return finish({ status: "unchanged", revision: shortName(live.latestReadyRevision), url: live.uri ?? undefined, trafficBefore: traffic, trafficAfter: traffic, changes: [] });
  }
  const unmanaged = unmanagedTemplateFields(live, rendered.resource);
  if (unmanaged.length && !options.dropUnmanaged) throw unmanagedFieldsError(rendered.serviceId, unmanaged, { target: rendered.target, environment: options.environment, call: options.call });
  if (unmanaged.length) report.warnings.push(`--drop-unmanaged: this deploy removes settings the catalog does not manage: ${describeUnmanaged(unmanaged)}`);
  const broken = !hasReadyRevision(live);
  if (!broken && options.strategy === "blue-green") validateTag(rendered.serviceId, run.tag);
  await checkPermissions(gw, rendered, policy);
  // The candidate is probed under the LIVE policy (IAM changes only after the release), so a
  // private service needs a token now; minting it before any write finds bad credentials early.
  const probes = (broken || options.strategy === "blue-green") && !(rendered.resource.defaultUriDisabled ?? live.defaultUriDisabled);
  const bearer = isPublic(policy) || !probes ? undefined : await mintToken(options, live.uri ?? "", rendered.serviceId);

  if (!broken && options.strategy === "direct" && options.hooks?.afterCandidate) {
    throw new Error(
      `service ${rendered.target}: its hooks.afterCandidate test the candidate before it takes traffic, and --strategy=direct moves traffic at once. Nothing was changed. Deploy with --strategy=blue_green (blue-green), or move the hooks to hooks.beforeTraffic.`,
    );
  }
  report.trafficBefore = describeTraffic(live);
  const stopped = await beforeTraffic(run, report.trafficBefore);
  if (stopped) return stopped;
  const snapshot = takeSnapshot(live);
  if (broken) return replaceBroken(run, live, snapshot, policy, bearer);
  if (options.strategy === "direct") return deployDirect(run, live, snapshot, policy);
  return deployBlueGreen(run, live, snapshot, policy, bearer);
}

async function deployBlueGreen(run: Run, live: CloudRunServiceResource, snapshot: TrafficSnapshot, policy: Policy, bearer: string | undefined): Promise<ServiceReleaseReport> {
  const { rendered, options, revision, tag } = run;
  const healthStarted = Date.now();
  const candidate = desiredService(run, live, candidateTraffic(snapshot, revision, tag), live.annotations);
  const staged = await write(run, `create candidate revision ${revision}`, live, candidate, ourRevision(revision), options.healthTimeoutMs);
  if (staged.kind !== "applied") return afterFailedWrite(run, staged, snapshot, live, "creating the candidate revision");

  const tagged = (staged.service.trafficStatuses ?? []).find((t) => t.tag === tag)?.uri;
  if (!tagged && !staged.service.defaultUriDisabled) return restore(run, snapshot, live, staged.service, `Cloud Run returned no URL for tag ${tag}; cannot health-check the new revision`);
  const probe = await healthGate(run, staged.service, tagged ?? "", healthStarted, bearer);
  if (!probe.ok) return restore(run, snapshot, live, staged.service, `health check ${probe.url} ${probe.reason} after ${probe.attempts} attempt(s)`);
  const smoke = await afterCandidate(run, tagged ?? "");
  if (smoke) return restore(run, snapshot, live, staged.service, smoke);

  let base = staged.service;
  if (options.canary) {
    const canary = await canaryOf(run, snapshot, base, options.canary);
    run.finish({ canary: canary.steps });
    if (canary.kind === "stopped") return restore(run, snapshot, live, canary.base, canary.reason);
    if (canary.kind === "write") {
      const what = `moving ${canary.percent}% of the traffic to ${revision} (canary)`;
      switch (canary.outcome.kind) {
        case "conflict":
          return aborted(run, `the service changed while this deploy ran its canary of ${revision}, so the canary did not go on`);
        case "unknown":
          return unknownState(run, what, canary.outcome.error);
        case "rejected":
          return restore(run, snapshot, live, canary.base, `${what} failed: ${canary.outcome.error.message}`);
        default:
          return restore(run, snapshot, live, canary.outcome.service, `${what} failed: ${canary.outcome.error.message}`);
      }
    }
    base = canary.base;
  }

  const viaLatest = shortName(base.latestCreatedRevision) === revision;
  const promote = { ...writable(base), traffic: promotedTraffic(snapshot, revision, tag, viaLatest), annotations: recordServed(base.annotations, revision, topRevision(snapshot)) };
  const promoted = await write(run, `promote ${revision} to 100%`, base, promote, holdsTraffic(promote));
  switch (promoted.kind) {
    case "applied":
      return deployed(run, promoted.service, policy);
    case "conflict":
      return aborted(run, `the service changed while this deploy was probing ${revision} (which passed its health check), so it was not promoted`);
    case "rejected":
      return restore(run, snapshot, live, base, `moving traffic to ${revision} failed: ${promoted.error.message}`);
    case "failed":
    case "timeout":
      return restore(run, snapshot, live, promoted.service, `moving traffic to ${revision} failed: ${promoted.error.message}`);
    case "unknown":
      return unknownState(run, `moving traffic to ${revision}`, promoted.error);
  }
}

/** The canary steps over the candidate (a write per step, through this deploy's write and its conflict check). */
function canaryOf(run: Run, snapshot: TrafficSnapshot, start: CloudRunServiceResource, canary: CanaryOptions) {
  const { rendered, options } = run;
  return runCanary(
    {
      revision: run.revision,
      tag: run.tag,
      service: { project: options.project, region: options.region, serviceId: rendered.serviceId },
      snapshot,
      now: options.now ?? Date.now,
      write: (what, base, desired) => write(run, what, base, desired, holdsTraffic(desired)),
    },
    start,
    canary,
  );
}

async function deployDirect(run: Run, live: CloudRunServiceResource, snapshot: TrafficSnapshot, policy: Policy): Promise<ServiceReleaseReport> {
  const desired = desiredService(run, live, promotedTraffic(snapshot, run.revision, undefined, true), recordServed(live.annotations, run.revision, topRevision(snapshot)));
  const written = await write(run, `deploy revision ${run.revision} at 100%`, live, desired, ourRevision(run.revision), run.options.healthTimeoutMs);
  if (written.kind !== "applied") return afterFailedWrite(run, written, snapshot, live, "deploying the new revision");
  if (shortName(written.service.latestReadyRevision) !== run.revision) {
    return restore(run, snapshot, live, written.service, `revision ${run.revision} is not the latest ready revision after the update (Cloud Run reports ${shortName(written.service.latestReadyRevision) || "none"})`);
  }
  return deployed(run, written.service, policy);
}

async function deployed(run: Run, service: CloudRunServiceResource, policy: Policy): Promise<ServiceReleaseReport> {
  await applyIam(run.gw, run.rendered, policy);
  return run.finish({ status: "deployed", revision: run.revision, url: service.uri ?? undefined, trafficAfter: describeTraffic(service) });
}

/** No ready revision: replace it like a first deploy (100% to the new revision), then probe the service URL. */
async function replaceBroken(run: Run, live: CloudRunServiceResource, snapshot: TrafficSnapshot, policy: Policy, bearer: string | undefined): Promise<ServiceReleaseReport> {
  const { rendered, options, revision } = run;
  const why = `the service had no ready revision (nothing was serving), so there was nothing to protect and it was deployed like a first deploy${options.strategy === "blue-green" ? " (no candidate tag)" : ""}`;
  run.notes.push(why);
  const healthStarted = Date.now();
  const desired = desiredService(run, live, promotedTraffic(snapshot, revision, undefined, true), live.annotations);
  const written = await write(run, `deploy revision ${revision} at 100% (no ready revision to protect)`, live, desired, ourRevision(revision), options.healthTimeoutMs);
  if (written.kind !== "applied") {
    if (written.kind === "conflict") return aborted(run, "the service changed before this deploy's update was applied");
    return run.finish({
      status: "failed",
      revision,
      trafficAfter: await readTraffic(run),
      reason: `${why}, but the new revision did not become ready either: ${written.error.message}. There is no healthy revision to roll back to; fix it and deploy again.`,
      logHint: logHint(options.project, options.region, rendered.serviceId, revision),
    });
  }
  const url = written.service.uri ?? "";
  const probe = await healthGate(run, written.service, url, healthStarted, bearer);
  if (!probe.ok) {
    return run.finish({
      status: "failed",
      revision,
      url,
      trafficAfter: describeTraffic(written.service),
      reason: `${why}; its health check ${probe.url} ${probe.reason}. There is no earlier healthy revision to roll back to; the service serves this revision. Fix it and deploy again.`,
      logHint: logHint(options.project, options.region, rendered.serviceId, revision),
    });
  }
  const smoke = await afterCandidate(run, url);
  if (smoke) {
    return run.finish({ status: "failed", revision, url, trafficAfter: describeTraffic(written.service), reason: `${why}; ${smoke}. There is no earlier healthy revision to roll back to; the service serves this revision. Fix it and deploy again.` });
  }
  return deployed(run, written.service, policy);
}

/**
 * The beforeTraffic hooks, before any write: undefined when they passed (or there are none), else
 * the failed report, the service untouched and serving what it served (`traffic`).
 */
async function beforeTraffic(run: Run, traffic: string): Promise<ServiceReleaseReport | undefined> {
  const hook = run.options.hooks?.beforeTraffic;
  if (!hook) return undefined;
  const outcome = await hookSpan(`run beforeTraffic hooks of ${run.rendered.target}`, hook);
  run.notes.push(...outcome.notes);
  if (outcome.ok) return undefined;
  const serving = traffic ? `it still serves ${traffic}` : "it was not created";
  return run.finish({ status: "failed", trafficBefore: traffic, trafficAfter: traffic, reason: `${outcome.reason}. The release stopped before changing the service: ${serving}.` });
}

/** The afterCandidate hooks against the candidate's URL: undefined when they passed (or there are none), else why they failed. */
async function afterCandidate(run: Run, url: string): Promise<string | undefined> {
  const hook = run.options.hooks?.afterCandidate;
  if (!hook) return undefined;
  const outcome = await hookSpan(`run afterCandidate hooks of ${run.rendered.target}`, () => hook(url));
  run.notes.push(...outcome.notes);
  return outcome.ok ? undefined : outcome.reason;
}

const hookSpan = (what: string, hook: () => Promise<HookOutcome>): Promise<HookOutcome> =>
  withSpan(what, async (span) => {
    const outcome = await hook();
    if (!outcome.ok) span.fail(outcome.reason ?? "a hook failed");
    return outcome;
  });

/**
 * The health gate on `url`: healthPath probed there. With the run.app URLs disabled (defaultUrl:
 * false, read back from the service) nothing can reach it, so the gate is the revision becoming
 * Ready, which Cloud Run grants only after its startup probe passed (the catalog requires one).
 */
async function healthGate(run: Run, service: CloudRunServiceResource, url: string, started: number, bearer: string | undefined): Promise<ProbeResult> {
  const { rendered, options } = run;
  if (service.defaultUriDisabled) {
    run.notes.push(`health gate: the run.app URLs are disabled (defaultUrl: false), so ${rendered.healthPath} was not probed; the revision passed Cloud Run's startup probe and became Ready`);
    return { ok: true, url: "", attempts: 0 };
  }
  return withSpan(`health check ${run.revision}`, async (span) => {
    const probe = await probeHealth(healthUrl(url, rendered.healthPath), {
      timeoutMs: remainingHealthTime(options.healthTimeoutMs, started, Date.now(), options.minProbeMs),
      intervalMs: options.probeIntervalMs,
      bearerToken: bearer,
    });
    span.set({ "probe.attempts": probe.attempts });
    if (!probe.ok) span.fail(`${probe.url} ${probe.reason} after ${probe.attempts} attempt(s)`);
    return probe;
  });
}

/** One health budget for readiness and probing together; the probe always gets at least one try. */
export const MIN_PROBE_MS = 2000;
export function remainingHealthTime(healthTimeoutMs: number, started: number, now: number, minProbeMs = MIN_PROBE_MS): number {
  return Math.max(minProbeMs, healthTimeoutMs - (now - started));
}

async function mintToken(options: DeployServiceOptions, url: string, serviceId: string): Promise<string> {
  if (!options.idToken) throw privateServiceError(serviceId, options.idTokenUnavailable);
  return options.idToken(url.replace(/\/+$/, ""));
}

type Policy = Awaited<ReturnType<CloudRunGateway["getIamPolicy"]>>;

/** Refuses before any write when the deployer lacks a permission the deploy will need. */
async function checkPermissions(gw: CloudRunGateway, rendered: RenderedService, policy: Policy): Promise<void> {
  const needed = [UPDATE_PERMISSION, ...(policyFor(policy, rendered.public) ? [SET_IAM_PERMISSION] : [])];
  const held = new Set(await gw.testIamPermissions(rendered.name, needed));
  const missing = needed.filter((p) => !held.has(p));
  if (missing.length === 0) return;
  const iam = missing.includes(SET_IAM_PERMISSION) ? ` (${rendered.public ? "making the service public" : "removing public access"} changes its IAM policy)` : "";
  throw new Error(
    `the deployer lacks ${missing.join(" and ")} on service ${rendered.serviceId}${iam}; nothing was changed. Grant it roles/run.admin (or roles/run.developer when the IAM policy does not change) on the service or project.`,
  );
}

async function applyIam(gw: CloudRunGateway, rendered: RenderedService, current: Policy): Promise<void> {
  const next = policyFor(current, rendered.public);
  if (!next) return;
  try {
    await withSpan(rendered.public ? `make ${rendered.serviceId} public` : `remove public access to ${rendered.serviceId}`, () => gw.setIamPolicy(rendered.name, next));
  } catch (err) {
    const what = rendered.public ? "make the service public (allUsers -> roles/run.invoker)" : "remove public access";
    throw new Error(`the release succeeded but setting the IAM policy to ${what} failed: ${(err as Error).message}. The deployer needs run.services.setIamPolicy (roles/run.admin); an organization policy (iam.allowedPolicyMemberDomains) can also block allUsers.`);
  }
}

async function firstDeploy(run: Run): Promise<ServiceReleaseReport> {
  const { gw, rendered, options, revision, finish } = run;
  const healthStarted = Date.now();
  const owned = mergeLabels({}, {}, rendered.resource.labels ?? {}).owned;
  const service = { ...rendered.resource, annotations: { ...(rendered.resource.annotations ?? {}), [OWNED_LABELS_ANNOTATION]: owned }, template: { ...rendered.resource.template, revision }, traffic: allToLatest() };
  const created = await withSpan(`create service ${rendered.serviceId} with revision ${revision}`, async (span) =>
    failUnlessApplied(span, await createServiceOnce(gw, {
      parent: rendered.parent,
      serviceId: rendered.serviceId,
      service,
      isOurs: ourRevision(revision),
      timeoutMs: options.healthTimeoutMs,
      pollIntervalMs: options.pollIntervalMs,
      note: (line) => run.notes.push(line),
    })),
  );
  const hint = logHint(options.project, options.region, rendered.serviceId);
  if (created.kind === "conflict") {
    return finish({ status: "aborted", trafficBefore: "", trafficAfter: created.service ? describeTraffic(created.service) : "(none)", reason: `someone else created service ${rendered.serviceId} while this deploy was creating it; theirs was kept. Re-run \`${options.call(`deploy --service=${rendered.target} --env=${options.environment}`)}\` to release on top of it.` });
  }
  if (created.kind !== "applied") {
    const detail = created.kind === "timeout" ? `the first revision did not become ready within ${options.healthTimeoutMs / 1000}s` : created.error.message;
    return finish({ status: "failed", revision: created.kind === "rejected" ? undefined : revision, trafficBefore: "", trafficAfter: await readTraffic(run), reason: `creating the service failed: ${detail}`, logHint: hint });
  }
  await applyIam(gw, rendered, await gw.getIamPolicy(rendered.name));
  const url = created.service.uri ?? "";
  const bearer = rendered.public || created.service.defaultUriDisabled ? undefined : await mintToken(options, url, rendered.serviceId);
  const probe = await healthGate(run, created.service, url, healthStarted, bearer);
  if (!probe.ok) {
    return finish({
      status: "failed",
      revision,
      url,
      trafficBefore: "",
      trafficAfter: describeTraffic(created.service),
      reason: `first deploy: health check ${probe.url} ${probe.reason}. There is no earlier revision to roll back to; the new service serves this revision. Fix it and deploy again.`,
      logHint: logHint(options.project, options.region, rendered.serviceId, revision),
    });
  }
  const smoke = await afterCandidate(run, url);
  if (smoke) {
    return finish({ status: "failed", revision, url, trafficBefore: "", trafficAfter: describeTraffic(created.service), reason: `first deploy: ${smoke}. There is no earlier revision to roll back to; the new service serves this revision. Fix it and deploy again.` });
  }
  return finish({ status: "created", revision, url, trafficBefore: "", trafficAfter: describeTraffic(created.service) });
}
