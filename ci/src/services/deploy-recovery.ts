/**
 * How a service deploy ends when something went wrong (deploy-service.ts): the first write not
 * applied, the exact previous traffic restored, someone else's change kept (ABORTED), or an
 * outcome that cannot be told (FAILED, with what to check).
 */
import { type CloudRunServiceResource, shortName, writable } from "../gcp/run-resource.js";
import { recordFailed } from "./history.js";
import type { ServiceReleaseReport } from "./report.js";
import type { WriteOutcome } from "./service-write.js";
import { describeTraffic, restoreTraffic, topRevision, type TrafficSnapshot, withoutCandidateTag } from "./traffic.js";
import { type Run, holdsTraffic, logHint, readTraffic, write } from "./deploy-run.js";

/** The first write of a deploy did not end well: nothing applied, someone else's change, or ours failed. */
export async function afterFailedWrite(run: Run, outcome: Exclude<WriteOutcome, { kind: "applied" }>, snapshot: TrafficSnapshot, live: CloudRunServiceResource, what: string): Promise<ServiceReleaseReport> {
  switch (outcome.kind) {
    case "rejected":
      return run.finish({
        status: "failed",
        trafficAfter: await readTraffic(run),
        reason: `${what} was not applied (nothing was changed): ${outcome.error.message}`,
      });
    case "conflict":
      return aborted(run, `the service changed before this deploy's update was applied (etag mismatch${outcome.error ? `: ${outcome.error.message}` : ""})`);
    case "failed":
      return restore(run, snapshot, live, outcome.service, `revision ${run.revision} is not ready: ${outcome.error.message}`);
    case "timeout":
      return restore(run, snapshot, live, outcome.service, `revision ${run.revision} did not become ready within ${run.options.healthTimeoutMs / 1000}s`);
    case "unknown":
      return unknownState(run, what, outcome.error);
  }
}

export async function restore(run: Run, snapshot: TrafficSnapshot, live: CloudRunServiceResource, base: CloudRunServiceResource, reason: string): Promise<ServiceReleaseReport> {
  const { rendered, options, revision } = run;
  const hint = logHint(options.project, options.region, rendered.serviceId, revision);
  const why = reason.replace(/\.+$/, "");
  // Labels and annotations come back as they were too (the commit label names what serves again).
  const desired = { ...writable(base), traffic: restoreTraffic(snapshot, base.latestCreatedRevision), labels: live.labels, annotations: recordFailed(live.annotations, revision) };
  const restored = await write(run, `restore previous traffic of ${rendered.serviceId}`, base, desired, holdsTraffic(desired));
  if (restored.kind === "applied") {
    return run.finish({ status: "rolled-back", revision, url: restored.service.uri ?? undefined, trafficAfter: describeTraffic(restored.service), reason: `${why}. Traffic restored to its state before the deploy.`, logHint: hint });
  }
  if (restored.kind === "conflict") return aborted(run, `${why}; restoring the previous traffic was not done because someone else changed the service meanwhile`, hint);
  const before = topRevision(snapshot);
  const command = before
    ? options.call(`rollback --service=${rendered.target} --env=${options.environment} --to-revision=${before}`)
    : options.call(`status --service=${rendered.target} --env=${options.environment}`);
  return run.finish({
    status: "failed",
    revision,
    trafficAfter: await readTraffic(run),
    reason: `${why}. Restoring the previous traffic ALSO failed (${restored.error.message}). Before the deploy it served: ${describeSnapshot(snapshot)}. To put ${before ?? "it"} back, run \`${command}\`; the candidate tag ${run.tag} may be left on ${revision} (remove it with \`gcloud run services update-traffic ${rendered.serviceId} --remove-tags=${run.tag} --region=${options.region} --project=${options.project}\`).`,
    logHint: hint,
  });
}

export function describeSnapshot(snapshot: TrafficSnapshot): string {
  return snapshot.traffic.map((t) => `${t.revision ? shortName(t.revision) : `LATEST (${snapshot.latestReadyRevision})`} ${t.percent ?? 0}%${t.tag ? ` (tag ${t.tag})` : ""}`).join(", ");
}

/**
 * Someone else changed the service: keep their change, remove our candidate tag only when that
 * changes nobody's share, and say what the service serves now and how to continue.
 */
export async function aborted(run: Run, why: string, logHintLine?: string): Promise<ServiceReleaseReport> {
  const { gw, rendered, options, tag } = run;
  const continueWith = `re-run \`${options.call(`deploy --service=${rendered.target} --env=${options.environment}`)}\` to release on top of it`;
  let current: CloudRunServiceResource | undefined;
  let tagNote = "";
  try {
    current = await gw.getService(rendered.name);
    const without = current ? withoutCandidateTag(current.traffic, tag) : undefined;
    if (current && without) {
      const desired = { ...writable(current), traffic: without };
      const removed = await write(run, `remove candidate tag ${tag}`, current, desired, holdsTraffic(desired));
      if (removed.kind === "applied") {
        current = removed.service;
        tagNote = ` The candidate tag ${tag} was removed.`;
      } else {
        current = removed.kind === "conflict" ? removed.service : current;
        tagNote = ` The candidate tag ${tag} is still there (removing it did not succeed: ${removed.kind}); remove it with \`gcloud run services update-traffic ${rendered.serviceId} --remove-tags=${tag} --region=${options.region} --project=${options.project}\`.`;
      }
    }
  } catch (err) {
    return run.finish({ status: "aborted", revision: run.revision, trafficAfter: `unknown (reading the service failed: ${(err as Error).message})`, reason: `${why}. Their change was kept.${tagNote} Check \`${options.call(`status --service=${rendered.target} --env=${options.environment}`)}\`, then ${continueWith}.`, ...(logHintLine ? { logHint: logHintLine } : {}) });
  }
  // Name the new revision only when it exists (a conflict before our write applied created none).
  const exists = shortName(current?.latestCreatedRevision) === run.revision || (current?.traffic ?? []).some((t) => shortName(t.revision) === run.revision);
  return run.finish({
    status: "aborted",
    revision: exists ? run.revision : undefined,
    url: current?.uri ?? undefined,
    trafficAfter: current ? describeTraffic(current) : "(the service no longer exists)",
    reason: `${why}. Their change was kept; nothing of it was overwritten.${tagNote} To continue, ${continueWith}.`,
    ...(logHintLine ? { logHint: logHintLine } : {}),
  });
}

export async function unknownState(run: Run, what: string, error: Error): Promise<ServiceReleaseReport> {
  const { rendered, options } = run;
  return run.finish({
    status: "failed",
    revision: run.revision,
    trafficAfter: await readTraffic(run),
    reason: `${what}: could not tell whether the change was applied (${error.message}). Check \`${options.call(`status --service=${rendered.target} --env=${options.environment}`)}\` before deploying again.`,
  });
}
