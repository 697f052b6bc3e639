/**
 * One service deploy's shared state and its writes (deploy-service.ts): the desired service, each
 * write as a span that fails unless applied, and the traffic read back for the report.
 */
import type { CloudRunGateway } from "../gcp/cloud-run.js";
import { type CloudRunServiceResource, unmanagedFields } from "../gcp/run-resource.js";
import { mergeLabels, OWNED_LABELS_ANNOTATION } from "../lib/owned-labels.js";
import { type SpanNotes, withSpan } from "../lib/spans.js";
import type { RenderedService } from "./render.js";
import type { ServiceReleaseReport } from "./report.js";
import { type WriteOutcome, writeService } from "./service-write.js";
import { describeTraffic, sameTraffic } from "./traffic.js";
import type { DeployServiceOptions } from "./deploy-service.js";

export type Finish = (r: Partial<ServiceReleaseReport>) => ServiceReleaseReport;

export interface Run {
  gw: CloudRunGateway;
  rendered: RenderedService;
  options: DeployServiceOptions;
  finish: Finish;
  notes: string[];
  revision: string;
  tag: string;
}

export function logHint(project: string, region: string, service: string, revision?: string): string {
  const filter = revision ? `resource.labels.revision_name="${revision}"` : `resource.labels.service_name="${service}"`;
  return `gcloud logging read 'resource.type="cloud_run_revision" AND ${filter}' --project=${project} --limit=50  (console: https://console.cloud.google.com/run/detail/${region}/${service}/revisions?project=${project})`;
}

/**
 * The deploy's service: the catalog's fields, the live service's unmanaged fields kept, and its
 * labels minus the ones the pipeline wrote before and the catalog dropped (lib/owned-labels.ts).
 */
export function desiredService(run: Run, live: CloudRunServiceResource, traffic: CloudRunServiceResource["traffic"], annotations: Record<string, string> | null | undefined): CloudRunServiceResource {
  const labels = mergeLabels(live.labels, live.annotations, run.rendered.resource.labels ?? {});
  return {
    ...unmanagedFields(live),
    ...run.rendered.resource,
    name: run.rendered.name,
    labels: labels.labels,
    annotations: { ...(annotations ?? {}), [OWNED_LABELS_ANNOTATION]: labels.owned },
    template: { ...run.rendered.resource.template, revision: run.revision },
    traffic,
  };
}

export const ourRevision = (revision: string) => (s: CloudRunServiceResource) => s.template?.revision === revision;
export const holdsTraffic = (desired: CloudRunServiceResource) => (s: CloudRunServiceResource) => sameTraffic(s.traffic ?? [], desired.traffic ?? []);

/** Traffic-only writes (promote, restore, tag removal) are not bounded by the health budget. */
export const TRAFFIC_WRITE_TIMEOUT_MS = 5 * 60_000;

/** One write to the service as the span `what`, failed unless the write was applied. */
export function write(run: Run, what: string, base: CloudRunServiceResource, desired: CloudRunServiceResource, isOurs: (s: CloudRunServiceResource) => boolean, timeoutMs = TRAFFIC_WRITE_TIMEOUT_MS): Promise<WriteOutcome> {
  return withSpan(what, async (span) => failUnlessApplied(span, await writeService(run.gw, { base, desired, isOurs, timeoutMs, pollIntervalMs: run.options.pollIntervalMs, note: (line) => run.notes.push(line) })));
}

export function failUnlessApplied(span: SpanNotes, outcome: WriteOutcome): WriteOutcome {
  span.set({ "write.outcome": outcome.kind });
  if (outcome.kind !== "applied") span.fail(outcome.error ? `${outcome.kind}: ${outcome.error.message}` : outcome.kind);
  return outcome;
}

/** What the service serves now, read back; a failed read is said as such, never guessed. */
export async function readTraffic(run: Run): Promise<string> {
  try {
    const service = await run.gw.getService(run.rendered.name);
    return service ? describeTraffic(service) : "(the service does not exist)";
  } catch (err) {
    return `unknown (reading the service failed: ${(err as Error).message})`;
  }
}
