// A Service's desired state (validation, defaults) and how reconciliation sets its status.
import { invalidArgument } from "./errors.js";
import { newEtag, newUid, serviceName, validateRevisionName, type ChildRef } from "./names.js";
import {
  canonicalService,
  clone,
  timestamp,
  type IService,
  type RevisionRecord,
  type ServiceRecord,
  type ServingTarget,
  type ITrafficTargetStatus,
} from "./state.js";
import { condition } from "./conditions.js";
import { LATEST, REVISION, allocationType, resolveTraffic, validateTraffic } from "./traffic.js";
import { validateRevisionTemplate, validateServiceScaling } from "./template-rules.js";

/** Fields a caller may set on a Service; everything else is output only. */
export const SERVICE_INPUT_FIELDS = [
  "description",
  "labels",
  "annotations",
  "client",
  "clientVersion",
  "ingress",
  "launchStage",
  "binaryAuthorization",
  "template",
  "traffic",
  "scaling",
  "invokerIamDisabled",
  "defaultUriDisabled",
  "iapEnabled",
  "multiRegionSettings",
  "customAudiences",
  "buildConfig",
] as const;

const RESERVED_PREFIXES = ["run.googleapis.com/", "cloud.googleapis.com/", "serving.knative.dev/", "autoscaling.knative.dev/"];

function checkReservedKeys(map: Record<string, string> | null | undefined, field: string): void {
  for (const key of Object.keys(map ?? {})) {
    const prefix = RESERVED_PREFIXES.find((p) => key.startsWith(p));
    if (prefix) {
      throw invalidArgument(
        `${field}: key '${key}' uses the reserved namespace '${prefix}', which Cloud Run API v2 rejects; use the corresponding Service field instead.`,
      );
    }
  }
}

/** Validates the caller's Service and returns its input fields in canonical (proto round-trip) form. */
export function desiredSpec(input: IService, serviceId: string, mask?: string[]): Partial<IService> {
  const canonical = canonicalService(input);
  const fields = mask && mask.length > 0 ? maskedFields(mask) : [...SERVICE_INPUT_FIELDS];
  const spec: Partial<IService> = {};
  for (const f of fields) (spec as Record<string, unknown>)[f] = (canonical as Record<string, unknown>)[f];
  if (fields.includes("template")) {
    const template = spec.template;
    if (!template) throw invalidArgument("service.template: required; set template.containers[0].image.");
    const containers = template.containers ?? [];
    if (containers.length === 0 || !containers[0]?.image) {
      throw invalidArgument("service.template.containers[0].image: required; give the container image to deploy.");
    }
    if (template.revision) validateRevisionName(template.revision, serviceId);
    // Limits are checked on the template as sent (an empty secret_key_ref is gone once defaults are dropped).
    validateRevisionTemplate(input.template ?? {});
    checkReservedKeys(template.labels, "service.template.labels");
    checkReservedKeys(template.annotations, "service.template.annotations");
  }
  if (fields.includes("scaling")) validateServiceScaling(input.scaling);
  if (fields.includes("labels")) checkReservedKeys(spec.labels, "service.labels");
  if (fields.includes("annotations")) checkReservedKeys(spec.annotations, "service.annotations");
  if (fields.includes("traffic")) {
    validateTraffic(spec.traffic ?? [], serviceId);
    if ((spec.traffic ?? []).length === 0) spec.traffic = [{ type: LATEST, percent: 100 }];
  }
  if (fields.includes("ingress") && (!spec.ingress || spec.ingress === "INGRESS_TRAFFIC_UNSPECIFIED")) {
    spec.ingress = "INGRESS_TRAFFIC_ALL";
  }
  if (fields.includes("launchStage") && !spec.launchStage) spec.launchStage = "GA";
  return spec;
}

const SNAKE_TO_CAMEL = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function maskedFields(mask: string[]): string[] {
  const fields = new Set<string>();
  for (const path of mask) {
    const top = SNAKE_TO_CAMEL(path.split(".")[0] ?? "");
    if (!(SERVICE_INPUT_FIELDS as readonly string[]).includes(top)) {
      throw invalidArgument(`update_mask: '${path}' is not an updatable Service field.`);
    }
    fields.add(top);
  }
  return [...fields];
}

/** Marks the service as reconciling after an accepted change. */
export function beginReconcile(record: ServiceRecord): void {
  const r = record.resource;
  r.reconciling = true;
  r.terminalCondition = condition("Ready", "CONDITION_RECONCILING", { message: "Deploying revision." });
}

