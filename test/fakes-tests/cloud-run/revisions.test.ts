import { describe, expect, it } from "vitest";
import { status } from "@grpc/grpc-js";
import { serviceName } from "./clients.js";
import { rejection, useFakeCloudRun } from "./lifecycle.js";

const REVISION = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION" as const;
const revisionName = (id: string) => `${serviceName("api")}/revisions/${id}`;

describe("fake Cloud Run: revisions", () => {
  const h = useFakeCloudRun();

  function seed() {
    return h.fake.seedService({
      id: "api",
      revisions: [
        { name: "api-one", image: "img:1", template: { labels: { commit: "aaa" } } },
        { name: "api-two", image: "img:2" },
        { name: "api-three", image: "img:3" },
      ],
      traffic: [{ type: REVISION, revision: "api-two", percent: 100 }],
    });
  }

  it("gets a revision with its image, labels from the template and a Ready condition", async () => {
    seed();
    const [revision] = await h.run.revisions.getRevision({ name: revisionName("api-one") });
    expect(revision.containers?.[0]?.image).toBe("img:1");
    expect(revision.labels).toEqual({ commit: "aaa" });
    expect(revision.service).toBe(serviceName("api"));
    expect(revision.conditions?.find((c) => c.type === "Ready")?.state).toBe("CONDITION_SUCCEEDED");
    expect(revision.createTime?.seconds).toBeTruthy();
  });

  it("lists revisions newest first", async () => {
    seed();
    const [revisions] = await h.run.revisions.listRevisions({ parent: serviceName("api") });
    expect(revisions.map((r) => r.name?.split("/").at(-1))).toEqual(["api-three", "api-two", "api-one"]);
  });

  it("answers an unknown revision with NOT_FOUND", async () => {
    seed();
    expect((await rejection(h.run.revisions.getRevision({ name: revisionName("api-nine") }))).code).toBe(status.NOT_FOUND);
  });

  it("deletes a revision that serves no traffic", async () => {
    seed();
    const [op] = await h.run.revisions.deleteRevision({ name: revisionName("api-one") });
    await op.promise();
    expect((await rejection(h.run.revisions.getRevision({ name: revisionName("api-one") }))).code).toBe(status.NOT_FOUND);
  });

  it("refuses to delete a revision that serves traffic or is the latest one", async () => {
    seed();
    expect((await rejection(h.run.revisions.deleteRevision({ name: revisionName("api-two") }))).code).toBe(status.FAILED_PRECONDITION);
    expect((await rejection(h.run.revisions.deleteRevision({ name: revisionName("api-three") }))).code).toBe(status.FAILED_PRECONDITION);
  });
});
