import { afterEach, describe, expect, it } from "vitest";
import * as grpc from "@grpc/grpc-js";
import { bearerAuth } from "../../fakes/grpc/auth.js";
import { CallLog } from "../../fakes/grpc/calls.js";
import { loadClientProtos } from "../../fakes/grpc/proto.js";
import { bindService, listen, type BindOptions } from "../../fakes/grpc/serve.js";
import { RpcError } from "../../fakes/grpc/status.js";
import { rejection } from "../clients.js";

const SERVICE = "google.cloud.scheduler.v1.CloudScheduler";
const definition = loadClientProtos("@google-cloud/scheduler").service(SERVICE);
const JOB = "projects/p/locations/l/jobs/j";

type Unary = (request: object, callback: (err: grpc.ServiceError | null, response?: { name?: string }) => void) => void;

let server: grpc.Server | undefined;
let client: grpc.Client | undefined;
afterEach(() => {
  client?.close();
  server?.forceShutdown();
  client = server = undefined;
});

/** Serves `handlers` as the CloudScheduler service and returns a raw client and the call log. */
async function serve(options: Partial<BindOptions> = {}) {
  const log = new CallLog(new Set(["DeleteJob"]));
  server = new grpc.Server();
  server.addService(definition, bindService({ service: SERVICE, definition, handlers: {}, log, fakeName: "Fake Test", ...options }));
  const { port } = await listen(server, false);
  const Client = grpc.makeGenericClientConstructor(definition, SERVICE);
  client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const call = (method: string, request: object) =>
    new Promise<{ name?: string }>((resolve, reject) =>
      (client as unknown as Record<string, Unary>)[method]!.call(client, request, (err, res) => (err ? reject(err) : resolve(res ?? {}))),
    );
  return { log, call };
}

