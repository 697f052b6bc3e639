import { describe, expect, it } from "vitest";
import { status } from "@grpc/grpc-js";
import { serviceName } from "./clients.js";
import { rejection, useFakeCloudRun } from "./lifecycle.js";

const PUBLIC = { role: "roles/run.invoker", members: ["allUsers"] };

describe("fake Cloud Run: IAM on services", () => {
  const h = useFakeCloudRun();
  const resource = serviceName("api");

  function seed() {
    h.fake.seedService({ id: "api", revisions: [{ image: "img:1" }] });
  }

  it("starts new services with an empty policy that carries an etag", async () => {
    seed();
    const [policy] = await h.run.services.getIamPolicy({ resource });
    expect(policy.bindings).toEqual([]);
    expect(Buffer.from(policy.etag as Uint8Array).length).toBeGreaterThan(0);
  });

  it("makes a service public with allUsers -> roles/run.invoker and reads it back", async () => {
    seed();
    const [current] = await h.run.services.getIamPolicy({ resource });
    const [set] = await h.run.services.setIamPolicy({ resource, policy: { ...current, bindings: [PUBLIC] } });
    expect(set.bindings).toEqual([expect.objectContaining(PUBLIC)]);
    const [read] = await h.run.services.getIamPolicy({ resource });
    expect(read.bindings).toEqual([expect.objectContaining(PUBLIC)]);
    expect(Buffer.from(read.etag as Uint8Array).equals(Buffer.from(current.etag as Uint8Array))).toBe(false);
    const probe = await fetch(`${h.fake.service(resource).resource.uri}/`);
    expect(probe.status).toBe(200);
  });

  it("rejects a policy whose etag is stale with ABORTED", async () => {
    seed();
    const [current] = await h.run.services.getIamPolicy({ resource });
    await h.run.services.setIamPolicy({ resource, policy: { ...current, bindings: [PUBLIC] } });
    const err = await rejection(h.run.services.setIamPolicy({ resource, policy: { ...current, bindings: [] } }));
    expect(err.code).toBe(status.ABORTED);
  });

  it("rejects malformed members with INVALID_ARGUMENT", async () => {
    seed();
    const err = await rejection(
      h.run.services.setIamPolicy({ resource, policy: { bindings: [{ role: "roles/run.invoker", members: ["someone@example.com"] }] } }),
    );
    expect(err.code).toBe(status.INVALID_ARGUMENT);
  });

  it("rejects public access when an organization policy blocks it", async () => {
    seed();
    h.fake.faults.publicAccessBlocked = true;
    const err = await rejection(h.run.services.setIamPolicy({ resource, policy: { bindings: [PUBLIC] } }));
    expect(err.code).toBe(status.FAILED_PRECONDITION);
  });

  it("answers IAM calls on unknown services with NOT_FOUND", async () => {
    const err = await rejection(h.run.services.getIamPolicy({ resource }));
    expect(err.code).toBe(status.NOT_FOUND);
  });

  it("reports only the permissions the caller holds", async () => {
    seed();
    h.fake.faults.deniedPermissions.add("run.services.setIamPolicy");
    const [result] = await h.run.services.testIamPermissions({
      resource,
      permissions: ["run.services.get", "run.services.setIamPolicy"],
    });
    expect(result.permissions).toEqual(["run.services.get"]);
  });

  it("rejects setIamPolicy with PERMISSION_DENIED when run.services.setIamPolicy is denied, and keeps the policy", async () => {
    seed();
    h.fake.faults.deniedPermissions.add("run.services.setIamPolicy");
    const err = await rejection(h.run.services.setIamPolicy({ resource, policy: { bindings: [PUBLIC] } }));
    expect(err.code).toBe(status.PERMISSION_DENIED);
    expect(err.details).toBe(`Permission 'run.services.setIamPolicy' denied on resource '${resource}' (or it may not exist).`);
    expect(h.fake.callsOf("SetIamPolicy").map((c) => c.applied)).toEqual([false]);
    const [policy] = await h.run.services.getIamPolicy({ resource });
    expect(policy.bindings).toEqual([]);
  });

  it("rejects getService with PERMISSION_DENIED when run.services.get is denied", async () => {
    seed();
    h.fake.faults.deniedPermissions.add("run.services.get");
    const err = await rejection(h.run.services.getService({ name: resource }));
    expect(err.code).toBe(status.PERMISSION_DENIED);
    expect(err.details).toContain("'run.services.get'");
  });

  it("does not report a made-up permission as granted: run.services.fly is INVALID_ARGUMENT", async () => {
    seed();
    const err = await rejection(h.run.services.testIamPermissions({ resource, permissions: ["run.services.get", "run.services.fly"] }));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toContain("Permission 'run.services.fly' is not valid for this resource");
  });

  it("rejects a permission of another resource type (run.jobs.run on a service) and wildcards", async () => {
    seed();
    expect((await rejection(h.run.services.testIamPermissions({ resource, permissions: ["run.jobs.run"] }))).code).toBe(status.INVALID_ARGUMENT);
    expect((await rejection(h.run.services.testIamPermissions({ resource, permissions: ["run.services.*"] }))).code).toBe(status.INVALID_ARGUMENT);
  });

  it("answers the documented service permissions, revisions' included", async () => {
    seed();
    const asked = ["run.services.update", "run.services.getIamPolicy", "run.revisions.delete", "run.routes.invoke"];
    const [result] = await h.run.services.testIamPermissions({ resource, permissions: asked });
    expect(result.permissions).toEqual(asked);
  });

  it("keeps the policy across redeploys", async () => {
    seed();
    await h.run.services.setIamPolicy({ resource, policy: { bindings: [PUBLIC] } });
    const [service] = await h.run.services.getService({ name: resource });
    const [op] = await h.run.services.updateService({ service: { ...service, template: { containers: [{ image: "img:2" }] } } });
    await op.promise();
    const [policy] = await h.run.services.getIamPolicy({ resource });
    expect(policy.bindings).toEqual([expect.objectContaining(PUBLIC)]);
  });
});
