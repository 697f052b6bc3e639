/**
 * The spans the module emits, recorded: an OpenTelemetry BasicTracerProvider with an in-memory
 * exporter installed as the global provider, with AsyncLocalStorage context propagation (what the
 * Dagger runtime's NodeSDK provides in a real module run), for the tests of one file.
 */
import { context, SpanStatusCode, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, beforeEach } from "vitest";

export interface SpanRecorder {
  /** Every span ended since the test started, in the order they ended. */
  spans(): ReadableSpan[];
  /** The one ended span named `name` (throws, listing the names seen, when there is none or several). */
  named(name: string | RegExp): ReadableSpan;
  /** Every ended span whose name matches. */
  all(name: string | RegExp): ReadableSpan[];
  /** Names of the direct children of `parent`, in start order. */
  childrenOf(parent: ReadableSpan): string[];
  /** Whether `span` is `ancestor` or below it. */
  isUnder(span: ReadableSpan, ancestor: ReadableSpan): boolean;
  /** Forgets the spans recorded so far (e.g. those of a test's setup). */
  reset(): void;
}

const matches = (name: string | RegExp) => (s: ReadableSpan) => (typeof name === "string" ? s.name === name : name.test(s.name));
const idOf = (s: ReadableSpan) => s.spanContext().spanId;
const startOf = (s: ReadableSpan) => s.startTime[0] * 1e9 + s.startTime[1];

export const { ERROR, UNSET } = SpanStatusCode;

export function recorderOf(exporter: InMemorySpanExporter): SpanRecorder {
  const spans = () => exporter.getFinishedSpans();
  const all = (name: string | RegExp) => spans().filter(matches(name));
  return {
    spans,
    all,
    named: (name) => {
      const found = all(name);
      if (found.length !== 1) throw new Error(`expected one span named ${String(name)}, found ${found.length} among: ${spans().map((s) => s.name).join(" | ")}`);
      return found[0]!;
    },
    childrenOf: (parent) =>
      spans()
        .filter((s) => s.parentSpanContext?.spanId === idOf(parent))
        .sort((a, b) => startOf(a) - startOf(b))
        .map((s) => s.name),
    reset: () => exporter.reset(),
    isUnder: (span, ancestor) => {
      const byId = new Map(spans().map((s) => [idOf(s), s]));
      for (let at: ReadableSpan | undefined = span; at; at = at.parentSpanContext ? byId.get(at.parentSpanContext.spanId) : undefined) {
        if (idOf(at) === idOf(ancestor)) return true;
      }
      return false;
    },
  };
}

/** Installs the global provider before the file's first test, clears the spans before each test, removes it after the last. */
export function useSpanRecorder(): SpanRecorder {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const contextManager = new AsyncLocalStorageContextManager();
  beforeAll(() => {
    trace.disable();
    context.disable();
    if (!context.setGlobalContextManager(contextManager.enable())) throw new Error("could not install the context manager");
    if (!trace.setGlobalTracerProvider(provider)) throw new Error("could not install the tracer provider");
  });
  beforeEach(() => exporter.reset());
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
  });
  return recorderOf(exporter);
}
