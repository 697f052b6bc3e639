// What every API handler of the fake shares.
import type { FaultPlan } from "./faults.js";
import type { OperationStore } from "./operations.js";
import type { FakeState } from "./state.js";

export interface FakeContext {
  state: FakeState;
  faults: FaultPlan;
  operations: OperationStore;
  /** Base URL of the probe server, e.g. `http://127.0.0.1:41234`. */
  probeBase: string;
  /** Runs `fn` after `ms`; pending timers are cancelled when the fake closes. */
  later(ms: number, fn: () => void): void;
}
