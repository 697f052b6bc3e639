/**
 * Randomized release safety: 200 seeded deploys against the Cloud Run fake, 30% of them with
 * injected faults of every kind (errors on any call, lost replies, failed operations and polls,
 * revisions that never become ready, failing or hanging health checks, a second writer at any
 * call). After each: exactly the before-state, 100% the new revision, or exactly what the other
 * writer wrote, and the report says which (support/outcomes.ts). A second suite writes as another
 * client at every call index of a clean deploy in turn. Seeds are reproducible: the fake's and the
 * gateway's randomness come from the seed (no Math.random in retry jitter).
 */
import { describe, expect, it } from "vitest";
import { deployService } from "../../ci/src/services/deploy-service.js";
import { Code, fakeIdToken } from "../fakes/cloud-run/index.js";
import { seededRandom as prng } from "../support/prng.js";
import { type FakeCloud, FAST_RETRY, serviceName, startFakeCloud } from "./support/fake-cloud.js";
import { LATEST, REVISION, revisions } from "./support/harness.js";
import { expectHonestOutcome, type Outcome, type Serving, servingShares } from "./support/outcomes.js";
import { deployOptions, render, serviceSpec } from "./support/specs.js";

const SEEDS = 200;
const FAULT_RATE = 0.3;
const api = serviceSpec("api");
const API = serviceName("api");
const NEW_IMAGE = render(api, 2).image;


