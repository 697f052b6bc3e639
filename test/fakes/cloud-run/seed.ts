// Seeding: put an existing, reconciled service (revisions + any traffic split) into the fake.
import type { FakeContext } from "./context.js";
import { condition } from "./conditions.js";
import { INVOKER_ROLE } from "./iam.js";
import { serviceName, validateServiceId } from "./names.js";
import {
  applyServing,
  desiredSpec,
  newServiceRecord,
} from "./service-model.js";
import { markRevisionFailed, markRevisionReady, stageRevision } from "./revision-model.js";
import { DEFAULT_NOT_READY_MESSAGE } from "./faults.js";
import { compareTimestamps, type IPolicy, type IRevisionTemplate, type IService, type ITrafficTarget, type ServiceRecord } from "./state.js";
import { toTimestamp, type TimestampInput } from "./timestamps.js";
import { resolveTraffic } from "./traffic.js";

export interface SeedRevision {
  /** Full revision name `SERVICE-SUFFIX` (default: generated `SERVICE-0000N-xyz`). */
  name?: string;
  image: string;
  /** Default true; false makes a failed revision (never ready). */
  ready?: boolean;
  failureMessage?: string;
  /** Extra template fields (env, labels, annotations, scaling ...). */
  template?: IRevisionTemplate;
  /**
   * The revision's createTime, e.g. `{ seconds: 1767225600, nanos: 5 }` (default: now; seeded
   * revisions get distinct, increasing nanosecond times in seed order).
   */
  createTime?: TimestampInput;
}

export interface SeedServiceOptions {
  project?: string;
  region?: string;
  /** Service id, e.g. "api". */
  id: string;
  /** Oldest first; the last one is the latest created revision. */
  revisions: SeedRevision[];
  /** Desired traffic (default LATEST 100%). Must resolve to ready revisions. */
  traffic?: ITrafficTarget[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Extra Service fields (ingress, invokerIamDisabled, scaling ...). */
  service?: IService;
  /** Grant allUsers roles/run.invoker. */
  public?: boolean;
  policy?: IPolicy;
}

export const DEFAULT_PROJECT = "test-project";
export const DEFAULT_REGION = "us-central1";

export function seedService(ctx: FakeContext, seed: SeedServiceOptions): ServiceRecord {
  const ref = { project: seed.project ?? DEFAULT_PROJECT, region: seed.region ?? DEFAULT_REGION, id: seed.id };
  validateServiceId(ref.id);
  if (seed.revisions.length === 0) throw new Error("seedService: give at least one revision.");
  if (ctx.state.services.has(serviceName(ref))) throw new Error(`seedService: ${serviceName(ref)} already exists.`);
  const templateOf = (r: SeedRevision): IRevisionTemplate => ({
    ...r.template,
    revision: r.name ?? "",
    containers: [{ ...(r.template?.containers?.[0] ?? {}), image: r.image }],
  });
  const first = seed.revisions[0]!;
  const spec = desiredSpec(
    { ...seed.service, labels: seed.labels ?? {}, annotations: seed.annotations ?? {}, template: templateOf(first), traffic: seed.traffic ?? [] },
    ref.id,
  );
  const record = newServiceRecord(ref, spec, ctx.state.uniqueSlug(ref.id), ctx.probeBase);
  for (const r of seed.revisions) {
    record.resource.template = desiredSpec({ template: templateOf(r), traffic: [] }, ref.id).template;
    const revision = stageRevision(record);
    if (!revision) throw new Error(`seedService: revision ${r.name ?? r.image} has the same configuration as the previous one; give it a name or another image.`);
    if (r.createTime) revision.resource.createTime = toTimestamp(r.createTime);
    if (r.ready === false) markRevisionFailed(revision, r.failureMessage ?? DEFAULT_NOT_READY_MESSAGE);
    else markRevisionReady(revision);
  }
  const earliest = [...record.revisions.values()].map((r) => r.resource.createTime).sort(compareTimestamps)[0];
  if (compareTimestamps(earliest, record.resource.createTime) < 0) record.resource.createTime = earliest;
  const resolved = resolveTraffic(record.resource.traffic ?? [], readyLatest(record), {
    readiness: (id) => record.revisions.get(id)?.readiness,
  });
  if (!resolved.ok) throw new Error(`seedService: traffic does not resolve: ${resolved.message}`);
  applyServing(record, resolved.serving, ctx.probeBase);
  const latest = readyLatest(record);
  if (latest) record.resource.latestReadyRevision = `${serviceName(ref)}/revisions/${latest}`;
  const generation = String(seed.revisions.length);
  Object.assign(record.resource, { generation, observedGeneration: generation, reconciling: false });
  const failed = [...record.revisions.values()].at(-1)?.readiness === "failed";
  record.resource.terminalCondition = failed
    ? condition("Ready", "CONDITION_FAILED", { message: `Revision '${record.revisionOrder.at(-1)}' is not ready and cannot serve traffic.` })
    : condition("Ready", "CONDITION_SUCCEEDED");
  record.resource.conditions = [condition("RoutesReady", "CONDITION_SUCCEEDED"), condition("ConfigurationsReady", failed ? "CONDITION_FAILED" : "CONDITION_SUCCEEDED")];
  if (seed.policy) record.policy = seed.policy;
  if (seed.public) record.policy.bindings = [...(record.policy.bindings ?? []), { role: INVOKER_ROLE, members: ["allUsers"] }];
  ctx.state.services.set(serviceName(ref), record);
  return record;
}

function readyLatest(record: ServiceRecord): string | undefined {
  return record.revisionOrder.filter((id) => record.revisions.get(id)?.readiness === "ready").at(-1);
}
