// Condition helpers (google.cloud.run.v2.Condition).
import type { ICondition } from "./state.js";
import { timestamp } from "./state.js";

export type ConditionState = "CONDITION_PENDING" | "CONDITION_RECONCILING" | "CONDITION_FAILED" | "CONDITION_SUCCEEDED";

export interface ConditionExtras {
  message?: string;
  reason?: string;
  revisionReason?: string;
  executionReason?: string;
}

export function condition(type: string, state: ConditionState, extras: ConditionExtras = {}): ICondition {
  const c: ICondition = {
    type,
    state,
    lastTransitionTime: timestamp(),
    severity: state === "CONDITION_FAILED" ? "ERROR" : "INFO",
  };
  if (extras.message) c.message = extras.message;
  if (extras.reason) c.reason = extras.reason as ICondition["reason"];
  if (extras.revisionReason) c.revisionReason = extras.revisionReason as ICondition["revisionReason"];
  if (extras.executionReason) c.executionReason = extras.executionReason as ICondition["executionReason"];
  return c;
}

export function conditionState(c: ICondition | null | undefined): string | undefined {
  return c?.state === undefined || c.state === null ? undefined : String(c.state);
}
