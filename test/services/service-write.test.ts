/**
 * writeService and createServiceOnce against the fake through the real GoogleCloudRunGateway:
 * one test per outcome kind, the ambiguous answers (lost replies, refused calls, failed polls)
 * decided from the service read back, and the gateway calls they rely on.
 */
import { describe, expect, it } from "vitest";
import { OperationFailedError, OperationTimeoutError } from "../../ci/src/gcp/cloud-run.js";
import { type CloudRunServiceResource, writable } from "../../ci/src/gcp/run-resource.js";
import { type CreateOptions, createServiceOnce, type WriteOptions, type WriteOutcome, writeService } from "../../ci/src/services/service-write.js";
import { allToLatest, sameTraffic } from "../../ci/src/services/traffic.js";
import { Code } from "../fakes/cloud-run/index.js";
import { PARENT, serviceName } from "./support/fake-cloud.js";
import { LATEST, REVISION, revisions, useFakeCloud } from "./support/harness.js";
import { digestRef, render, serviceSpec } from "./support/specs.js";

const cloud = useFakeCloud();
const API = serviceName("api");

/** Seeds api (api-one, api-two ready; LATEST 100%) and answers it as read through the gateway. */
async function seeded(): Promise<CloudRunServiceResource> {
  cloud.fake.seedService({ id: "api", public: true, revisions: revisions("api", ["one", "two"]) });
  const base = (await cloud.gateway.getService(API))!;
  cloud.fake.clearRecords();
  return base;
}

/** The live service with a new revision `name` (another image), traffic unchanged. */
function withRevision(base: CloudRunServiceResource, name: string, build = 7): CloudRunServiceResource {
  const container = base.template?.containers?.[0] ?? {};
  return { ...writable(base), template: { ...base.template, revision: name, containers: [{ ...container, image: digestRef("api", build) }] } };
}

const pinnedTo = (base: CloudRunServiceResource, revision: string): CloudRunServiceResource => ({ ...writable(base), traffic: [{ type: REVISION, revision, percent: 100 }] });

const ourRevision = (name: string) => (s: CloudRunServiceResource) => s.template?.revision === name;

const gen = (s: { generation?: unknown } | undefined): number => Number(s?.generation ?? NaN);
const stored = () => cloud.fake.service(API).resource;

interface Run {
  notes: string[];
  sleeps: number[];
}

/** Short timeouts and polls, with the notes and the pauses between sends recorded in `run`. */
function recorded(run: Run) {
  return {
    timeoutMs: 5000,
    pollIntervalMs: 10,
    sleep: async (ms: number) => {
      run.sleeps.push(ms);
    },
    note: (line: string) => run.notes.push(line),
  };
}

function write(options: Omit<WriteOptions, "timeoutMs"> & { timeoutMs?: number }): Promise<WriteOutcome> & { run: Run } {
  const run: Run = { notes: [], sleeps: [] };
  return Object.assign(writeService(cloud.gateway, { ...recorded(run), ...options }), { run });
}

function firstService(revision = "api-first"): CloudRunServiceResource {
  const resource = render(serviceSpec("api")).resource;
  return { ...resource, template: { ...resource.template, revision }, traffic: allToLatest() };
}

function create(options: Partial<CreateOptions> = {}): Promise<WriteOutcome> & { run: Run } {
  const run: Run = { notes: [], sleeps: [] };
  const defaults = { parent: PARENT, serviceId: "api", service: firstService(), isOurs: ourRevision("api-first") };
  return Object.assign(createServiceOnce(cloud.gateway, { ...defaults, ...recorded(run), ...options }), { run });
}

/** Narrows an outcome to one kind (fails the test with the whole outcome otherwise). */
function expectKind<K extends WriteOutcome["kind"]>(outcome: WriteOutcome, kind: K): Extract<WriteOutcome, { kind: K }> {
  expect(outcome.kind, JSON.stringify({ kind: outcome.kind, error: (outcome as { error?: Error }).error?.message })).toBe(kind);
  return outcome as Extract<WriteOutcome, { kind: K }>;
}

