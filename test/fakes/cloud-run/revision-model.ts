// Revisions: when a template change creates one, what it looks like, and its readiness.
import { alreadyExists } from "./errors.js";
import { generatedRevisionName, newEtag, newUid, serviceName } from "./names.js";
import { canonicalTemplate, templateKey, timestamp, type IRevision, type RevisionRecord, type ServiceRecord } from "./state.js";
import { condition } from "./conditions.js";

/** Decides whether the template needs a new revision and creates it (pending) if so. */
export function stageRevision(record: ServiceRecord): RevisionRecord | undefined {
  const template = record.resource.template ?? {};
  const key = templateKey(template);
  const requested = template.revision ?? "";
  if (requested) {
    const existing = record.revisions.get(requested);
    if (existing) {
      if (existing.templateKey !== key) {
        throw alreadyExists(`Revision named '${requested}' with different configuration already exists.`);
      }
      return undefined;
    }
  } else {
    const latest = record.revisions.get(record.revisionOrder.at(-1) ?? "");
    if (latest && latest.templateKey === key) return undefined;
  }
  const id = requested || uniqueGeneratedName(record);
  record.nextRevisionOrdinal++;
  return createRevision(record, id, key);
}

function uniqueGeneratedName(record: ServiceRecord): string {
  let name: string;
  do name = generatedRevisionName(record.ref.id, record.nextRevisionOrdinal);
  while (record.revisions.has(name));
  return name;
}

function createRevision(record: ServiceRecord, id: string, key: string): RevisionRecord {
  const t = canonicalTemplate(record.resource.template ?? {});
  const now = timestamp();
  const resource: IRevision = {
    name: `${serviceName(record.ref)}/revisions/${id}`,
    uid: newUid(),
    generation: "1",
    labels: t.labels ?? {},
    annotations: t.annotations ?? {},
    createTime: now,
    updateTime: now,
    launchStage: record.resource.launchStage ?? "GA",
    service: serviceName(record.ref),
    scaling: t.scaling,
    vpcAccess: t.vpcAccess,
    maxInstanceRequestConcurrency: t.maxInstanceRequestConcurrency || 80,
    timeout: t.timeout ?? { seconds: "300" },
    serviceAccount: t.serviceAccount || "123456789012-compute@developer.gserviceaccount.com",
    containers: t.containers ?? [],
    volumes: t.volumes ?? [],
    executionEnvironment: t.executionEnvironment,
    encryptionKey: t.encryptionKey,
    sessionAffinity: t.sessionAffinity,
    nodeSelector: t.nodeSelector,
    reconciling: true,
    conditions: [condition("Ready", "CONDITION_RECONCILING"), condition("ContainerHealthy", "CONDITION_PENDING")],
    observedGeneration: "1",
    logUri: `https://console.cloud.google.com/logs/viewer?resource=cloud_run_revision/service_name/${record.ref.id}/revision_name/${id}`,
    etag: newEtag(),
  };
  const revision: RevisionRecord = {
    id,
    resource,
    templateKey: key,
    image: t.containers?.[0]?.image ?? "",
    readiness: "pending",
  };
  record.revisions.set(id, revision);
  record.revisionOrder.push(id);
  record.resource.latestCreatedRevision = resource.name;
  return revision;
}

export function markRevisionReady(revision: RevisionRecord): void {
  revision.readiness = "ready";
  revision.resource.reconciling = false;
  revision.resource.updateTime = timestamp();
  revision.resource.conditions = [
    condition("Ready", "CONDITION_SUCCEEDED"),
    condition("ContainerHealthy", "CONDITION_SUCCEEDED"),
    condition("ResourcesAvailable", "CONDITION_SUCCEEDED"),
  ];
}

export function markRevisionFailed(revision: RevisionRecord, message: string): void {
  revision.readiness = "failed";
  revision.failureMessage = message;
  revision.resource.reconciling = false;
  revision.resource.updateTime = timestamp();
  revision.resource.conditions = [
    condition("Ready", "CONDITION_FAILED", { message, reason: "REVISION_FAILED" }),
    condition("ContainerHealthy", "CONDITION_FAILED", { message, revisionReason: "HEALTH_CHECK_CONTAINER_ERROR" }),
  ];
}