export type ReconcileResult = { ok: true } | { ok: false; code: number; message: string };

/**
 * Brings the status in line with the desired state, as far as revision readiness allows. The
 * operation fails when the revision it created failed, or when the desired traffic names a
 * revision that is missing or not ready. On failure, traffic status, observed generation and the
 * serving routes keep the last good state.
 */
export function reconcile(record: ServiceRecord, probeBase: string, staged?: RevisionRecord): ReconcileResult {
  const r = record.resource;
  const readyIds = record.revisionOrder.filter((id) => record.revisions.get(id)?.readiness === "ready");
  const latestReady = readyIds.at(-1);
  if (latestReady) r.latestReadyRevision = `${serviceName(record.ref)}/revisions/${latestReady}`;

  let failure: { code: number; message: string; type: string } | undefined;
  if (staged?.readiness === "failed") {
    failure = {
      code: 9,
      message: `Revision '${staged.id}' is not ready and cannot serve traffic. ${staged.failureMessage ?? ""}`.trim(),
      type: "ConfigurationsReady",
    };
  }
  let resolution = failure ? undefined : resolveTraffic(r.traffic ?? [], latestReady, {
    readiness: (id) => record.revisions.get(id)?.readiness,
  });
  if (resolution && !resolution.ok) failure = { code: resolution.code, message: resolution.message, type: "RoutesReady" };

  r.reconciling = false;
  if (failure || !resolution?.ok) {
    const f = failure!;
    r.terminalCondition = condition("Ready", "CONDITION_FAILED", { message: f.message, reason: "REVISION_FAILED" });
    r.conditions = [condition(f.type, "CONDITION_FAILED", { message: f.message })];
    return { ok: false, code: f.code, message: f.message };
  }
  applyServing(record, resolution.serving, probeBase);
  r.observedGeneration = r.generation;
  r.terminalCondition = condition("Ready", "CONDITION_SUCCEEDED");
  r.conditions = [condition("RoutesReady", "CONDITION_SUCCEEDED"), condition("ConfigurationsReady", "CONDITION_SUCCEEDED")];
  return { ok: true };
}

/** Routes traffic as resolved and describes it in `trafficStatuses` (LATEST entries name no revision). */
export function applyServing(record: ServiceRecord, serving: ServingTarget[], probeBase: string): void {
  record.serving = serving;
  record.resource.trafficStatuses = (record.resource.traffic ?? []).map((t) => {
    const type = allocationType(t);
    return {
      type: type as ITrafficTargetStatus["type"],
      ...(type === REVISION ? { revision: t.revision } : {}),
      percent: t.percent ?? 0,
      ...(t.tag ? { tag: t.tag, uri: tagUrl(probeBase, t.tag, record) } : {}),
    };
  });
}

export function shortName(fullName: string | null | undefined): string {
  return (fullName ?? "").split("/").at(-1) ?? "";
}

export function serviceUri(probeBase: string, record: ServiceRecord): string {
  return `${probeBase}/s/${record.probeSlug}`;
}

export function tagUrl(probeBase: string, tag: string, record: ServiceRecord): string {
  return `${probeBase}/t/${tag}---${record.probeSlug}`;
}

/** A new ServiceRecord with the output fields a freshly created service has. */
export function newServiceRecord(ref: ChildRef, spec: Partial<IService>, probeSlug: string, probeBase: string): ServiceRecord {
  const now = timestamp();
  const record: ServiceRecord = {
    ref,
    resource: {},
    revisionOrder: [],
    revisions: new Map(),
    nextRevisionOrdinal: 1,
    policy: { version: 1, etag: Buffer.from(newEtag(), "base64"), bindings: [] },
    serving: [],
    probeSlug,
    routeCounter: 0,
  };
  record.resource = {
    ...clone(spec),
    name: serviceName(ref),
    uid: newUid(),
    generation: "1",
    createTime: now,
    updateTime: now,
    observedGeneration: "0",
    uri: serviceUri(probeBase, record),
    urls: [serviceUri(probeBase, record)],
    etag: newEtag(),
  };
  return record;
}

/** Applies an accepted update's spec to the stored service (generation, etag, times). */
export function applySpec(record: ServiceRecord, spec: Partial<IService>): void {
  Object.assign(record.resource, clone(spec));
  record.resource.generation = String(Number(record.resource.generation ?? "0") + 1);
  record.resource.updateTime = timestamp();
  record.resource.etag = newEtag();
}