const pick = <T>(rng: () => number, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

const BEFORE_STATES = [
  [{ type: LATEST, percent: 100 }],
  [{ type: REVISION, revision: "api-blue", percent: 100 }],
  [
    { type: REVISION, revision: "api-blue", percent: 70, tag: "stable" },
    { type: REVISION, revision: "api-green", percent: 30 },
  ],
  [
    { type: REVISION, revision: "api-green", percent: 100 },
    { type: REVISION, revision: "api-blue", percent: 0, tag: "preview" },
  ],
];

const CALL_CODES = [Code.UNAVAILABLE, Code.DEADLINE_EXCEEDED, Code.RESOURCE_EXHAUSTED, Code.INTERNAL, Code.ABORTED] as const;
const READ_METHODS = ["GetService", "GetIamPolicy", "TestIamPermissions", "GetOperation"] as const;

interface Plan {
  describe: string[];
  install(cloud: FakeCloud, other: { pin: () => void }): void;
}

/** Faults to inject: none for 70% of seeds, else one or two of every kind, at a random call. */
function planFaults(rng: () => number): Plan {
  const describe: string[] = [];
  const installers: Array<(cloud: FakeCloud, other: { pin: () => void }) => void> = [];
  if (rng() < FAULT_RATE) {
    const count = 1 + Math.floor(rng() * 2);
    for (let i = 0; i < count; i++) {
      const kind = pick(rng, ["call-error", "lost-reply", "operation-fails", "never-ready", "probe-fails", "probe-hangs", "other-writer"] as const);
      const method = pick(rng, [...READ_METHODS, "UpdateService", "UpdateService"] as const);
      const ordinal = Math.floor(rng() * 3);
      const code = pick(rng, CALL_CODES);
      const lostCode = pick(rng, [Code.UNAVAILABLE, Code.DEADLINE_EXCEEDED] as const);
      const times = 1 + Math.floor(rng() * 3);
      const atCall = Math.floor(rng() * 14);
      describe.push(`${kind} ${method}#${ordinal} code=${code} x${times} @${atCall}`);
      installers.push((cloud, other) => {
        const { fake } = cloud;
        const seen = new Map<string, number>();
        const atMethod = (fn: () => void) =>
          fake.onCall(({ method: m }) => {
            const n = seen.get(m) ?? 0;
            seen.set(m, n + 1);
            if (m === method && n === ordinal) fn();
          });
        switch (kind) {
          case "call-error":
            atMethod(() => fake.faults.failNextCalls(method, code, times));
            break;
          case "lost-reply":
            atMethod(() => fake.faults.loseNextReply(method === "UpdateService" ? method : "GetOperation", lostCode));
            break;
          case "operation-fails":
            fake.faults.failNextOperation("UpdateService", Code.INTERNAL);
            break;
          case "never-ready":
            fake.faults.nextRevisionNeverReady("api");
            break;
          case "probe-fails":
            fake.faults.probe({ image: NEW_IMAGE }, { status: pick(rng, [500, 503, 404]) });
            break;
          case "probe-hangs":
            fake.faults.probe({ image: NEW_IMAGE }, { hang: true });
            break;
          case "other-writer":
            fake.onCall(({ index }) => {
              if (index === atCall) other.pin();
            });
            break;
        }
      });
    }
  }
  return { describe, install: (cloud, other) => installers.forEach((f) => f(cloud, other)) };
}

/** Runs one deploy with `install` faults and a second writer that pins 100% to api-blue (tags kept). */
async function deployWith(rng: () => number, before: (typeof BEFORE_STATES)[number], install: Plan["install"]): Promise<{ outcome: Outcome; cloud: FakeCloud }> {
  const cloud = await startFakeCloud({ readinessDelayMs: 1, probeAuth: "id-token" }, { ...FAST_RETRY, random: rng });
  const { fake } = cloud;
  fake.seedService({ id: "api", public: true, revisions: revisions("api"), traffic: before.map((t) => ({ ...t })) });
  const beforeServing = servingShares(fake, "api");
  fake.clearRecords();
  let otherAt: number | undefined;
  let other: Serving | undefined;
  const pin = () => {
    if (otherAt !== undefined) return;
    otherAt = fake.calls.length - 1; // the call being handled is already recorded
    fake.writeAsOtherClient(API, (s) => ({
      traffic: [{ type: REVISION, revision: "api-blue", percent: 100 }, ...(s.traffic ?? []).filter((t) => t.tag).map((t) => ({ ...t, percent: 0 }))],
    }));
    other = [{ revision: "api-blue", percent: 100 }];
  };
  install(cloud, { pin });
  let report;
  let thrown: unknown;
  try {
    report = await deployService(cloud.gateway, render(api, 2, "bbb2222"), deployOptions({
      commit: "bbb2222",
      idToken: async (aud) => fakeIdToken(aud),
      healthTimeoutMs: 400,
      minProbeMs: 150,
      probeIntervalMs: 20,
      pollIntervalMs: 5,
    }));
  } catch (err) {
    thrown = err;
  }
  await fake.settle();
  const mutating = fake.mutatingCalls();
  const lastOurs = mutating.length ? fake.calls.lastIndexOf(mutating[mutating.length - 1]!) : -1;
  // Written before the deploy's first read, the other writer's state is simply what the deploy starts from.
  const otherFirst = otherAt === 0;
  const outcome: Outcome = {
    report,
    thrown,
    before: otherFirst && other ? other : beforeServing,
    other: otherFirst ? undefined : other,
    otherWroteLast: otherAt !== undefined && otherAt > lastOurs,
    mutatingCalls: mutating.length,
  };
  return { outcome, cloud };
}

describe("randomized release safety (200 seeded deploys, 30% with faults)", () => {
  const seen = new Map<string, number>();
  it.each(Array.from({ length: SEEDS }, (_, i) => i))("seed %i ends in a state its report names", async (seed) => {
    const rng = prng(seed + 1);
    const before = pick(rng, BEFORE_STATES);
    const plan = planFaults(rng);
    const { outcome, cloud } = await deployWith(rng, before, plan.install);
    try {
      const label = expectHonestOutcome(cloud.fake, "api", outcome);
      seen.set(label, (seen.get(label) ?? 0) + 1);
    } catch (err) {
      (err as Error).message = `seed ${seed} [${plan.describe.join("; ") || "no faults"}] report: ${JSON.stringify(outcome.report ?? String(outcome.thrown))}\n${(err as Error).message}`;
      throw err;
    } finally {
      await cloud.close();
    }
  });

  it("the seeds covered every outcome", () => {
    // A suite whose faults never bite proves nothing: each outcome must have happened.
    for (const label of ["deployed", "rolled-back", "aborted", "failed"]) expect(seen.get(label) ?? 0, `${label} in ${JSON.stringify([...seen])}`).toBeGreaterThan(0);
  });
});

describe("a second writer at every call of a clean deploy", () => {
  it("whichever call the other writer precedes, their change is kept or released on top of, never overwritten", async () => {
    const clean = await deployWith(prng(7), BEFORE_STATES[2]!, () => undefined);
    const callCount = clean.cloud.fake.calls.length;
    expect(clean.outcome.report?.status).toBe("deployed");
    await clean.cloud.close();
    const labels: string[] = [];
    for (let k = 0; k <= callCount; k++) {
      const run = await deployWith(prng(k), BEFORE_STATES[2]!, (cloud, other) => {
        cloud.fake.onCall(({ index }) => {
          if (index === k) other.pin();
        });
      });
      try {
        labels.push(`${k}:${expectHonestOutcome(run.cloud.fake, "api", run.outcome)}`);
      } catch (err) {
        (err as Error).message = `other writer before call ${k}: ${JSON.stringify(run.outcome.report ?? String(run.outcome.thrown))}\n${(err as Error).message}`;
        throw err;
      } finally {
        await run.cloud.close();
      }
    }
    expect(labels.some((l) => l.endsWith(":aborted"))).toBe(true);
    expect(labels[0]).toBe("0:deployed");
  });
});