const updateCalls = () => cloud.fake.callsOf("UpdateService");

describe("writeService outcomes", () => {
  it("applied: the service read back is generation + 1 and holds our change", async () => {
    const base = await seeded();
    const w = write({ base, desired: withRevision(base, "api-v3"), isOurs: ourRevision("api-v3") });
    const outcome = expectKind(await w, "applied");
    expect(gen(outcome.service)).toBe(gen(base) + 1);
    expect(outcome.service.template?.revision).toBe("api-v3");
    expect(outcome.service.template?.containers?.[0]?.image).toBe(digestRef("api", 7));
    expect(outcome.service.latestReadyRevision).toBe(`${API}/revisions/api-v3`);
    expect(outcome.service.reconciling).toBe(false);
    expect(outcome.service.etag).toBe(stored().etag);
    expect(updateCalls()).toHaveLength(1);
    expect((updateCalls()[0]!.request as { service: { etag: string } }).service.etag).toBe(base.etag);
    expect(w.run.notes).toEqual([]);
  });

  it("applied: sends the base's etag, not the one in `desired`", async () => {
    const base = await seeded();
    const w = write({ base, desired: { ...pinnedTo(base, "api-one"), etag: "stale-etag" }, isOurs: () => true });
    expectKind(await w, "applied");
    expect((updateCalls()[0]!.request as { service: { etag: string } }).service.etag).toBe(base.etag);
  });

  it("failed: the new revision never becomes ready; the service is read back", async () => {
    const base = await seeded();
    cloud.fake.faults.nextRevisionNeverReady("api");
    const outcome = expectKind(await write({ base, desired: withRevision(base, "api-v3"), isOurs: ourRevision("api-v3") }), "failed");
    expect(outcome.error).toBeInstanceOf(OperationFailedError);
    expect((outcome.error as OperationFailedError).code).toBe(Code.FAILED_PRECONDITION);
    expect(outcome.error.message).toMatch(/Revision 'api-v3' is not ready and cannot serve traffic/);
    expect(gen(outcome.service)).toBe(gen(base) + 1);
    expect(outcome.service.terminalCondition?.state).toBe("CONDITION_FAILED");
    expect(outcome.service.latestCreatedRevision).toBe(`${API}/revisions/api-v3`);
    expect(outcome.service.latestReadyRevision).toBe(`${API}/revisions/api-two`);
    expect(updateCalls()).toHaveLength(1);
  });

  it("timeout: readiness slower than timeoutMs; our generation, still reconciling", async () => {
    const base = await seeded();
    cloud.fake.faults.setReadinessDelay({ service: "api" }, 3000);
    const started = Date.now();
    const outcome = expectKind(await write({ base, desired: withRevision(base, "api-v3"), isOurs: ourRevision("api-v3"), timeoutMs: 200 }), "timeout");
    expect(Date.now() - started).toBeLessThan(2000);
    expect(outcome.error).toBeInstanceOf(OperationTimeoutError);
    expect(gen(outcome.service)).toBe(gen(base) + 1);
    expect(outcome.service.reconciling).toBe(true);
    expect(outcome.service.template?.revision).toBe("api-v3");
    expect(updateCalls()).toHaveLength(1);
  });

  it("conflict: someone changed the service right before our update (ABORTED), and nothing more is written", async () => {
    const base = await seeded();
    cloud.fake.faults.concurrentChangeBeforeNextUpdate("api");
    const w = write({ base, desired: pinnedTo(base, "api-one"), isOurs: (s) => sameTraffic(s.traffic ?? [], [{ type: REVISION, revision: "api-one", percent: 100 }]) });
    const outcome = expectKind(await w, "conflict");
    expect(outcome.error).toMatchObject({ code: Code.ABORTED });
    expect(outcome.service?.annotations?.["fake.test/concurrent-change"]).toBeTruthy();
    expect(gen(outcome.service)).toBe(gen(base) + 1);
    expect(outcome.service?.traffic?.[0]?.type).toBe(LATEST);
    expect(updateCalls()).toHaveLength(1);
    expect(stored().traffic?.[0]?.type).toBe(LATEST);
  });

  it("conflict: another client writes after our write but before its operation finishes", async () => {
    const base = await seeded();
    let wrote = false;
    cloud.fake.onCall(({ method }) => {
      if (method === "GetOperation" && !wrote) {
        wrote = true;
        cloud.fake.writeAsOtherClient(API, () => ({ description: "edited in the console" }));
      }
    });
    const outcome = expectKind(await write({ base, desired: pinnedTo(base, "api-one"), isOurs: () => true }), "conflict");
    expect(wrote).toBe(true);
    expect(gen(outcome.service)).toBe(gen(base) + 2);
    expect((outcome.service as { description?: string } | undefined)?.description).toBe("edited in the console");
    expect(updateCalls()).toHaveLength(1);
    await cloud.fake.settle();
    expect(stored().description).toBe("edited in the console");
  });

  it("rejected: INVALID_ARGUMENT (traffic summing to 50%) is returned at once, not read back or retried", async () => {
    const base = await seeded();
    const w = write({ base, desired: { ...writable(base), traffic: [{ type: REVISION, revision: "api-one", percent: 50 }] }, isOurs: () => true });
    const outcome = expectKind(await w, "rejected");
    expect(outcome.error).toMatchObject({ code: Code.INVALID_ARGUMENT });
    expect(updateCalls()).toHaveLength(1);
    expect(cloud.fake.callsOf("GetService")).toHaveLength(0);
    expect(gen(stored())).toBe(gen(base));
    expect(w.run.notes).toEqual([]);
  });

  it("rejected: a transient error on every attempt, each confirmed not applied by reading back", async () => {
    const base = await seeded();
    cloud.fake.faults.failNextCalls("UpdateService", Code.UNAVAILABLE, 3);
    const w = write({ base, desired: pinnedTo(base, "api-one"), isOurs: () => true, attempts: 3 });
    const outcome = expectKind(await w, "rejected");
    expect(outcome.error).toMatchObject({ code: Code.UNAVAILABLE });
    expect(updateCalls()).toHaveLength(3);
    expect(updateCalls().map((c) => c.applied)).toEqual([false, false, false]);
    expect(cloud.fake.callsOf("GetService")).toHaveLength(3);
    expect(w.run.notes).toEqual(Array(3).fill("gRPC code 14 on the update; read back: not applied"));
    expect(w.run.sleeps).toEqual([250, 500]);
    expect(gen(stored())).toBe(gen(base));
    expect(stored().etag).toBe(base.etag);
  });

  it("lost reply found applied: exactly one UpdateService applied, then awaited by reading", async () => {
    const base = await seeded();
    cloud.fake.faults.loseNextReply("UpdateService", Code.UNAVAILABLE);
    const w = write({ base, desired: withRevision(base, "api-v3"), isOurs: ourRevision("api-v3") });
    const outcome = expectKind(await w, "applied");
    expect(updateCalls()).toHaveLength(1);
    expect(updateCalls()[0]).toMatchObject({ applied: true, code: Code.UNAVAILABLE });
    expect(w.run.notes).toEqual(["gRPC code 14 on the update; read back: it was applied"]);
    expect(gen(outcome.service)).toBe(gen(base) + 1);
    expect(outcome.service.reconciling).toBe(false);
    expect(outcome.service.latestReadyRevision).toBe(`${API}/revisions/api-v3`);
    expect(cloud.fake.callsOf("GetOperation")).toHaveLength(0);
  });

  it("lost reply on a write that failed: awaited by reading, reported failed", async () => {
    const base = await seeded();
    cloud.fake.faults.loseNextReply("UpdateService", Code.DEADLINE_EXCEEDED);
    cloud.fake.faults.nextRevisionNeverReady("api", "Container exited with status 1.");
    const outcome = expectKind(await write({ base, desired: withRevision(base, "api-v3"), isOurs: ourRevision("api-v3") }), "failed");
    expect(outcome.error.message).toMatch(/api-v3/);
    expect(gen(outcome.service)).toBe(gen(base) + 1);
    expect(outcome.service.terminalCondition?.state).toBe("CONDITION_FAILED");
    expect(updateCalls()).toHaveLength(1);
  });

  it("lost reply, applied, but still reconciling when the time runs out: timeout", async () => {
    const base = await seeded();
    cloud.fake.faults.setReadinessDelay({ service: "api" }, 3000);
    cloud.fake.faults.loseNextReply("UpdateService", Code.UNAVAILABLE);
    const w = write({ base, desired: withRevision(base, "api-v3"), isOurs: ourRevision("api-v3"), timeoutMs: 150, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });
    const outcome = expectKind(await w, "timeout");
    expect(outcome.error.message).toMatch(/still being applied/);
    expect(gen(outcome.service)).toBe(gen(base) + 1);
    expect(outcome.service.reconciling).toBe(true);
  });

  it("lost reply not applied (refused before the handler): retried, and the second attempt succeeds", async () => {
    const base = await seeded();
    cloud.fake.faults.failNextCalls("UpdateService", Code.UNAVAILABLE, 1);
    const w = write({ base, desired: withRevision(base, "api-v3"), isOurs: ourRevision("api-v3") });
    const outcome = expectKind(await w, "applied");
    expect(updateCalls().map((c) => [c.applied, c.code])).toEqual([
      [false, Code.UNAVAILABLE],
      [true, Code.OK],
    ]);
    expect(w.run.notes).toEqual(["gRPC code 14 on the update; read back: not applied"]);
    expect(w.run.sleeps).toEqual([250]);
    expect(gen(outcome.service)).toBe(gen(base) + 1);
    expect(outcome.service.template?.revision).toBe("api-v3");
  });

  it("a lost reply whose read-back shows a different change is a conflict, not ours", async () => {
    const base = await seeded();
    cloud.fake.faults.loseNextReply("UpdateService", Code.UNAVAILABLE);
    const outcome = expectKind(await write({ base, desired: pinnedTo(base, "api-one"), isOurs: () => false }), "conflict");
    expect(gen(outcome.service)).toBe(gen(base) + 1);
    expect(outcome.error).toMatchObject({ code: Code.UNAVAILABLE });
    expect(updateCalls()).toHaveLength(1);
  });

  it("unknown: the reply is lost and reading the service back fails non-transiently", async () => {
    const base = await seeded();
    cloud.fake.faults.loseNextReply("UpdateService", Code.UNAVAILABLE);
    cloud.fake.faults.failNextCalls("GetService", Code.PERMISSION_DENIED, 1);
    const outcome = expectKind(await write({ base, desired: pinnedTo(base, "api-one"), isOurs: () => true }), "unknown");
    expect(outcome.error.message).toMatch(/Connection dropped.*; reading the service back to see whether the change was applied also failed: .*PERMISSION_DENIED/);
    expect(updateCalls()).toHaveLength(1);
    expect(cloud.fake.callsOf("GetService")).toHaveLength(1);
    // It was in fact applied: which is why the outcome must not claim either way.
    expect(gen(stored())).toBe(gen(base) + 1);
  });

  it("GetOperation UNAVAILABLE is retried transparently: applied, no note", async () => {
    const base = await seeded();
    cloud.fake.faults.failNextCalls("GetOperation", Code.UNAVAILABLE, 2);
    const w = write({ base, desired: withRevision(base, "api-v3"), isOurs: ourRevision("api-v3") });
    const outcome = expectKind(await w, "applied");
    const polls = cloud.fake.callsOf("GetOperation");
    expect(polls.filter((c) => c.code === Code.UNAVAILABLE)).toHaveLength(2);
    expect(polls.at(-1)?.code).toBe(Code.OK);
    expect(w.run.notes).toEqual([]);
    expect(updateCalls()).toHaveLength(1);
    expect(gen(outcome.service)).toBe(gen(base) + 1);
  });

  it("GetOperation RESOURCE_EXHAUSTED (not retried by the client library) is retried by the gateway: applied, no note", async () => {
    const base = await seeded();
    cloud.fake.faults.failNextCalls("GetOperation", Code.RESOURCE_EXHAUSTED, 2);
    const w = write({ base, desired: withRevision(base, "api-v3"), isOurs: ourRevision("api-v3") });
    const outcome = expectKind(await w, "applied");
    expect(cloud.fake.callsOf("GetOperation").slice(0, 3).map((c) => c.code)).toEqual([Code.RESOURCE_EXHAUSTED, Code.RESOURCE_EXHAUSTED, Code.OK]);
    expect(w.run.notes).toEqual([]);
    expect(outcome.service.latestReadyRevision).toBe(`${API}/revisions/api-v3`);
  });

  it("a GetOperation that fails for good: decided from the service instead", async () => {
    const base = await seeded();
    cloud.fake.faults.failNextCalls("GetOperation", Code.PERMISSION_DENIED, 1);
    const w = write({ base, desired: withRevision(base, "api-v3"), isOurs: ourRevision("api-v3") });
    const outcome = expectKind(await w, "applied");
    expect(w.run.notes).toHaveLength(1);
    expect(w.run.notes[0]).toMatch(/^polling the operation failed \(.*PERMISSION_DENIED.*\); deciding from the service instead$/);
    expect(outcome.service.latestReadyRevision).toBe(`${API}/revisions/api-v3`);
    expect(updateCalls()).toHaveLength(1);
  });

  it("an applied operation whose read-back fails stands on the operation's result", async () => {
    const base = await seeded();
    cloud.fake.onCall(({ method }) => {
      if (method === "GetOperation") cloud.fake.faults.failNextCalls("GetService", Code.PERMISSION_DENIED, 1);
    });
    const w = write({ base, desired: withRevision(base, "api-v3"), isOurs: ourRevision("api-v3") });
    const outcome = expectKind(await w, "applied");
    expect(w.run.notes).toEqual([expect.stringMatching(/^reading the service back failed \(.*\); used the operation's result instead$/)]);
    expect(gen(outcome.service)).toBe(gen(base) + 1);
    expect(outcome.service.template?.revision).toBe("api-v3");
  });
});

describe("createServiceOnce outcomes", () => {
  it("created: generation 1, our first revision ready", async () => {
    const c = create();
    const outcome = expectKind(await c, "applied");
    expect(gen(outcome.service)).toBe(1);
    expect(outcome.service.name).toBe(API);
    expect(outcome.service.template?.revision).toBe("api-first");
    expect(outcome.service.latestReadyRevision).toBe(`${API}/revisions/api-first`);
    expect(outcome.service.reconciling).toBe(false);
    expect(cloud.fake.callsOf("CreateService")).toHaveLength(1);
    expect(c.run.notes).toEqual([]);
  });

  it("failed: the first revision never becomes ready", async () => {
    cloud.fake.faults.nextRevisionNeverReady("api");
    const outcome = expectKind(await create(), "failed");
    expect(outcome.error).toBeInstanceOf(OperationFailedError);
    expect(outcome.error.message).toMatch(/Revision 'api-first' is not ready/);
    expect(gen(outcome.service)).toBe(1);
    expect(outcome.service.terminalCondition?.state).toBe("CONDITION_FAILED");
  });

  it("lost reply found created: ours by template.revision, awaited without a second create", async () => {
    cloud.fake.faults.loseNextReply("CreateService", Code.UNAVAILABLE);
    const c = create();
    const outcome = expectKind(await c, "applied");
    expect(cloud.fake.callsOf("CreateService")).toHaveLength(1);
    expect(cloud.fake.callsOf("CreateService")[0]).toMatchObject({ applied: true, code: Code.UNAVAILABLE });
    expect(c.run.notes).toEqual(["gRPC code 14 on the create; read back: it was created"]);
    expect(gen(outcome.service)).toBe(1);
    expect(outcome.service.latestReadyRevision).toBe(`${API}/revisions/api-first`);
    expect(outcome.service.reconciling).toBe(false);
  });

  it("someone else's service with the same id: conflict, theirs untouched", async () => {
    cloud.fake.seedService({ id: "api", public: true, revisions: revisions("api", ["one", "two"]) });
    cloud.fake.clearRecords();
    const c = create();
    const outcome = expectKind(await c, "conflict");
    expect(outcome.error).toMatchObject({ code: Code.ALREADY_EXISTS });
    expect(outcome.service?.latestReadyRevision).toBe(`${API}/revisions/api-two`);
    expect(cloud.fake.callsOf("CreateService")).toHaveLength(1);
    expect(cloud.fake.mutatingCalls()).toHaveLength(1);
    expect(cloud.fake.service(API).revisionOrder).toEqual(["api-one", "api-two"]);
    expect(c.run.notes).toEqual([]);
  });

  it("ALREADY_EXISTS refused but nothing there when read back: not created, created on the next attempt", async () => {
    cloud.fake.faults.failNextCalls("CreateService", Code.ALREADY_EXISTS, 1);
    const c = create();
    const outcome = expectKind(await c, "applied");
    expect(cloud.fake.callsOf("CreateService").map((call) => [call.applied, call.code])).toEqual([
      [false, Code.ALREADY_EXISTS],
      [true, Code.OK],
    ]);
    expect(c.run.notes).toEqual(["gRPC code 6 on the create; read back: not created"]);
    expect(c.run.sleeps).toEqual([250]);
    expect(gen(outcome.service)).toBe(1);
  });

  it("ALREADY_EXISTS on the first send is a conflict, even when the service holds the same revision name (the deploy read it missing)", async () => {
    expectKind(await create(), "applied");
    const again = create();
    const outcome = expectKind(await again, "conflict");
    expect(cloud.fake.callsOf("CreateService").map((call) => call.code)).toEqual([Code.OK, Code.ALREADY_EXISTS]);
    expect(outcome.service?.template?.revision).toBe("api-first");
    expect(outcome.error).toMatchObject({ code: Code.ALREADY_EXISTS });
  });

  it("rejected: a transient error on every attempt, each confirmed not created", async () => {
    cloud.fake.faults.failNextCalls("CreateService", Code.UNAVAILABLE, 2);
    const c = create({ attempts: 2 });
    const outcome = expectKind(await c, "rejected");
    expect(outcome.error).toMatchObject({ code: Code.UNAVAILABLE });
    expect(cloud.fake.callsOf("CreateService")).toHaveLength(2);
    expect(c.run.sleeps).toEqual([250]);
    expect(cloud.fake.services.has(API)).toBe(false);
  });

  it("rejected: an invalid service id is refused at once, without reading back", async () => {
    const outcome = expectKind(await create({ serviceId: "Bad_Id" }), "rejected");
    expect(outcome.error).toMatchObject({ code: Code.INVALID_ARGUMENT });
    expect(cloud.fake.callsOf("GetService")).toHaveLength(0);
    expect(cloud.fake.callsOf("CreateService")).toHaveLength(1);
  });

  it("unknown: the reply is lost and reading back fails non-transiently", async () => {
    cloud.fake.faults.loseNextReply("CreateService", Code.UNAVAILABLE);
    cloud.fake.faults.failNextCalls("GetService", Code.PERMISSION_DENIED, 1);
    const outcome = expectKind(await create(), "unknown");
    expect(outcome.error.message).toMatch(/; reading back whether the service was created also failed: .*PERMISSION_DENIED/);
    expect(cloud.fake.callsOf("CreateService")).toHaveLength(1);
  });
});

describe("GoogleCloudRunGateway calls the writes rely on", () => {
  it("testIamPermissions answers the subset held (denied ones left out, order kept)", async () => {
    await seeded();
    cloud.fake.faults.deniedPermissions.add("run.services.setIamPolicy");
    const asked = ["run.services.get", "run.services.setIamPolicy", "run.services.update", "run.revisions.delete"];
    expect(await cloud.gateway.testIamPermissions(API, asked)).toEqual(["run.services.get", "run.services.update", "run.revisions.delete"]);
  });

  it("testIamPermissions answers [] when nothing is held, and retries a transient error", async () => {
    await seeded();
    cloud.fake.faults.deniedPermissions.add("run.services.get");
    cloud.fake.faults.failNextCalls("TestIamPermissions", Code.UNAVAILABLE, 1);
    expect(await cloud.gateway.testIamPermissions(API, ["run.services.get"])).toEqual([]);
    expect(cloud.fake.callsOf("TestIamPermissions").map((c) => c.code)).toEqual([Code.UNAVAILABLE, Code.OK]);
  });

  it("testIamPermissions on a missing service is NOT_FOUND", async () => {
    await expect(cloud.gateway.testIamPermissions(API, ["run.services.get"])).rejects.toMatchObject({ code: Code.NOT_FOUND });
  });

  it("waitServiceOperation returns the result in the plain shape of reads (enum names, int64 strings)", async () => {
    const base = await seeded();
    const operation = await cloud.gateway.startUpdateService({ ...pinnedTo(base, "api-one"), etag: base.etag });
    expect(operation).toMatch(/^projects\/test-project\/locations\/us-central1\/operations\//);
    const result = await cloud.gateway.waitServiceOperation(operation, { pollIntervalMs: 5 });
    const read = (await cloud.gateway.getService(API))!;
    expect(result.traffic).toEqual([{ type: REVISION, revision: "api-one", percent: 100, tag: "" }]);
    expect(result.trafficStatuses?.[0]?.type).toBe(REVISION);
    expect(typeof result.ingress).toBe("string");
    expect(result.ingress).toBe(read.ingress);
    expect(result.terminalCondition?.state).toBe("CONDITION_SUCCEEDED");
    expect(result.generation).toBe(String(gen(base) + 1));
    expect({ traffic: result.traffic, trafficStatuses: result.trafficStatuses, generation: result.generation, etag: result.etag, reconciling: result.reconciling }).toEqual({
      traffic: read.traffic,
      trafficStatuses: read.trafficStatuses,
      generation: read.generation,
      etag: read.etag,
      reconciling: false,
    });
  });

  it("waitServiceOperation on a create operation returns the created service", async () => {
    const operation = await cloud.gateway.startCreateService(PARENT, "api", firstService());
    const result = await cloud.gateway.waitServiceOperation(operation, { pollIntervalMs: 5 });
    expect(result.name).toBe(API);
    expect(result.generation).toBe("1");
    expect(result.trafficStatuses?.[0]).toMatchObject({ type: LATEST, percent: 100 });
    expect(result.latestReadyRevision).toBe(`${API}/revisions/api-first`);
  });

  it("waitServiceOperation rejects with OperationFailedError for a failed operation, and times out on a slow one", async () => {
    const base = await seeded();
    cloud.fake.faults.nextRevisionNeverReady("api");
    const failing = await cloud.gateway.startUpdateService({ ...withRevision(base, "api-v3"), etag: base.etag });
    const err = await cloud.gateway.waitServiceOperation(failing, { pollIntervalMs: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationFailedError);
    expect(err).toMatchObject({ code: Code.FAILED_PRECONDITION, method: "Operation" });

    const live = (await cloud.gateway.getService(API))!;
    cloud.fake.faults.setReadinessDelay({ service: "api" }, 3000);
    const slow = await cloud.gateway.startUpdateService({ ...withRevision(live, "api-v4", 8), etag: live.etag });
    const timedOut = await cloud.gateway.waitServiceOperation(slow, { pollIntervalMs: 5, timeoutMs: 100 }).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(OperationTimeoutError);
    expect((timedOut as OperationTimeoutError).operation).toBe(slow);
  });
});
