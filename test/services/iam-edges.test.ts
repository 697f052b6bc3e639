/**
 * Public vs private when the policy has public members under other roles than the invoker, or
 * bindings without members (issue 12, mutation testing): only roles/run.invoker decides, and
 * only its members change.
 */
import { describe, expect, it } from "vitest";
import { isPublic, policyFor } from "../../ci/src/services/iam.js";

const INVOKER = "roles/run.invoker";
const VIEWER = "roles/run.viewer";

describe("isPublic", () => {
  it("is false when allUsers holds another role than the invoker", () => {
    expect(isPublic({ bindings: [{ role: VIEWER, members: ["allUsers"] }] })).toBe(false);
  });
});

describe("policyFor", () => {
  it("makes public a service whose allUsers only holds another role, in a new invoker binding", () => {
    expect(policyFor({ bindings: [{ role: VIEWER, members: ["allUsers"] }] }, true)).toEqual({
      bindings: [
        { role: VIEWER, members: ["allUsers"] },
        { role: INVOKER, members: ["allUsers"] },
      ],
    });
  });

  it("adds allUsers to the invoker binding, not to a binding of another role listed before it", () => {
    const policy = {
      bindings: [
        { role: VIEWER, members: ["group:devs@example.com"] },
        { role: INVOKER, members: ["user:dev@example.com"] },
      ],
    };
    expect(policyFor(policy, true)).toEqual({
      bindings: [
        { role: VIEWER, members: ["group:devs@example.com"] },
        { role: INVOKER, members: ["user:dev@example.com", "allUsers"] },
      ],
    });
  });

  it("adds an invoker binding to a policy without bindings", () => {
    expect(policyFor({ etag: "BwX" }, true)).toEqual({ etag: "BwX", bindings: [{ role: INVOKER, members: ["allUsers"] }] });
  });

  it("drops a binding that has no members from the policy it writes", () => {
    expect(policyFor({ bindings: [{ role: VIEWER }] }, true)).toEqual({ bindings: [{ role: INVOKER, members: ["allUsers"] }] });
  });

  it("changes nothing for a private service whose public members hold other roles only", () => {
    expect(policyFor({ bindings: [{ role: VIEWER, members: ["allUsers", "allAuthenticatedUsers"] }] }, false)).toBeUndefined();
  });

  it("removes public members from the invoker binding only, keeping them under other roles", () => {
    const policy = {
      bindings: [
        { role: VIEWER, members: ["allAuthenticatedUsers"] },
        { role: INVOKER, members: ["allUsers", "user:dev@example.com"] },
      ],
    };
    expect(policyFor(policy, false)).toEqual({
      bindings: [
        { role: VIEWER, members: ["allAuthenticatedUsers"] },
        { role: INVOKER, members: ["user:dev@example.com"] },
      ],
    });
  });
});