describe("fake gRPC plumbing: serving a proto service", () => {
  it("answers with what the handler returns and records the call with its status", async () => {
    const { log, call } = await serve({ handlers: { GetJob: (req: { name: string }) => ({ name: req.name }) } });
    expect(await call("GetJob", { name: JOB })).toMatchObject({ name: JOB });
    expect(log.calls).toEqual([expect.objectContaining({ service: SERVICE, method: "GetJob", request: { name: JOB }, code: grpc.status.OK })]);
  });

  it("waits for a handler's promise", async () => {
    const { call } = await serve({ handlers: { GetJob: async (req: { name: string }) => ({ name: `${req.name}-async` }) } });
    expect(await call("GetJob", { name: JOB })).toMatchObject({ name: `${JOB}-async` });
  });

  it("turns a thrown RpcError into its status and message", async () => {
    const { log, call } = await serve({
      handlers: {
        DeleteJob: () => {
          throw new RpcError(grpc.status.NOT_FOUND, "Job not found.");
        },
      },
    });
    const err = await rejection(call("DeleteJob", { name: JOB }));
    expect([err.code, err.details]).toEqual([grpc.status.NOT_FOUND, "Job not found."]);
    expect(log.mutating()).toEqual([expect.objectContaining({ method: "DeleteJob", code: grpc.status.NOT_FOUND, message: "Job not found." })]);
  });

  it("reports any other handler error as INTERNAL naming the fake", async () => {
    const { call } = await serve({ handlers: { GetJob: async () => Promise.reject(new TypeError("boom")) } });
    const err = await rejection(call("GetJob", { name: JOB }));
    expect(err.code).toBe(grpc.status.INTERNAL);
    expect(err.details).toMatch(/^Fake Test internal error: TypeError: boom/);
  });

  it("answers UNIMPLEMENTED for a method without a handler", async () => {
    const { call } = await serve();
    const err = await rejection(call("PauseJob", { name: JOB }));
    expect([err.code, err.details]).toEqual([grpc.status.UNIMPLEMENTED, `Method ${SERVICE}/PauseJob is not implemented by the fake.`]);
  });

  it("lets an interceptor answer instead of the handler, after recording the call", async () => {
    let handled = false;
    const { log, call } = await serve({
      handlers: { GetJob: () => ((handled = true), {}) },
      intercept: (method, request) =>
        method === "GetJob" ? { code: grpc.status.UNAVAILABLE, message: `busy: ${(request as { name: string }).name}` } : undefined,
    });
    const err = await rejection(call("GetJob", { name: JOB }));
    expect([err.code, err.details, handled]).toEqual([grpc.status.UNAVAILABLE, `busy: ${JOB}`, false]);
    expect(log.of("GetJob").map((c) => c.code)).toEqual([grpc.status.UNAVAILABLE]);
  });

  it("records whether the handler's change was applied: true when it succeeded, false when refused", async () => {
    const { log, call } = await serve({
      handlers: { GetJob: (req: { name: string }) => ({ name: req.name }) },
      intercept: (method) => (method === "DeleteJob" ? { code: grpc.status.UNAVAILABLE, message: "busy" } : undefined),
    });
    await call("GetJob", { name: JOB });
    await rejection(call("DeleteJob", { name: JOB }));
    expect(log.calls.map((c) => [c.method, c.code, c.applied])).toEqual([
      ["GetJob", grpc.status.OK, true],
      ["DeleteJob", grpc.status.UNAVAILABLE, false],
    ]);
  });

  it("lets an afterHandler hook replace the reply of a handler that succeeded (a lost reply)", async () => {
    let deleted = 0;
    const { log, call } = await serve({
      handlers: { DeleteJob: async () => ((deleted += 1), {}) },
      afterHandler: (method, request) =>
        method === "DeleteJob" ? { code: grpc.status.DEADLINE_EXCEEDED, message: `lost: ${(request as { name: string }).name}` } : undefined,
    });
    const err = await rejection(call("DeleteJob", { name: JOB }));
    expect([err.code, err.details, deleted]).toEqual([grpc.status.DEADLINE_EXCEEDED, `lost: ${JOB}`, 1]);
    expect(log.calls).toEqual([expect.objectContaining({ code: grpc.status.DEADLINE_EXCEEDED, message: `lost: ${JOB}`, applied: true })]);
  });

  it("consults afterHandler only when the handler succeeded", async () => {
    const consulted: string[] = [];
    const { call } = await serve({
      handlers: {
        DeleteJob: () => {
          throw new RpcError(grpc.status.NOT_FOUND, "Job not found.");
        },
      },
      intercept: (method) => (method === "GetJob" ? { code: grpc.status.UNAVAILABLE, message: "busy" } : undefined),
      afterHandler: (method) => (consulted.push(method), undefined),
    });
    expect((await rejection(call("DeleteJob", { name: JOB }))).code).toBe(grpc.status.NOT_FOUND);
    expect((await rejection(call("GetJob", { name: JOB }))).code).toBe(grpc.status.UNAVAILABLE);
    expect(consulted).toEqual([]);
  });

  it("calls onCall with the method, the call's index in the log and the request, before intercept and the handler", async () => {
    const order: string[] = [];
    const { log, call } = await serve({
      handlers: { GetJob: () => (order.push("handler"), {}) },
      onCall: ({ method, index, request }) => order.push(`onCall ${index} ${method} ${(request as { name: string }).name}`),
      intercept: () => (order.push("intercept"), undefined),
    });
    await call("GetJob", { name: JOB });
    log.clear();
    await call("GetJob", { name: JOB });
    expect(order).toEqual([`onCall 0 GetJob ${JOB}`, "intercept", "handler", `onCall 0 GetJob ${JOB}`, "intercept", "handler"]);
  });

  it("answers INTERNAL when onCall throws, without running the handler", async () => {
    let handled = false;
    const { log, call } = await serve({
      handlers: { GetJob: () => ((handled = true), {}) },
      onCall: () => {
        throw new Error("hook broke");
      },
    });
    const err = await rejection(call("GetJob", { name: JOB }));
    expect([err.code, handled]).toEqual([grpc.status.INTERNAL, false]);
    expect(err.details).toMatch(/^Fake Test onCall hook failed: Error: hook broke/);
    expect(log.calls.map((c) => c.applied)).toEqual([false]);
  });

  it("serves the camelCase method names proto-loader clients call as well", async () => {
    const { call } = await serve({ handlers: { GetJob: (req: { name: string }) => ({ name: req.name }) } });
    expect(await call("getJob", { name: JOB })).toMatchObject({ name: JOB });
  });
  it("runs authenticate before intercept and the handler: UNAUTHENTICATED, nothing applied", async () => {
    let intercepted = 0;
    let handled = 0;
    const { log } = await serve({
      authenticate: bearerAuth({ requireAuth: true }),
      intercept: () => void intercepted++,
      handlers: { GetJob: (req: { name: string }) => (handled++, { name: req.name }) },
    });
    const withToken = (token: string | undefined) => {
      const metadata = new grpc.Metadata();
      if (token !== undefined) metadata.set("authorization", token);
      return new Promise<unknown>((resolve, reject) =>
        (client as unknown as Record<string, (r: object, m: grpc.Metadata, cb: (e: unknown, r?: unknown) => void) => void>)["GetJob"]!.call(client, { name: JOB }, metadata, (e, r) => (e ? reject(e) : resolve(r))),
      );
    };
    expect((await rejection(withToken(undefined))).code).toBe(grpc.status.UNAUTHENTICATED);
    expect((await rejection(withToken("Bearer not-a-google-token"))).code).toBe(grpc.status.UNAUTHENTICATED);
    expect((await rejection(withToken("Basic dXNlcjpwYXNz"))).code).toBe(grpc.status.UNAUTHENTICATED);
    await withToken("Bearer ya29.a-token");
    expect([intercepted, handled]).toEqual([1, 1]);
    expect(log.calls.map((c) => [c.code, c.applied])).toEqual([
      [grpc.status.UNAUTHENTICATED, false],
      [grpc.status.UNAUTHENTICATED, false],
      [grpc.status.UNAUTHENTICATED, false],
      [grpc.status.OK, true],
    ]);
  });
});
