/**
 * Spans of the module's own work (a deploy, a probe attempt, a site upload), shown by Dagger
 * under the function call that ran them. The tracer comes from `@dagger.io/dagger/telemetry`:
 * the engine sets up the exporter and the parent (TRACEPARENT) in a real module run; without a
 * registered provider every span is a no-op. `@opentelemetry/api` is NOT imported at run time:
 * the module runtime bundles it inside the SDK, so it does not resolve from ci/src.
 *
 * Keep spans to units of work a person waits for; progress inside one (files uploaded) is an
 * attribute or an event on its span, never a span per item.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { getTracer } from "@dagger.io/dagger/telemetry";

type DaggerTracer = ReturnType<typeof getTracer>;
type OtelSpan = Parameters<Parameters<DaggerTracer["startActiveSpan"]>[1]>[0];

export type SpanValue = string | number | boolean | string[] | number[];
export type SpanAttributes = Record<string, SpanValue | undefined>;

/** What code inside a span may say about it. */
export interface SpanNotes {
  /** Sets (or overwrites) attributes of the span. */
  set(attributes: SpanAttributes): void;
  /** A timestamped event on the span, e.g. "uploaded 1200 of 5000 files". */
  event(name: string, attributes?: SpanAttributes): void;
  /** Marks the span failed without throwing: for outcomes returned as values (a probe that got 503). */
  fail(message: string): void;
}

export const TRACER_NAME = "cloud-run-pipeline";

/** OpenTelemetry's SpanStatusCode.ERROR (the enum lives in @opentelemetry/api, not imported here). */
const STATUS_ERROR = 2;

const active = new AsyncLocalStorage<SpanNotes>();

const defined = (attributes: SpanAttributes | undefined): Record<string, SpanValue> | undefined => {
  if (!attributes) return undefined;
  const kept: Record<string, SpanValue> = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) kept[key] = value;
  return kept;
};

function notesOf(span: OtelSpan): SpanNotes {
  return {
    set: (attributes) => void span.setAttributes(defined(attributes) ?? {}),
    event: (name, attributes) => void span.addEvent(name, defined(attributes)),
    fail: (message) => void span.setStatus({ code: STATUS_ERROR, message }),
  };
}

/**
 * Runs `work` in a new span named `name`, the active one while it runs (spans started inside are
 * its children). A throw records the exception, marks the span failed and is rethrown as it is;
 * the span always ends.
 */
export function withSpan<T>(name: string, work: (span: SpanNotes) => Promise<T>, attributes?: SpanAttributes): Promise<T> {
  return getTracer(TRACER_NAME).startActiveSpan(
    name,
    async (span) => {
      const notes = notesOf(span);
      try {
        return await active.run(notes, () => work(notes));
      } catch (err) {
        // The SDK's wrapper records Error instances itself; anything else thrown is recorded here.
        if (!(err instanceof Error)) {
          span.recordException(String(err));
          notes.fail(String(err));
        }
        throw err;
      }
    },
    defined(attributes),
  );
}

const NO_SPAN: SpanNotes = { set: () => {}, event: () => {}, fail: () => {} };

/** The innermost span started by withSpan around the caller, or one that ignores everything. */
export const currentSpan = (): SpanNotes => active.getStore() ?? NO_SPAN;

/**
 * Progress of `total` items on `span`: call the result once per item done. It keeps the attributes
 * `<noun>.<verb>` (done so far) and `<noun>.total` and adds an event "<verb> 1200 of 5000 <noun>"
 * every `step` items (default: twenty events over the whole run) and at the last one.
 */
export function progress(span: SpanNotes, total: number, verb: string, noun: string, step = Math.max(1, Math.ceil(total / 20))): () => void {
  let done = 0;
  return () => {
    done++;
    if (done % step !== 0 && done !== total) return;
    span.set({ [`${noun}.${verb}`]: done, [`${noun}.total`]: total });
    span.event(`${verb} ${done} of ${total} ${noun}`);
  };
}
