/**
 * Public vs private as the IAM policy.
 */
import { describe, expect, it } from "vitest";
import { policyFor } from "../../ci/src/services/iam.js";

const INVOKER = "roles/run.invoker";

describe("policyFor", () => {
  it("adds allUsers as invoker to make a service public", () => {
    expect(policyFor({ bindings: [] }, true)).toEqual({ bindings: [{ role: INVOKER, members: ["allUsers"] }] });
  });

  it("adds allUsers to an existing invoker binding and keeps its members", () => {
    expect(policyFor({ bindings: [{ role: INVOKER, members: ["serviceAccount:a@p.iam.gserviceaccount.com"] }] }, true)).toEqual({
      bindings: [{ role: INVOKER, members: ["serviceAccount:a@p.iam.gserviceaccount.com", "allUsers"] }],
    });
  });

  it("changes nothing when the service is already public", () => {
    expect(policyFor({ bindings: [{ role: INVOKER, members: ["allUsers"] }] }, true)).toBeUndefined();
  });

  it("removes allUsers and allAuthenticatedUsers to make a service private, keeping other bindings", () => {
    const policy = {
      etag: "BwX",
      bindings: [
        { role: INVOKER, members: ["allUsers", "allAuthenticatedUsers", "user:dev@example.com"] },
        { role: "roles/run.developer", members: ["group:devs@example.com"] },
      ],
    };
    expect(policyFor(policy, false)).toEqual({
      etag: "BwX",
      bindings: [
        { role: INVOKER, members: ["user:dev@example.com"] },
        { role: "roles/run.developer", members: ["group:devs@example.com"] },
      ],
    });
  });

  it("drops an invoker binding left empty", () => {
    expect(policyFor({ bindings: [{ role: INVOKER, members: ["allUsers"] }] }, false)).toEqual({ bindings: [] });
  });

  it("changes nothing when a private service has no public members", () => {
    expect(policyFor({ bindings: [{ role: INVOKER, members: ["user:dev@example.com"] }] }, false)).toBeUndefined();
  });
});
